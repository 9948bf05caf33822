"""Bilingual (Thai / English) explanations for coordination gaps.

Each function returns `(thai, english)` for one gap, naming the organisations (their Thai and,
where known, English names) and giving the numbers the gap is about. Kept apart from the
detection logic in `gaps.py` so that wording can change without touching what is detected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.template import ProvinceExpectation, Role
from partnernet.foundation import geography
from partnernet.graph.model import CouncilLevel

Text = tuple[str, str]

LEVEL_TH: dict[str, str] = {
    CouncilLevel.SUBDISTRICT.value: "ระดับตำบล",
    CouncilLevel.MUNICIPAL.value: "ระดับเทศบาล",
    CouncilLevel.DISTRICT.value: "ระดับอำเภอ",
    CouncilLevel.PROVINCIAL.value: "ระดับจังหวัด",
    CouncilLevel.REGIONAL.value: "ระดับภาค",
    CouncilLevel.NATIONAL.value: "ระดับชาติ",
}

STATUS_TH: dict[str, str] = {
    "raised": "เสนอแล้ว",
    "submitted": "ยื่นแล้ว",
    "acknowledged": "รับทราบแล้ว",
    "in_plan": "บรรจุในแผนแล้ว",
    "funded": "ได้รับงบประมาณแล้ว",
    "implemented": "ดำเนินการแล้ว",
    "rejected": "ไม่ได้รับการยอมรับ",
}

METRIC_TEXT: dict[str, Text] = {
    "partners_per_council": ("จำนวนภาคีเฉลี่ยต่อสภาองค์กรชุมชน", "partners per council"),
    "coverage": ("ความครอบคลุมของภาคีตามแม่แบบความร่วมมือ", "coverage of the partnership template"),
    "local_government_share": (
        "สัดส่วนสภาองค์กรชุมชนระดับตำบลที่มีความร่วมมือกับ อบต./เทศบาล",
        "share of local councils tied to their SAO or municipality",
    ),
}


@dataclass(frozen=True)
class Writer:
    """Names and lists in both languages for one province's report."""

    index: PartnershipIndex
    province: geography.Province
    max_names: int = 5

    # --- names ---------------------------------------------------------------------------

    @property
    def province_th(self) -> str:
        return f"จังหวัด{self.province.name_th}" if self.province.code != "10" else "กรุงเทพมหานคร"

    @property
    def province_en(self) -> str:
        return self.province.name_en

    def name(self, node: str, lang: str) -> str:
        """An organisation's name; in English a provincial council without an English name is
        "<Province>'s provincial council network"."""
        if lang == "en" and not self.index.has_name_en(node):
            attrs = self.index.attrs(node) if node in self.index.graph else {}
            if attrs.get("kind") == "Council" and attrs.get("level") == "provincial":
                code = attrs.get("province_code")
                try:
                    return f"{geography.province(str(code)).name_en}'s provincial council network"
                except geography.UnknownPlaceError:
                    pass
        return self.index.name(node, lang)

    def names(self, nodes: Sequence[str], lang: str) -> str:
        shown = [self.name(n, lang) for n in nodes[: self.max_names]]
        more = len(nodes) - len(shown)
        if lang == "th":
            text = ", ".join(shown)
            return f"{text} และอีก {more} แห่ง" if more > 0 else text
        if more > 0:
            return f"{', '.join(shown)} and {more} more"
        if len(shown) <= 2:
            return " and ".join(shown)
        return f"{', '.join(shown[:-1])} and {shown[-1]}"

    # --- partner roles -------------------------------------------------------------------

    def missing_role(self, council: str, role: Role, candidates: Sequence[str]) -> Text:
        th = f"{self.name(council, 'th')}ยังไม่มีความร่วมมือกับ{role.name_th}"
        en = f"{self.name(council, 'en')} has no tie to {role.name_en}"
        if candidates:
            th += f" (ในพื้นที่มี {self.names(candidates, 'th')} ที่ยังไม่ได้เชื่อมโยง)"
            en += f"; candidates in the area: {self.names(candidates, 'en')}"
        else:
            th += " และยังไม่พบหน่วยงานดังกล่าวในข้อมูลของพื้นที่"
            en += " (none is recorded in the area yet)"
        return th, en

    def planned_role(self, role: Role, planned: Sequence[tuple[str, str, str | None]]) -> Text:
        """Councils whose tie to `role` is planned: (council, chosen partner, decided on)."""
        items_th = [
            f"{self.name(c, 'th')} กับ {self.name(p, 'th')}" + (f" (ตัดสินใจ {d})" if d else "")
            for c, p, d in planned[: self.max_names]
        ]
        items_en = [
            f"{self.name(c, 'en')} with {self.name(p, 'en')}" + (f" (decided {d})" if d else "")
            for c, p, d in planned[: self.max_names]
        ]
        more = len(planned) - len(items_th)
        th = f"วางแผนความร่วมมือกับ{role.name_th}แล้ว: " + ", ".join(items_th)
        en = f"Planned tie to {role.name_en}: " + "; ".join(items_en)
        if more > 0:
            th += f" และอีก {more} แห่ง"
            en += f" and {more} more"
        return th, en

    def councils_missing_role(
        self, level: str, role: Role, missing: Sequence[str], total: int
    ) -> Text:
        level_th = LEVEL_TH.get(level, level)
        th = (
            f"สภาองค์กรชุมชน{level_th} {len(missing)} จาก {total} แห่งใน{self.province_th} "
            f"ยังไม่มีความร่วมมือกับ{role.name_th}: {self.names(missing, 'th')}"
        )
        en = (
            f"{len(missing)} of {total} {level} councils in {self.province_en} "
            f"{'has' if len(missing) == 1 else 'have'} no tie to "
            f"{role.name_en}: {self.names(missing, 'en')}"
        )
        return th, en

    def missing_expectation(self, wanted: ProvinceExpectation, found: int) -> Text:
        if found == 0:
            return (
                f"{self.province_th}ยังไม่มี{wanted.name_th}",
                f"{self.province_en} does not have {wanted.name_en}",
            )
        return (
            f"{self.province_th}มี{wanted.name_th}เพียง {found} จากที่คาดไว้ {wanted.min_count}",
            f"{self.province_en} has {found} of the {wanted.min_count} expected: {wanted.name_en}",
        )

    # --- proposals -----------------------------------------------------------------------

    def _title(self, proposal: str, lang: str) -> str:
        attrs = self.index.attrs(proposal)
        if lang == "en" and attrs.get("name_en"):
            return str(attrs["name_en"])
        return str(attrs.get("title_th") or attrs.get("name_th") or proposal)

    def _by(self, proposers: Sequence[str], lang: str) -> str:
        if not proposers:
            return ""
        return (
            f" ของ{self.names(proposers, 'th')}"
            if lang == "th"
            else (f" by {self.names(proposers, 'en')}")
        )

    def not_submitted(self, proposal: str, proposers: Sequence[str], age: int | None) -> Text:
        th = (
            f"ข้อเสนอ “{self._title(proposal, 'th')}”{self._by(proposers, 'th')} ยังไม่ได้ยื่นต่อหน่วยงานใด"
        )
        en = (
            f"The proposal “{self._title(proposal, 'en')}”{self._by(proposers, 'en')} "
            "has not been submitted to anyone"
        )
        if age is not None:
            th += f" (เสนอไว้เมื่อ {age} วันก่อน)"
            en += f" (raised {age} days ago)"
        return th, en

    def unanswered(
        self, proposal: str, proposers: Sequence[str], targets: Sequence[str], age: int | None
    ) -> Text:
        to_th = f"ต่อ{self.names(targets, 'th')} " if targets else ""
        to_en = f" to {self.names(targets, 'en')}" if targets else ""
        when_th = f"เมื่อ {age} วันก่อน" if age is not None else "(ไม่ทราบวันที่ยื่น)"
        when_en = f" {age} days ago" if age is not None else " (submission date unknown)"
        th = (
            f"ข้อเสนอ “{self._title(proposal, 'th')}”{self._by(proposers, 'th')} ที่ยื่น{to_th}"
            f"{when_th} ยังไม่ได้รับคำตอบ"
        )
        en = (
            f"The proposal “{self._title(proposal, 'en')}”{self._by(proposers, 'en')} "
            f"submitted{to_en}{when_en} has had no answer"
        )
        return th, en

    def not_adopted(self, proposal: str, proposers: Sequence[str], status: str) -> Text:
        th = (
            f"ข้อเสนอ “{self._title(proposal, 'th')}”{self._by(proposers, 'th')} "
            f"ได้รับคำตอบแล้ว ({STATUS_TH.get(status, status)}) แต่ยังไม่ถูกบรรจุในแผนใด"
        )
        en = (
            f"The proposal “{self._title(proposal, 'en')}”{self._by(proposers, 'en')} "
            f"was answered ({status}) but has not been adopted in any plan"
        )
        return th, en

    def never_heard(self, council: str, count: int) -> Text:
        return (
            f"{self.name(council, 'th')}ยื่นข้อเสนอ {count} เรื่อง แต่ยังไม่เคยได้รับคำตอบเลย",
            f"{self.name(council, 'en')} submitted {count} proposal{'s' if count != 1 else ''} "
            "and has never had an answer",
        )

    def never_responds(self, agency: str, count: int, days: int) -> Text:
        return (
            f"{self.name(agency, 'th')}ได้รับข้อเสนอจาก{self.province_th} {count} เรื่อง "
            f"(ยื่นมานานกว่า {days} วัน) แต่ยังไม่ตอบเลย",
            f"{self.name(agency, 'en')} received {count} proposals from {self.province_en} "
            f"(older than {days} days) and has answered none",
        )

    # --- issues and structure ------------------------------------------------------------

    def issue_without_agency(
        self, issue: str, councils: Sequence[str], candidates: Sequence[str]
    ) -> Text:
        issue_th, issue_en = self.index.name(issue, "th"), self.index.name(issue, "en")
        th = (
            f"สภาองค์กรชุมชน {len(councils)} แห่งใน{self.province_th}ทำงานประเด็น{issue_th} "
            f"({self.names(councils, 'th')}) แต่ยังไม่มีหน่วยงานรัฐที่ทำงานประเด็นนี้เป็นภาคี"
        )
        en = (
            f"{len(councils)} council{'s' if len(councils) != 1 else ''} in {self.province_en} "
            f"work on {issue_en} ({self.names(councils, 'en')}) but none has a partner agency "
            "working on it"
        )
        if candidates:
            th += f"; หน่วยงานในพื้นที่ที่ทำงานประเด็นนี้: {self.names(candidates, 'th')}"
            en += f"; agencies on it in the area: {self.names(candidates, 'en')}"
        return th, en

    def single_point(self, broker: str, councils: Sequence[str]) -> Text:
        k = len(councils)
        return (
            f"{self.name(broker, 'th')}เป็นเส้นทางเดียวที่สภาองค์กรชุมชน {k} แห่งเชื่อมถึงหน่วยงานรัฐ "
            f"หากขาด{self.name(broker, 'th')} สภาฯ เหล่านี้จะไม่มีเส้นทางถึงหน่วยงานรัฐเลย: "
            f"{self.names(councils, 'th')}",
            f"{self.name(broker, 'en')} is the only path to any agency for {k} councils; "
            f"without it they would be cut off from every agency: {self.names(councils, 'en')}",
        )

    def isolated(self, councils: Sequence[str], total: int) -> Text:
        return (
            f"สภาองค์กรชุมชน {len(councils)} จาก {total} แห่งใน{self.province_th}"
            f"ยังไม่มีภาคีความร่วมมือเลย: {self.names(councils, 'th')}",
            f"{len(councils)} of {total} councils in {self.province_en} "
            f"{'has' if len(councils) == 1 else 'have'} no partner at all: "
            f"{self.names(councils, 'en')}",
        )

    def component(self, members: Sequence[str], councils: Sequence[str]) -> Text:
        return (
            f"กลุ่มองค์กร {len(members)} แห่งที่มีสภาองค์กรชุมชน {len(councils)} แห่ง "
            f"({self.names(councils, 'th')}) เชื่อมโยงกันเองแต่ไม่มีเส้นทางถึงหน่วยงานรัฐใดเลย",
            f"A group of {len(members)} organisations with {len(councils)} "
            f"council{'s' if len(councils) != 1 else ''} ({self.names(councils, 'en')}) is tied "
            "together but has no path to any agency",
        )

    def below_peers(
        self, metric: str, value: float, median: float, peers: int, region: geography.Region
    ) -> Text:
        label_th, label_en = METRIC_TEXT[metric]
        shown_value, shown_median = _fmt(metric, value), _fmt(metric, median)
        return (
            f"{label_th}ของ{self.province_th} ({shown_value}) ต่ำกว่าค่ากลางของ {peers} จังหวัด"
            f"ใน{region.name_th} ({shown_median})",
            f"{self.province_en}'s {label_en} ({shown_value}) is below the median of {peers} "
            f"provinces in the {region.name_en} region ({shown_median})",
        )


def _fmt(metric: str, value: float) -> str:
    if metric in ("coverage", "local_government_share"):
        return f"{value * 100:.0f}%"
    return f"{value:.3g}"
