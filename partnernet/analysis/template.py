"""The partnership template: which partners are expected, as editable data.

The default template ships as package data (`partnernet/data/partnership_template.yaml`, read
its comments for the format); a run may use another file instead (`load_template(path)`).
Everything is validated with pydantic, and unknown keys are errors, so a mistake is reported
with the file name and the dotted path of the bad key (`TemplateError`).

This is the only analysis module that reads files, and only the template it is asked for.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from enum import StrEnum
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from partnernet.analysis.projection import RelationshipMix
from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput
from partnernet.graph.model import (
    ORGANIZATION_KINDS,
    AgencyType,
    CivilSocietyType,
    CouncilLevel,
    NodeKind,
    RelType,
)

DEFAULT_TEMPLATE = "data/partnership_template.yaml"

# Gap kinds that template roles may name (others are refused, so that typos do not invent
# kinds that no consumer knows).
MISSING_PARTNER_ROLE = "missing_partner_role"
ROLE_GAP_KINDS = frozenset(
    {
        MISSING_PARTNER_ROLE,
        "subdistrict_council_unlinked_local_government",
        "subdistrict_council_unlinked_network",
    }
)
PROVINCE_GAP_KINDS = frozenset(
    {"no_provincial_network", "no_district_mechanism", "missing_mechanism"}
)


class TemplateError(InvalidInput):
    """The template file is missing, unreadable or invalid; the message names file and key."""


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def lowered(self, steps: int) -> Severity:
        order = list(Severity)
        return order[min(len(order) - 1, order.index(self) + max(0, steps))]


_SEVERITY_RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


class Where(StrEnum):
    """Where a partner may be, relative to the organisation that needs it (finest first)."""

    SAME_SUBDISTRICT = "same_subdistrict"
    SAME_DISTRICT = "same_district"
    SAME_PROVINCE = "same_province"
    SAME_REGION = "same_region"
    ANYWHERE = "anywhere"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_list(value: object) -> object:
    if isinstance(value, str):
        return [value]
    return value


_TYPED_KINDS: dict[NodeKind, frozenset[str]] = {
    NodeKind.AGENCY: frozenset(t.value for t in AgencyType),
    NodeKind.CIVIL_SOCIETY_GROUP: frozenset(t.value for t in CivilSocietyType),
}


class Matcher(_Strict):
    """Organisations of one kind, optionally narrowed by `type` or council `level`."""

    kind: NodeKind
    type: tuple[str, ...] | None = None
    exclude_type: tuple[str, ...] = ()
    level: tuple[CouncilLevel, ...] | None = None

    _list_fields = field_validator("type", "exclude_type", "level", mode="before")(_as_list)

    @field_validator("kind")
    @classmethod
    def _organisation(cls, kind: NodeKind) -> NodeKind:
        if kind not in ORGANIZATION_KINDS:
            allowed = ", ".join(sorted(k.value for k in ORGANIZATION_KINDS))
            raise ValueError(f"{kind.value} is not an organisation kind; expected one of {allowed}")
        return kind

    @model_validator(mode="after")
    def _fits_kind(self) -> Matcher:
        if self.level is not None and self.kind is not NodeKind.COUNCIL:
            raise ValueError("`level` only applies to kind Council")
        known = _TYPED_KINDS.get(self.kind)
        for value in (*(self.type or ()), *self.exclude_type):
            if known is not None and value not in known:
                raise ValueError(
                    f"unknown {self.kind.value} type {value!r}; expected one of "
                    + ", ".join(sorted(known))
                )
        return self

    def matches(self, attrs: Mapping[str, Any]) -> bool:
        if attrs.get("kind") != self.kind.value:
            return False
        value = attrs.get("type")
        if self.type is not None and value not in self.type:
            return False
        if value is not None and value in self.exclude_type:
            return False
        return self.level is None or attrs.get("level") in self.level


def _matchers(value: object) -> object:
    return [value] if isinstance(value, Mapping) else value


def matches_any(matchers: Sequence[Matcher], attrs: Mapping[str, Any]) -> bool:
    return any(m.matches(attrs) for m in matchers)


class Role(_Strict):
    """A partner a council of some level is expected to have."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_th: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    match: tuple[Matcher, ...] = Field(min_length=1)
    where: Where = Where.SAME_PROVINCE
    via: tuple[RelType, ...] | None = None
    weight: float = Field(default=1.0, gt=0)
    severity: Severity = Severity.HIGH
    gap_kind: str = MISSING_PARTNER_ROLE

    _match_list = field_validator("match", mode="before")(_matchers)
    _via_list = field_validator("via", mode="before")(_as_list)

    @field_validator("gap_kind")
    @classmethod
    def _known_gap_kind(cls, value: str) -> str:
        if value not in ROLE_GAP_KINDS:
            raise ValueError(
                f"unknown gap_kind {value!r}; expected one of {sorted(ROLE_GAP_KINDS)}"
            )
        return value

    @field_validator("via")
    @classmethod
    def _tie_types(cls, value: tuple[RelType, ...] | None) -> tuple[RelType, ...] | None:
        allowed = {RelType.PARTNERS_WITH, RelType.MEMBER_OF, RelType.FUNDS, RelType.SUPPORTS}
        for rel in value or ():
            if rel not in allowed:
                raise ValueError(
                    f"{rel.value} is not a partnership tie; expected some of "
                    + ", ".join(sorted(r.value for r in allowed))
                )
        return value


class LevelExpectation(_Strict):
    """What a council of one level is expected to be tied to."""

    required: bool = False
    roles: tuple[Role, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> LevelExpectation:
        ids = [r.id for r in self.roles]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate role id(s): {', '.join(dupes)}")
        return self


class ProvinceExpectation(_Strict):
    """Something the province as a whole is expected to have (at least `min_count`)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_th: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    match: tuple[Matcher, ...] = Field(min_length=1)
    min_count: int = Field(default=1, ge=1)
    weight: float = Field(default=1.0, gt=0)
    severity: Severity = Severity.MEDIUM
    gap_kind: str = "missing_mechanism"

    _match_list = field_validator("match", mode="before")(_matchers)

    @field_validator("gap_kind")
    @classmethod
    def _known_gap_kind(cls, value: str) -> str:
        if value not in PROVINCE_GAP_KINDS:
            raise ValueError(
                f"unknown gap_kind {value!r}; expected one of {sorted(PROVINCE_GAP_KINDS)}"
            )
        return value


class AllowedPair(_Strict):
    source: tuple[Matcher, ...] = Field(min_length=1)
    targets: tuple[Matcher, ...] = Field(min_length=1)

    _lists = field_validator("source", "targets", mode="before")(_matchers)


class RecommendWeights(_Strict):
    template_role: float = Field(default=0.35, ge=0)
    peer_practice: float = Field(default=0.20, ge=0)
    common_neighbours: float = Field(default=0.20, ge=0)
    shared_issues: float = Field(default=0.15, ge=0)
    proximity: float = Field(default=0.10, ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> RecommendWeights:
        if self.total <= 0:
            raise ValueError("at least one weight must be > 0")
        return self

    @property
    def total(self) -> float:
        return sum(self.as_dict().values())

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in type(self).model_fields}


class Proximity(_Strict):
    same_subdistrict: float = Field(default=1.0, ge=0, le=1)
    same_district: float = Field(default=0.8, ge=0, le=1)
    same_province: float = Field(default=0.6, ge=0, le=1)
    same_region: float = Field(default=0.3, ge=0, le=1)
    national: float = Field(default=0.2, ge=0, le=1)
    elsewhere: float = Field(default=0.0, ge=0, le=1)


class RecommendSettings(_Strict):
    weights: RecommendWeights = RecommendWeights()
    proximity: Proximity = Proximity()
    min_peers: int = Field(default=3, ge=1)
    hub_degree: int = Field(default=50, ge=1)


class GapSettings(_Strict):
    share_high: float = Field(default=0.5, gt=0, le=1)
    share_medium: float = Field(default=0.2, gt=0, le=1)
    agency_min_received: int = Field(default=2, ge=1)
    single_point_min_councils: int = Field(default=2, ge=1)
    peer_margin: float = Field(default=0.1, ge=0, lt=1)
    min_peers: int = Field(default=2, ge=1)
    min_peer_councils: int = Field(default=3, ge=1)
    max_names: int = Field(default=5, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> GapSettings:
        if self.share_medium > self.share_high:
            raise ValueError("share_medium must not exceed share_high")
        return self


class Ties(_Strict):
    """RelationshipMix weights: which relationships make two organisations partners."""

    partners_with: float = Field(default=1.0, ge=0)
    member_of: float = Field(default=1.0, ge=0)
    funds: float = Field(default=1.0, ge=0)
    supports: float = Field(default=1.0, ge=0)
    co_participation: float = Field(default=0.0, ge=0)
    proposal_channel: float = Field(default=0.0, ge=0)
    holds_role: float = Field(default=0.0, ge=0)

    def mix(self) -> RelationshipMix:
        return RelationshipMix(**self.model_dump())


class Template(_Strict):
    """The whole partnership template (see the shipped YAML file for the format)."""

    version: int = Field(default=1, ge=1, le=1)
    region_system: str = geography.DEFAULT_REGION_SYSTEM
    ties: Ties = Ties()
    councils: dict[CouncilLevel, LevelExpectation] = Field(default_factory=dict)
    province: tuple[ProvinceExpectation, ...] = ()
    allowed_pairs: tuple[AllowedPair, ...] = ()
    recommend: RecommendSettings = RecommendSettings()
    gaps: GapSettings = GapSettings()

    @field_validator("region_system")
    @classmethod
    def _known_system(cls, value: str) -> str:
        systems = geography.region_systems()
        if value not in systems:
            raise ValueError(f"unknown region system {value!r}; known: {', '.join(systems)}")
        return value

    @model_validator(mode="after")
    def _unique_province_ids(self) -> Template:
        ids = [p.id for p in self.province]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate province expectation id(s): {', '.join(dupes)}")
        return self

    def roles_for(self, level: str | None) -> tuple[Role, ...]:
        """The roles expected of a council of this level (none for unknown levels)."""
        try:
            expectation = self.councils.get(CouncilLevel(level)) if level else None
        except ValueError:
            return ()
        return expectation.roles if expectation else ()

    def allowed_targets(self, source_attrs: Mapping[str, Any]) -> tuple[Matcher, ...]:
        """Matchers for what may be suggested to this organisation (union of the pairs)."""
        out: list[Matcher] = []
        for pair in self.allowed_pairs:
            if matches_any(pair.source, source_attrs):
                out.extend(pair.targets)
        return tuple(out)


def _format_error(label: str, error: ValidationError) -> str:
    items = error.errors()
    locs = [tuple(item["loc"]) for item in items]
    # A list that is "too short" only because its bad items were refused is not news.
    items = [
        item
        for item, loc in zip(items, locs, strict=True)
        if not (item["type"] == "too_short" and any(o[: len(loc)] == loc != o for o in locs))
    ]
    lines = [f"{label}: invalid partnership template ({len(items)} problem(s))"]
    for item in items:
        parts = [str(part) for part in item["loc"]]
        if parts and parts[-1] == "[key]":
            parts = [*parts[:-1][:-1], f"{parts[-2]} (as a key)"] if len(parts) > 1 else parts
        loc = ".".join(parts) or "(top level)"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        lines.append(f"  {label}: {loc}: {message}")
    return "\n".join(lines)


def parse_template(data: object, label: str = "<template>") -> Template:
    """Validate already-parsed template data; errors name `label` and the dotted key."""
    if not isinstance(data, Mapping):
        raise TemplateError(f"{label}: a partnership template is a mapping at the top level")
    try:
        return Template.model_validate(dict(data))
    except ValidationError as exc:
        raise TemplateError(_format_error(label, exc)) from None


def _parse_text(text: str, label: str) -> object:
    try:
        if label.lower().endswith(".json"):
            return json.loads(text)
        # libyaml's loader when present (10x faster cold); same safe subset either way.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise TemplateError(f"{label}: not valid YAML/JSON: {exc}") from None


@cache
def _default_template() -> Template:
    text = files("partnernet").joinpath(DEFAULT_TEMPLATE).read_text(encoding="utf-8")
    return parse_template(_parse_text(text, DEFAULT_TEMPLATE), f"partnernet/{DEFAULT_TEMPLATE}")


def load_template(path: str | os.PathLike[str] | None = None) -> Template:
    """The shipped template, or the one in `path` (YAML, or JSON by the `.json` suffix)."""
    if path is None:
        return _default_template()
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TemplateError(
            f"{file}: cannot read the partnership template: {exc.strerror}"
        ) from None
    return parse_template(_parse_text(text, str(file)), str(file))
