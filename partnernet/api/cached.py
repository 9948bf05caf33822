"""Service calls through the analysis cache, shared by the JSON routers and the web pages.

Arguments are normalised first (a province given as ขอนแก่น, Khon Kaen or 40 is one cache
entry), then `AppState.cached` runs the service function off the event loop with the time
limit and keys the result by the graph version and the day. Each returns `(result, cache_hit)`.

Every function takes the `caller` (`deps.identity`): a computation that is not cached yet
takes that caller's slot in the analysis lane and costs it rate-limit tokens (`heavy`).

Cached results are *prepared*: the JSON-ready form is made once, with the analysis, so that a
cache hit costs a lookup and a page slice, not a walk over the whole report (a national hub
report has one entry per organisation).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.hubs import HubReport
from partnernet.analysis.recommend import RecommendationReport
from partnernet.analysis.structure import StructureReport
from partnernet.api.schemas import finite
from partnernet.api.state import AppState
from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.thai import parse_thai_date
from partnernet.service import analyses, records, render


def province_code(text: str) -> str:
    return geography.resolve_province(text).code


def region_key(text: str | None) -> str | None:
    return geography.resolve_region(text).key if text else None


def as_of_day(text: str | None) -> date | None:
    """An `as_of` query value as a day (ISO, Buddhist-Era or Thai); a bad one is a
    ThaiDateError (an InvalidInput), answered 422."""
    return parse_thai_date(text) if text else None


def scope_args(province: str | None, region: str | None) -> tuple[str | None, str | None]:
    if province and region:
        raise InvalidInput("give a province or a region, not both")
    return (province_code(province) if province else None), region_key(region)


@dataclass(frozen=True)
class Gaps:
    report: GapReport
    payload: dict[str, Any]

    @classmethod
    def of(cls, report: GapReport) -> Gaps:
        return cls(report, finite(report.model_dump(mode="json")))


async def gaps(
    state: AppState, code: str, as_of: date | None = None, *, caller: str
) -> tuple[Gaps, bool]:
    template = state.settings.template
    return await state.cached(
        "gaps",
        (code, str(template), as_of),
        lambda: Gaps.of(
            analyses.province_gaps(state.store, code, template_path=template, as_of=as_of)
        ),
        caller=caller,
    )


@dataclass(frozen=True)
class Suggestions:
    report: RecommendationReport
    names: dict[str, tuple[str, str | None]]
    payload: dict[str, Any]


async def recommendations(
    state: AppState, code: str, top: int, as_of: date | None = None, *, caller: str
) -> tuple[Suggestions, bool]:
    template = state.settings.template

    def run() -> Suggestions:
        report = analyses.recommendations(
            state.store, code, top=top, template_path=template, as_of=as_of
        )
        ids = [r.source for r in report.recommendations]
        ids += [r.target for r in report.recommendations]
        ids += [a.source for a in report.accepted] + [a.target for a in report.accepted]
        names = records.names(state.store, ids)
        payload = finite(report.model_dump(mode="json"))
        payload["names"] = {k: {"name_th": th, "name_en": en} for k, (th, en) in names.items()}
        return Suggestions(report, names, payload)

    return await state.cached("recommendations", (code, top, str(template)), run, caller=caller)


def province_row(code: str, row: dict[str, float | None]) -> dict[str, Any]:
    """One row of the provinces table, from the overview's metrics."""
    prov = geography.province(code)
    region_th: str | None = None
    region_en: str | None = None
    try:
        region = geography.region_of(code)
        region_th, region_en = region.name_th, region.name_en
    except ValueError:
        pass

    def count(key: str) -> int | None:
        value = row.get(key)
        return None if value is None else int(value)

    row_out: dict[str, Any] = finite(
        {
            "code": prov.code,
            "iso": prov.iso,
            "name_th": prov.name_th,
            "name_en": prov.name_en,
            "region_th": region_th,
            "region_en": region_en,
            "organizations": count("organizations") or 0,
            "councils": count("councils") or 0,
            "partners_per_council": row.get("partners_per_council"),
            "coverage": row.get("coverage"),
            "gap_count": count("gap_count"),
            "high_gaps": count("high_gaps"),
        }
    )
    return row_out


@dataclass(frozen=True)
class Overview:
    """Every province's row of the coverage table (by code, in code order) and the map
    metrics."""

    metrics: dict[str, dict[str, float | None]]
    rows: dict[str, dict[str, Any]]


async def overview(state: AppState, *, caller: str) -> tuple[Overview, bool]:
    """Metrics of every province; the gap reports it makes also fill the per-province cache."""
    template = state.settings.template
    version = state.cache_version()

    def run() -> tuple[Overview, dict[str, GapReport]]:
        found = analyses.provinces_overview(state.store, template)
        rows = {code: province_row(code, row) for code, row in found.rows.items()}
        return Overview(found.rows, rows), found.reports

    (prepared, reports), hit = await state.runner.run(
        ("overview", (str(template),), version), run, admit=state.admission(caller, "overview")
    )
    if not hit:
        for code, report in reports.items():
            state.prime("gaps", (code, str(template), None), Gaps.of(report), version)
    return prepared, hit


async def network_html(state: AppState, code: str, lang: str, *, caller: str) -> tuple[str, bool]:
    found, _ = await gaps(state, code, caller=caller)
    suggested, _ = await recommendations(state, code, 10, caller=caller)
    return await state.cached(
        "network",
        (code, lang, str(state.settings.template)),
        lambda: render.province_network_html(
            state.store, code, lang=lang, gaps=found.report, recommendations=suggested.report
        ),
        caller=caller,
    )


@dataclass
class Hubs:
    """A hub report with its JSON form and, per measure, the ranking (made on first use)."""

    report: HubReport
    data: dict[str, Any]
    names: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    _ranked: dict[str, list[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ranked(self, by: str) -> list[str]:
        with self._lock:
            if by not in self._ranked:
                self._ranked[by] = [h.id for h in self.report.top(len(self.report.nodes), by)]
            return self._ranked[by]

    def item(self, node_id: str) -> dict[str, Any]:
        th, en = self.names.get(node_id, (None, None))
        return {**self.data["nodes"][node_id], "name_th": th, "name_en": en}


async def hubs(
    state: AppState,
    province: str | None,
    region: str | None,
    samples: int,
    seed: int,
    as_of: date | None = None,
    *,
    caller: str,
) -> tuple[Hubs, bool]:
    code, key = scope_args(province, region)

    def run() -> Hubs:
        report = analyses.hubs(
            state.store, province=code, region=key, samples=samples, seed=seed, as_of=as_of
        )
        return Hubs(report, finite(report.as_dict()))

    return await state.cached(
        "hubs", (code, key, samples, seed, as_of), run, caller=caller, kind=_scoped("hubs", code)
    )


async def hub_items(
    state: AppState, found: Hubs, ids: list[str], *, caller: str
) -> list[dict[str, Any]]:
    """The hub rows of `ids` with display names (looked up once per organisation)."""
    missing = tuple(i for i in ids if i not in found.names)
    if missing:
        names, _ = await state.cached(
            "names", missing, lambda: records.names(state.store, missing), caller=caller
        )
        found.names.update(names)
    return [found.item(i) for i in ids]


@dataclass(frozen=True)
class Structure:
    """A structure report's JSON form (communities without members) and the communities'
    members and provinces."""

    report: StructureReport
    data: dict[str, Any]
    members: dict[int, list[str]]
    provinces: dict[int, dict[str, int]]


async def structure(
    state: AppState,
    province: str | None,
    region: str | None,
    seed: int,
    as_of: date | None = None,
    *,
    caller: str,
) -> tuple[Structure, bool]:
    code, key = scope_args(province, region)

    def run() -> Structure:
        report = analyses.structure(state.store, province=code, region=key, seed=seed, as_of=as_of)
        province_of = analyses.province_codes(state.store, code, key)
        members: dict[int, list[str]] = {}
        for node, number in sorted(report.communities.membership.items()):
            members.setdefault(number, []).append(node)
        provinces: dict[int, dict[str, int]] = {}
        for number, nodes in members.items():
            counts: dict[str, int] = {}
            for node in nodes:
                where = province_of.get(node) or "-"
                counts[where] = counts.get(where, 0) + 1
            provinces[number] = dict(sorted(counts.items()))
        data = finite(report.as_dict())
        data["communities"].pop("membership", None)
        return Structure(report, data, members, provinces)

    return await state.cached(
        "structure", (code, key, seed, as_of), run, caller=caller, kind=_scoped("structure", code)
    )


def _scoped(kind: str, province: str | None) -> str:
    """The cost kind of a hubs or structure analysis: one province costs less than the whole
    graph or a region (heavy.COST_WEIGHTS)."""
    return f"{kind}/province" if province else kind
