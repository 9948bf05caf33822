"""What a province map is made of, shared by its HTML (geo.py) and its static figure
(static.py): the metrics a map can colour and the map as built (`geo.build_map`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from partnernet.foundation import geography
from partnernet.foundation.lang import Lang


@dataclass(frozen=True)
class Metric:
    key: str
    th: str
    en: str
    kind: str  # "percent" | "count" | "decimal"
    higher_is_better: bool | None  # None: neither (blue scale)

    def format(self, value: float | None) -> str:
        if value is None:
            return "–"
        if self.kind == "percent":
            return f"{value:.0%}"
        if self.kind == "count":
            return f"{value:,.0f}"
        return f"{value:,.1f}"


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "coverage", "ความครอบคลุมของภาคีที่ควรมี", "Coverage of expected partners", "percent", True
        ),
        Metric("gap_count", "จำนวนช่องว่างการประสานงาน", "Coordination gaps", "count", False),
        Metric("high_gaps", "ช่องว่างระดับสูง", "High-severity gaps", "count", False),
        Metric(
            "partners_per_council", "ภาคีต่อสภาองค์กรชุมชน", "Partners per council", "decimal", True
        ),
        Metric("organizations", "จำนวนองค์กร", "Organisations", "count", None),
        Metric("councils", "จำนวนสภาองค์กรชุมชน", "Councils", "count", None),
    )
}


@dataclass
class ProvinceShape:
    code: str
    name_th: str
    name_en: str
    rings: list[list[tuple[float, float]]]  # projected outer and inner rings

    def path(self) -> str:
        parts = []
        for ring in self.rings:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in ring)
            parts.append(f"M{points}Z")
        return "".join(parts)


@dataclass
class MapView:
    title: str
    subtitle: str
    lang: Lang
    metric: str
    shapes: list[ProvinceShape]
    values: dict[str, dict[str, float | None]]
    bbox: tuple[float, float, float, float]  # min x, min y, max x, max y (projected)
    legends: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # metric -> bins
    fills: dict[str, dict[str, str]] = field(default_factory=dict)  # metric -> code -> colour
    link_pattern: str | None = None
    linked: frozenset[str] | None = None  # provinces that get a link (None: all)
    attribution: str = geography.BOUNDARIES_ATTRIBUTION
