"""Bilingual (Thai / English) reasons for partner suggestions.

`explain` turns a scored suggestion (its components and their evidence) into one Thai and one
English sentence, reasons in order of how much each added to the score, e.g.
"7 of 9 peer subdistrict councils in the region work with an SAO in their own subdistrict;
you share 2 partners with it (A and B)".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from partnernet.analysis.gap_index import (
    NATIONAL,
    SAME_DISTRICT,
    SAME_PROVINCE,
    SAME_REGION,
    SAME_SUBDISTRICT,
    PartnershipIndex,
)
from partnernet.analysis.gap_text import LEVEL_TH
from partnernet.graph.model import NodeKind

Text = tuple[str, str]

TYPE_TEXT: dict[str, Text] = {
    "governor_office": ("สำนักงานจังหวัด", "governor's office"),
    "provincial_office": ("ส่วนราชการประจำจังหวัด", "provincial government office"),
    "pao": ("องค์การบริหารส่วนจังหวัด (อบจ.)", "PAO"),
    "sao": ("องค์การบริหารส่วนตำบล (อบต.)", "SAO"),
    "municipality": ("เทศบาล", "municipality"),
    "msdhs_office": ("สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด", "MSDHS office"),
    "cdd_office": ("สำนักงานพัฒนาชุมชน", "Community Development office"),
    "codi_office": ("สำนักงาน พอช.", "CODI office"),
    "ministry": ("กระทรวง", "ministry"),
    "committee": ("คณะกรรมการ", "committee"),
    "health": ("หน่วยงานสาธารณสุข", "health agency"),
    "school": ("สถานศึกษา", "school"),
    "other": ("หน่วยงานรัฐ", "government agency"),
    "network": ("เครือข่ายภาคประชาสังคม", "civil-society network"),
    "civic_assembly": ("สภาพลเมือง", "civic assembly"),
    "foundation": ("มูลนิธิ", "foundation"),
    "ngo": ("องค์กรพัฒนาเอกชน", "NGO"),
    "media": ("สื่อมวลชน", "media organisation"),
}

KIND_TEXT: dict[str, Text] = {
    NodeKind.COUNCIL.value: ("สภาองค์กรชุมชน", "council"),
    NodeKind.COMMUNITY_ORGANIZATION.value: ("องค์กรชุมชน", "community organisation"),
    NodeKind.AGENCY.value: ("หน่วยงานรัฐ", "government agency"),
    NodeKind.CIVIL_SOCIETY_GROUP.value: ("กลุ่มภาคประชาสังคม", "civil-society group"),
    NodeKind.ACADEMIC.value: ("สถาบันการศึกษา", "academic institution"),
    NodeKind.PRIVATE_SECTOR.value: ("ภาคเอกชน", "private company"),
}

TIER_OWN: dict[str, Text] = {
    SAME_SUBDISTRICT: ("ในตำบลของตน", "in their own subdistrict"),
    SAME_DISTRICT: ("ในอำเภอของตน", "in their own district"),
    SAME_PROVINCE: ("ในจังหวัดของตน", "in their own province"),
    SAME_REGION: ("ในภาคเดียวกัน", "in their region"),
    NATIONAL: ("ระดับชาติ", "at national level"),
}

TIER_HERE: dict[str, Text] = {
    SAME_SUBDISTRICT: ("อยู่ในตำบลเดียวกัน", "in the same subdistrict"),
    SAME_DISTRICT: ("อยู่ในอำเภอเดียวกัน", "in the same district"),
    SAME_PROVINCE: ("อยู่ในจังหวัดเดียวกัน", "in the same province"),
    SAME_REGION: ("อยู่ในภาคเดียวกัน", "in the same region"),
    NATIONAL: ("เป็นหน่วยงานระดับชาติ", "a national body"),
}


def group_label(kind: str, subtype: str | None) -> Text:
    """`("สภาองค์กรชุมชนระดับตำบล", "subdistrict council")`, `("อบจ.", "PAO")`, ..."""
    if kind == NodeKind.COUNCIL.value and subtype:
        return f"สภาองค์กรชุมชน{LEVEL_TH.get(subtype, subtype)}", f"{subtype} council"
    if subtype and subtype in TYPE_TEXT:
        return TYPE_TEXT[subtype]
    return KIND_TEXT.get(kind, (kind, kind))


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" or word.startswith(("SAO", "MSDHS", "NGO")) else "a"


def _names(index: PartnershipIndex, nodes: Sequence[str], lang: str, limit: int = 3) -> str:
    shown = [index.name(n, lang) for n in nodes[:limit]]
    more = len(nodes) - len(shown)
    if lang == "th":
        return ", ".join(shown) + (f" และอีก {more} ราย" if more > 0 else "")
    if more > 0:
        return f"{', '.join(shown)} and {more} more"
    return " and ".join(shown) if len(shown) <= 2 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def reasons(
    index: PartnershipIndex,
    source: str,
    contributions: Mapping[str, float],
    evidence: Mapping[str, Any],
) -> list[Text]:
    """One reason per component that added to the score, biggest contribution first."""
    out: list[Text] = []
    for name in sorted(contributions, key=lambda c: (-contributions[c], c)):
        if contributions[name] <= 0:
            continue
        if name == "template_role":
            role = evidence["role"]
            level = str(index.attrs(source).get("level") or "")
            out.append(
                (
                    f"แม่แบบความร่วมมือคาดว่าสภาองค์กรชุมชน{LEVEL_TH.get(level, level)}"
                    f"จะมีความร่วมมือกับ{role['name_th']} ซึ่งยังไม่มี",
                    f"the partnership template expects a {level} council to work with "
                    f"{role['name_en']}, which it lacks",
                )
            )
        elif name == "peer_practice":
            peer = evidence["peer"]
            peers_th, peers_en = group_label(peer["group"][0], peer["group"][1])
            kind_th, kind_en = group_label(peer["partner"][0], peer["partner"][1])
            own_th, own_en = TIER_OWN.get(peer["partner"][2], ("นอกภาค", "outside their region"))
            th = (
                f"{peer['count']} จาก {peer['peers']} {peers_th}ในภาคเดียวกัน"
                f"ทำงานกับ{kind_th} {own_th}"
            )
            en = (
                f"{peer['count']} of {peer['peers']} peer {peers_en}s in the region work with "
                f"{_article(kind_en)} {kind_en} {own_en}"
            )
            if peer.get("options", 1) > 1:
                th += f" (ซึ่งมีอยู่ {peer['options']} แห่ง)"
                en += f" (this is one of {peer['options']})"
            out.append((th, en))
        elif name == "common_neighbours":
            common = evidence["common_partners"]
            out.append(
                (
                    f"มีภาคีร่วมกัน {len(common)} ราย ({_names(index, common, 'th')})",
                    f"you share {_plural(len(common), 'partner')} with it "
                    f"({_names(index, common, 'en')})",
                )
            )
        elif name == "shared_issues":
            issues = evidence["shared_issues"]
            total = evidence["source_issues"]
            out.append(
                (
                    f"ทำงานประเด็นเดียวกัน {len(issues)} จาก {total} ประเด็นของท่าน "
                    f"({_names(index, issues, 'th', 5)})",
                    f"it works on {len(issues)} of your {total} issues "
                    f"({_names(index, issues, 'en', 5)})",
                )
            )
        elif name == "proximity" and evidence["tier"] in TIER_HERE:
            out.append(TIER_HERE[evidence["tier"]])
    return out


def explain(
    index: PartnershipIndex,
    source: str,
    target: str,
    contributions: Mapping[str, float],
    evidence: Mapping[str, Any],
) -> Text:
    found = reasons(index, source, contributions, evidence)
    th_reasons = "; ".join(r[0] for r in found) or "ไม่มีเหตุผลเด่น"
    en_reasons = "; ".join(r[1] for r in found) or "no strong reason"
    return (
        f"แนะนำให้{index.name(source, 'th')}ร่วมมือกับ{index.name(target, 'th')}: {th_reasons}",
        f"Suggest {index.name(source, 'en')} work with {index.name(target, 'en')}: {en_reasons}",
    )
