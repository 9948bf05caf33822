"""People in Thai reports: title, given name, surname and the position that follows.

A person is a title (นาย, นาง, นางสาว, ดร., ศ.ดร., รศ.ดร., ผศ.ดร., military and police ranks
with or without inner dots such as น.ต./นต., ...), a given name, one space and a surname.
Thai writes titles glued to the name and often glues the next person onto the previous
position (``...ภาคตะวันออกเฉียงเหนือนายทองใบ สิงสีทา``), so titles are found anywhere, and
then checked: ``นายก…`` (mayor, prime minister, president of ...) and ``นายอำเภอ`` are
positions, ``นายจ้าง``/``นางพยาบาล`` are nouns, and a "name" holding a function word (และ,
ของ, ...) is not a name. The position is the phrase after the surname that begins with a
position word (ผู้อำนวยการ, ผอ., หัวหน้า, รักษาการ..., ประธาน, เจ้าหน้าที่, ...); its
organisation is resolved by the organisation module. A byline (``ชื่อ สกุล หน่วยงาน รายงาน``)
names the reporter, without a title.

Only what identifies a public role holder is kept: name, title and role (Thailand's PDPA).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from partnernet.extract.sentences import THAI, Doc, add_dictionary_words, words

# ---------------------------------------------------------------------------- titles

_RANKS: Final = (
    "พล.อ.", "พล.ท.", "พล.ต.", "พ.อ.", "พ.ท.", "พ.ต.", "ร.อ.", "ร.ท.", "ร.ต.",
    "จ.ส.อ.", "จ.ส.ท.", "จ.ส.ต.", "ส.อ.", "ส.ท.", "ส.ต.",
    "พล.ร.อ.", "พล.ร.ท.", "พล.ร.ต.", "น.อ.", "น.ท.", "น.ต.", "พ.จ.อ.", "พ.จ.ท.", "พ.จ.ต.",
    "จ.อ.", "จ.ท.", "จ.ต.",
    "พล.อ.อ.", "พล.อ.ท.", "พล.อ.ต.", "พ.อ.อ.", "พ.อ.ท.", "พ.อ.ต.",
    "พล.ต.อ.", "พล.ต.ท.", "พล.ต.ต.", "พ.ต.อ.", "พ.ต.ท.", "พ.ต.ต.",
    "ร.ต.อ.", "ร.ต.ท.", "ร.ต.ต.", "ด.ต.", "ส.ต.อ.", "ส.ต.ท.", "ส.ต.ต.",
)  # fmt: skip
_DOTTED: Final = (
    "ศ.", "รศ.", "ผศ.", "ดร.", "นพ.", "พญ.", "ทพ.", "ทพญ.", "ภก.", "ภญ.", "สพ.ญ.",
    "น.ส.", "ม.ร.ว.", "ม.ล.", "ม.จ.", "ว่าที่ร.ต.",
)  # fmt: skip
_WORD_TITLES: Final = (
    "นางสาว", "นาง", "นาย", "นายแพทย์", "แพทย์หญิง", "ทันตแพทย์", "เภสัชกร",
    "ศาสตราจารย์", "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์", "ว่าที่ร้อยตรี", "ว่าที่ร้อยโท",
    "คุณ", "อาจารย์", "พันเอก", "พันโท", "พันตรี", "พลเอก", "พลตำรวจเอก",
)  # fmt: skip
_GENDERED: Final = {"นาย": "m", "นาง": "f", "นางสาว": "f", "น.ส.": "f"}


def _undotted(rank: str) -> str:
    """``น.ต.`` -> ``นต.``: ranks are also written without their inner dots."""
    return rank.replace(".", "") + "." if rank.count(".") > 1 else rank


_ATOMS: Final = sorted(
    {*_RANKS, *(_undotted(r) for r in _RANKS), *_DOTTED, *_WORD_TITLES},
    key=lambda t: (-len(t), t),
)
_ATOM: Final = "(?:" + "|".join(re.escape(t) for t in _ATOMS) + ")"
_NAME: Final = f"[{THAI}]" + "{2,30}"
_PERSON: Final = re.compile(
    rf"(?P<title>(?:ว่าที่\s?)?(?:{_ATOM}\s?){{0,3}}{_ATOM})\s?"
    rf"(?P<given>{_NAME})\s(?P<surname>(?:ณ\s)?{_NAME})(?![{THAI}.])"
)
_LOOSE_START: Final = re.compile(rf"(?:{_ATOM})")  # a title glued to the previous word

# "นายก…" and "นายอำเภอ" are positions; "นายจ้าง", "นางพยาบาล" ... are nouns.
_NOT_AFTER_NAI: Final = re.compile(
    r"^(?:ก(?:รัฐมนตรี|เทศมนตรี|องค์การ|อบ[ตจ]|\s|ฯ|สมาคม|สภา|สโมสร|ชมรม|เมือง|ตำบล|$)|"
    r"อำเภอ|ทุน|จ้าง|หน้า|ช่าง|ทหาร|ตำรวจ|สถานี|ทะเบียน|ประกัน|ด่าน|ท้าย|ห้าง|ร้อย|สิบ|"
    r"พล|กอง|เวร|ประตู|งาน|ทัพ|พราน|ตรวจ|อากร|ท่า|ด่าน|ตลาด|บ่อน|หัว)"
)
_NOT_AFTER_NANG: Final = re.compile(
    r"^(?:รอง|พยาบาล|งาม|ฟ้า|แบบ|รำ|เอก|ใน|ข้าหลวง|สนม|กำนัล|ละคร|เงือก|พญา|ไม้|ร้าย|แมว|กวัก)"
)
_PLACE_WORD: Final = re.compile(r"^(?:จังหวัด|อำเภอ|ตำบล|จ\.|อ\.|ต\.)")

# ---------------------------------------------------------------------------- positions

# head -> English; longest match wins. Modifiers (รักษาการ, รอง, ...) may precede a head.
POSITIONS: Final[dict[str, str]] = {
    "ผู้อำนวยการ": "Director", "ผอ.": "Director", "ผู้ว่าราชการจังหวัด": "Provincial Governor",
    "ผู้ว่าฯ": "Governor", "ผวจ.": "Provincial Governor", "นายกรัฐมนตรี": "Prime Minister",
    "นายกเทศมนตรี": "Mayor", "นายกองค์การบริหารส่วนตำบล": "Chief Executive of the SAO",
    "นายกองค์การบริหารส่วนจังหวัด": "Chief Executive of the PAO", "นายก": "President",
    "นายอำเภอ": "District Chief", "ปลัด": "Permanent Secretary", "รัฐมนตรี": "Minister",
    "อธิบดี": "Director-General", "อธิการบดี": "Rector", "คณบดี": "Dean", "หัวหน้า": "Head",
    "ประธาน": "Chair", "เลขาธิการ": "Secretary-General", "เลขานุการ": "Secretary",
    "ผู้จัดการ": "Manager", "กรรมการ": "Board member", "ผู้ประสานงาน": "Coordinator",
    "ผู้แทน": "Representative", "ตัวแทน": "Representative", "ผู้นำ": "Leader",
    "ผู้ใหญ่บ้าน": "Village Headman", "ผญบ.": "Village Headman", "กำนัน": "Subdistrict Headman",
    "พัฒนาการจังหวัด": "Provincial Community Development Officer",
    "พัฒนาการอำเภอ": "District Community Development Officer", "เจ้าหน้าที่": "Officer",
    "นักวิชาการ": "Scholar", "นักวิจัย": "Researcher", "นักพัฒนา": "Development worker",
    "อาจารย์": "Lecturer", "ผู้บริหาร": "Executive", "ผู้ตรวจราชการ": "Inspector-General",
    "สมาชิกสภาผู้แทนราษฎร": "Member of Parliament", "ส.ส.": "Member of Parliament",
    "ส.ว.": "Senator", "สมาชิก": "Member", "ผู้เชี่ยวชาญ": "Expert",
    "ผู้ทรงคุณวุฒิ": "Expert", "ผู้ก่อตั้ง": "Founder", "ที่ปรึกษา": "Adviser",
    "ผู้ช่วยผู้อำนวยการ": "Assistant Director", "ผู้ประกาศ": "Announcer",
    "ผู้ประสาน": "Coordinator", "คณะทำงาน": "Working group member",
    "คณะกรรมการ": "Committee member", "เลขาฯ": "Secretary", "รมว.": "Minister",
    "รมต.": "Minister", "รมช.": "Deputy Minister", "รัฐมนตรีว่าการ": "Minister",
    "ปลัดกระทรวง": "Permanent Secretary", "ปลัดจังหวัด": "Provincial Permanent Secretary",
    "ผู้แทนพระองค์": "Royal representative", "ประธานกรรมการ": "Chair of the board",
    "ผช.ผอ.": "Assistant Director", "ผจก.": "Manager",
}  # fmt: skip
# role words that are abbreviations and may be glued to a name in a headline or a quote
# (‘รมต.กอบศักดิ์’, “ผวจ.สมชาย”): the name is a given name only
ROLE_ABBREVIATIONS: Final = (
    "รมว.", "รมต.", "รมช.", "ผวจ.", "ผอ.", "ปลัด", "นายก", "รองนายก", "เลขาฯ", "ประธาน",
    "ผู้ว่าฯ", "อธิบดี", "ส.ส.", "ส.ว.",
)  # fmt: skip
# positions that name their organisation by its area: ผู้ว่าราชการจังหวัดยโสธร is the
# governor of the province, so the governor's office of Yasothon
IMPLIED_ORGS: Final = frozenset({"ผู้ว่าราชการจังหวัด", "ผวจ.", "พัฒนาการจังหวัด", "นายกเทศมนตรี"})
_MODIFIERS: Final = {
    "รักษาการในตำแหน่ง": "Acting", "รักษาการแทน": "Acting", "รักษาการ": "Acting",
    "รอง": "Deputy", "ผู้ช่วย": "Assistant", "อดีต": "Former",
}  # fmt: skip
_HEAD: Final = "|".join(re.escape(h) for h in sorted(POSITIONS, key=lambda h: (-len(h), h)))
_MOD: Final = "|".join(re.escape(m) for m in sorted(_MODIFIERS, key=lambda m: (-len(m), m)))
_POSITION: Final = re.compile(rf"(?P<mods>(?:(?:{_MOD})\s?)*)(?P<head>{_HEAD})")
# words that end a position glued to the next clause ("...ชุมชนกล่าวว่า")
_CLAUSE_WORDS: Final = words(
    "กล่าว ได้ ได้แก่ เป็น ให้ มี ร่วม เข้าร่วม ซึ่ง โดย เพื่อ พร้อม พร้อมด้วย นำ นำโดย เรื่อง บรรยาย "
    "นำเสนอ ชี้แจง รายงาน เปิด ลงนาม จาก ว่า"
)
# whatever may follow a space and still belong to the position (organisation, area, ...)
_POSITION_CONTINUES: Final = re.compile(
    r"(?:[ก-ฮ]{1,6}\.(?:[ก-ฮ]{1,4}\.)*|จังหวัด|จ\.|อำเภอ|ตำบล|ภาค|สำนัก|สถาบัน|มูลนิธิ|"
    r"สมาคม|เครือข่าย|องค์การ|องค์กร|เทศบาล|มหาวิทยาลัย|กระทรวง|กรม|สภา|\()"
)
SPEAKING_VERBS: Final = re.compile(
    r"กล่าว|บรรยาย|ให้ความรู้|นำเสนอ|ชี้แจง|อภิปราย|ปาฐกถา|เสวนา|แลกเปลี่ยน|สรุป|"
    r"ให้ข้อเสนอแนะ|ให้กำลังใจ|เป็นวิทยากร|วิทยากร"
)
# what follows the name of someone who is not a public role holder (Thailand's PDPA)
_PRIVATE: Final = re.compile(r"\s?(?:อายุ\s?\d|ชาวบ้าน|ผู้ป่วย|ผู้ประสบภัย|ผู้เสียหาย|ผู้ต้องหา)")
_CHAIN_GAP: Final = re.compile(r"\s?(?:และ|,|พร้อมด้วย)?\s?")
# "ให้ความรู้เชิงวิชาการจาก ศ.ดร.…": the talk named before its speaker
_SPOKEN_BY: Final = re.compile(
    r"(?:บรรยาย|ให้ความรู้|นำเสนอ|อภิปราย|ปาฐกถา|เสวนา|วิทยากร)\S{0,30}\s?(?:จาก|โดย)\s?$"
)
_TOPIC: Final = re.compile(r"\s?(?:เรื่อง|หัวข้อ|ในหัวข้อ)\s?")
_BYLINE_END: Final = re.compile(r"\s(?:รายงาน|เขียน|เรียบเรียง|ข่าว)$")
_BYLINE_NAME: Final = re.compile(rf"^(?P<given>[{THAI}]{{2,30}})\s(?P<surname>[{THAI}]{{2,30}})")

add_dictionary_words([*_ATOMS, *POSITIONS, *_MODIFIERS])


@dataclass
class PersonMention:
    start: int
    end: int  # end of the surname
    title: str | None
    given: str
    surname: str
    position: tuple[int, int] | None = None  # span of the whole position phrase
    head_end: int | None = None  # where the position word ends
    org_start: int | None = None  # where the organisation the position names may begin
    head: str | None = None  # the position word (ผู้อำนวยการ, ผู้ว่าราชการจังหวัด, ...)
    role_en: str | None = None
    byline: bool = False
    org_id: str | None = None  # filled in when organisations are known
    speaker: bool = False
    private: bool = False  # described as a private person (อายุ 60 ปี, ชาวบ้าน...)
    # how the position was found: "after" the name, "before" it (ผู้ว่าราชการจังหวัด นาย…),
    # "shared" with the next person of a list (นายก นายข คณะทำงาน…), or None
    role_source: str | None = None
    # a later mention by given name only (นายอนุกูล ปลัด…, ‘สมชาย’), or a quoted role
    # abbreviation with a given name (‘รมต.กอบศักดิ์’): "first_name" / "quoted"
    short: str | None = None

    @property
    def name(self) -> str:
        return f"{self.given} {self.surname}".strip()

    @property
    def gender(self) -> str | None:
        return _GENDERED.get(self.title or "")


def _plausible(given: str, surname: str, title: str) -> bool:
    if title.endswith("นาย") and _NOT_AFTER_NAI.match(given):
        return False
    if title.endswith("นาง") and _NOT_AFTER_NANG.match(given):
        return False
    if _POSITION.match(surname) or _POSITION.match(given) or _PLACE_WORD.match(surname):
        return False
    surname_core = surname.removeprefix("ณ ")
    if any(surname_core.startswith(w) for w in _CLAUSE_WORDS if len(w) >= 3):
        return False
    if surname_core.startswith(("ได้", "ให้", "จะ", "ก็", "ยัง", "จึง", "ซึ่ง")):
        return False
    return all(
        w not in given[1:] and w not in surname_core[1:] for w in ("และ", "ของ", "ความ", "การ")
    )


def find_people(doc: Doc) -> list[PersonMention]:
    """Titled people with their position spans, then the byline's reporter."""
    text = doc.text
    out: list[PersonMention] = []
    pos = 0
    while (m := _PERSON.search(text, pos)) is not None:
        title = re.sub(r"\s", "", m.group("title"))
        given, surname = m.group("given"), m.group("surname")
        start = m.start("title")
        if (
            not _plausible(given, surname, title)
            or (start > 0 and text[start - 1] == ".")
            or (title == "คุณ" and start > 0 and not text[start - 1].isspace())
        ):
            pos = start + 1
            continue
        person = PersonMention(start, m.end(), title, given, surname)
        person.private = bool(_PRIVATE.match(text, m.end()))
        _read_position(doc, person)
        out.append(person)
        pos = m.end()
    out += _short_mentions(doc, out)
    out.sort(key=lambda p: p.start)
    _roles_before(doc, out)
    _shared_roles(doc, out)
    byline = _byline(doc, out)
    if byline is not None:
        out.append(byline)
    _mark_speakers(doc, out)
    return out


def _mark_speakers(doc: Doc, people: list[PersonMention]) -> None:
    """Speakers: a speaking verb near the person, or near the end of the list of people the
    person belongs to (``นายก ... และนายข ... กล่าวชี้แจง``), or a talk's topic right after
    the person (``ดร.ค ... เรื่อง ...``)."""
    text = doc.text
    chains: list[list[PersonMention]] = []
    for person in people:
        if person.byline:
            continue
        if chains:
            last = chains[-1][-1]
            gap = text[(last.position or (0, last.end))[1] : person.start]
            if _CHAIN_GAP.fullmatch(gap):
                chains[-1].append(person)
                continue
        chains.append([person])
    starts = sorted(p.start for p in people)

    def after(tail: int) -> str:
        # up to 40 characters, not past the line or the next person
        stop = min([doc.line_end(tail), tail + 40, *(s for s in starts if s >= tail)])
        return text[tail:stop]

    for chain in chains:
        last = chain[-1]
        chain_speaks = bool(SPEAKING_VERBS.search(after(_tail(last))))
        for person in chain:
            lo = max(doc.line_start(person.start), person.start - 60)
            spoken_by = bool(_SPOKEN_BY.search(text[lo : person.start]))
            topic = bool(_TOPIC.match(text, _tail(person)))
            own = bool(SPEAKING_VERBS.search(after(_tail(person))))
            person.speaker = chain_speaks or topic or spoken_by or own


def _tail(person: PersonMention) -> int:
    return max(person.end, person.position[1]) if person.position else person.end


def _starts_person(text: str, pos: int) -> bool:
    m = _PERSON.match(text, pos)
    return m is not None and _plausible(m["given"], m["surname"], re.sub(r"\s", "", m["title"]))


# ---------------------------------------------------------------------------- more patterns

_QUOTES: Final = "‘’“”\"'"
_ROLE_ABBR: Final = "|".join(
    re.escape(a) for a in sorted(ROLE_ABBREVIATIONS, key=len, reverse=True)
)
_QUOTED_ROLE_NAME: Final = re.compile(
    rf"[‘“'\"](?P<role>{_ROLE_ABBR})\s?(?P<given>[{THAI}]{{2,20}})[’”'\"]"
)
_QUOTED_NAME: Final = re.compile(rf"[‘“'\"](?P<given>[{THAI}]{{2,20}})[’”'\"]\s?")


def _short_mentions(doc: Doc, people: Sequence[PersonMention]) -> list[PersonMention]:
    """Later mentions by given name only (``นายอนุกูล ปลัด…``, ``‘อนุกูล’ กล่าวว่า``) of
    someone named in full, and quoted role abbreviations with a given name (``‘รมต.กอบศักดิ์’``,
    a headline's way of naming a minister) -- the only way some people are named."""
    text = doc.text
    taken = [(p.start, _tail(p)) for p in people]
    full = {p.given: p for p in people if p.surname and not p.byline}

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    out: list[PersonMention] = []
    if full:
        givens = "|".join(re.escape(g) for g in sorted(full, key=len, reverse=True))
        later = re.compile(
            rf"(?P<title>{_ATOM})\s?(?P<given>{givens})(?![{THAI}])|"
            rf"[‘“'\"](?P<quoted>{givens})[’”'\"]"
        )
        for m in later.finditer(text):
            given = m["given"] or m["quoted"]
            if not free(m.start(), m.end()):
                continue
            ref = full[given]
            title = re.sub(r"\s", "", m["title"]) if m["title"] else ref.title
            mention = PersonMention(m.start(), m.end(), title, ref.given, ref.surname)
            mention.short = "first_name"
            _read_position(doc, mention)
            out.append(mention)
            taken.append((mention.start, _tail(mention)))
    for m in _QUOTED_ROLE_NAME.finditer(text):
        given = m["given"]
        if not free(m.start(), m.end()) or given in full or _POSITION.match(given):
            continue
        if _PLACE_WORD.match(given) or _NOT_NAME.match(given):
            continue
        mention = PersonMention(m.start("role"), m.end("given"), None, given, "")
        mention.short = "quoted"
        mention.position = (m.start("role"), m.end("role"))
        mention.head_end = mention.org_start = m.end("role")
        mention.head = m["role"]
        mention.role_en = POSITIONS.get(m["role"], POSITIONS.get(m["role"].rstrip("."), None))
        mention.role_source = "before"
        out.append(mention)
    return out


# a word glued to a role abbreviation that is not a name (‘ผอ.ใหม่’, ‘นายกฯ’, ‘ประธานสภา’)
_NOT_NAME: Final = re.compile(
    r"^(?:ใหม่|คน|ฯ|สภา|กรรมการ|ชุมชน|องค์|จังหวัด|อำเภอ|ตำบล|เทศ|อบ|พอช|พม|มท|ร่วม|และ|ของ|ที่)"
)
_ROLE_BEFORE_MAX: Final = 90


def _roles_before(doc: Doc, people: Sequence[PersonMention]) -> None:
    """``ผู้ว่าราชการจังหวัดเลย นายณรงค์ …`` / ``โดยมีผู้ว่าราชการจังหวัด นายวีระ …``: a
    position that ends right before the name is the person's, when no position follows the
    name and the phrase is not the previous person's position."""
    text = doc.text
    prev_tail = 0
    for person in people:
        lo = max(prev_tail, doc.line_start(person.start), person.start - _ROLE_BEFORE_MAX)
        prev_tail = max(prev_tail, _tail(person))
        if person.position is not None or person.byline:
            continue
        window = text[lo : person.start]
        best: re.Match[str] | None = None
        for m in _POSITION.finditer(window):
            if doc.is_boundary(lo + m.start()) or m.start() == 0:
                best = m
        if best is None:
            continue
        start = lo + best.start()
        phrase = text[start : person.start].rstrip()
        if not phrase or len(phrase) > 70 or person.start - (start + len(phrase)) > 1:
            continue
        # the phrase must be one position: no clause word, quote or bracket inside it
        inner = [t.text for t in doc.tokens_from(start) if t.end <= person.start]
        if any(w in _CLAUSE_WORDS or w in _ROLE_BREAKS for w in inner[1:]):
            continue
        if any(c in phrase for c in _QUOTES + "()/"):
            continue
        person.position = (start, start + len(phrase))
        person.head_end = start + best.end() - best.start()
        person.head = best["head"]
        _set_org_start(person, best, start)
        person.role_source = "before"


# words that end a position read backwards (a verb or preposition between it and the name)
_ROLE_BREAKS: Final = words("ใน ที่ กับ แก่ ต่อ ของ ถึง เพื่อ มา ไป ผ่าน ให้การ ต้อนรับ ขอบคุณ")


def _shared_roles(doc: Doc, people: Sequence[PersonMention]) -> None:
    """``นายก สกุลก นายข สกุลข และนายค สกุลค คณะทำงานในระดับภาค``: people listed with
    nothing between them share the position written after the last of them."""
    text = doc.text
    run: list[PersonMention] = []
    for person in people:
        if person.byline or person.short:
            run = []
            continue
        if run and not _CHAIN_GAP.fullmatch(text[_tail(run[-1]) : person.start]):
            run = []
        if person.position is not None and person.role_source != "before":
            for other in run:
                if other.position is None:
                    other.position = person.position
                    other.head_end, other.head = person.head_end, person.head
                    other.org_start, other.role_en = person.org_start, person.role_en
                    other.role_source = "shared"
            run = []
            continue
        if person.position is None:
            run.append(person)
        else:
            run = []


def _set_org_start(person: PersonMention, m: re.Match[str], start: int) -> None:
    head = m["head"]
    head_start = start + m.start("head") - m.start()
    if head.startswith("นายกองค์การ"):
        person.org_start = head_start + 4
    elif head in IMPLIED_ORGS:
        person.org_start = head_start
    else:
        person.org_start = head_start + len(head)
    mods = [_MODIFIERS[x] for x in re.findall(_MOD, m["mods"])] if m["mods"] else []
    person.role_en = " ".join([*mods, POSITIONS[head]])


def _read_position(doc: Doc, person: PersonMention) -> None:
    text = doc.text
    pos = person.end
    if pos < len(text) and text[pos] == " ":
        pos += 1
    m = _POSITION.match(text, pos)
    if m is None or _starts_person(text, pos):  # อาจารย์ before a name is a title
        return
    end = _chunk_end(doc, m.end())
    # more chunks after a space: an organisation, an area, an acronym, a bracket
    while end < len(text) and text[end] == " " and _POSITION_CONTINUES.match(text, end + 1):
        nxt = _chunk_end(doc, end + 1)
        if nxt == end + 1:
            break
        end = nxt
    while True:
        trimmed = re.sub(r"(?:และ|กับ|,)$", "", text[m.start() : end])
        if len(trimmed) == end - m.start():
            break
        end = m.start() + len(trimmed)
    person.position = (m.start(), end)
    person.head_end = m.end()
    # "นายกองค์การบริหารส่วนตำบล…": the organisation is written inside the position word
    head = m.group("head")
    person.head = head
    if head.startswith("นายกองค์การ"):
        person.org_start = m.start("head") + 4
    elif head in IMPLIED_ORGS:
        person.org_start = m.start("head")
    else:
        person.org_start = m.end()
    mods = [_MODIFIERS[x] for x in re.findall(_MOD, m.group("mods"))] if m.group("mods") else []
    person.role_en = " ".join([*mods, POSITIONS[m.group("head")]])


def _chunk_end(doc: Doc, pos: int) -> int:
    """End of the glued chunk from ``pos``: the next space, a title that starts the next
    person, or a clause word that ends the phrase."""
    text = doc.text
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    # a glued next person ("...เฉียงเหนือนายทองใบ")
    for t in _LOOSE_START.finditer(text, pos, end):
        if t.start() > pos and _PERSON.match(text, t.start()):
            cand = _PERSON.match(text, t.start())
            if cand and _plausible(cand["given"], cand["surname"], cand["title"]):
                end = t.start()
                break
    for tok in doc.tokens_from(pos):
        if tok.start >= end:
            break
        if tok.start > pos and tok.text in _CLAUSE_WORDS:
            return tok.start
    return end


def _byline(doc: Doc, people: Sequence[PersonMention]) -> PersonMention | None:
    """``นิตยา ชันพิมาย สำนักประสานเครือข่ายประชาสังคม รายงาน`` on the last line."""
    text = doc.text
    ls = doc.line_start(len(text))
    line = text[ls:]
    tail = _BYLINE_END.search(line)
    if not 5 <= len(line) <= 120 or tail is None:
        return None
    if any(p.start >= ls for p in people):
        return None
    m = _BYLINE_NAME.match(line)
    if m is None or not _plausible(m["given"], m["surname"], ""):
        return None
    body_end = ls + tail.start()
    person = PersonMention(ls, ls + m.end(), None, m["given"], m["surname"], byline=True)
    if body_end > person.end + 1:
        person.position = (person.end + 1, body_end)
        person.head_end = person.org_start = person.end + 1
    person.role_en = "Reporter"
    return person


def role_text(doc: Doc, person: PersonMention) -> str | None:
    if person.byline:
        return "ผู้รายงาน"
    if person.position is None:
        return None
    return doc.text[person.position[0] : person.position[1]].strip()
