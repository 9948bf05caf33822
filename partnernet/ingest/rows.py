"""Turn one template row into model objects, or say exactly what is wrong with it.

:func:`convert_row` takes the cells of a :class:`~partnernet.ingest.tabular.RawRow` (by
template field) and returns a :class:`Converted`: the nodes and relationships the row stands
for, plus the ids it refers to without creating them (checked by the pipeline against the run
and the store). Anything wrong raises :class:`RowError` naming the field and the reason.

Rules (see docs/architecture.md, "Tabular templates"):

* text is compared in :func:`~partnernet.foundation.thai.normalize_text` form (one sara am, no
  zero-width spaces, Thai digits as ASCII), so ``๔๐`` is province 40;
* organisation kinds, types, council levels, statuses, forms and roles accept the enum value,
  its label form (``Council``) and the common Thai words (``สภาองค์กรชุมชน``, ``อบจ.``);
* areas are codes or names resolved by :mod:`partnernet.foundation.geography`; the row also yields
  the Province/District/Subdistrict/Region nodes with their ``IN`` edges, so a graph loaded
  from spreadsheets alone is complete;
* ids are taken from the ``id`` column or made deterministically (:func:`council_id`,
  :func:`agency_id`, :func:`make_id`), so loading the same sheet twice creates nothing new.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partnernet.foundation import geography as geo
from partnernet.foundation.thai import ThaiDateError, normalize_key
from partnernet.foundation.thai import parse_thai_date_range as parse_range
from partnernet.graph.issues import UnknownIssueError, issue_node, resolve_issue
from partnernet.graph.model import (
    NODE_CLASSES,
    AgencyTier,
    AgencyType,
    CivilSocietyType,
    CouncilLevel,
    District,
    Event,
    Node,
    NodeKind,
    ParticipationRole,
    PartnershipForm,
    Proposal,
    ProposalModel,
    ProposalStatus,
    Province,
    Region,
    Relationship,
    RelType,
    Subdistrict,
    agency_id,
    area_id,
    council_id,
    make_id,
    region_id,
)
from partnernet.graph.store import rel_label
from partnernet.ingest.cells import (
    AGENCY_WORDS,
    CSO_WORDS,
    FORM_WORDS,
    LEVEL_WORDS,
    MODEL_WORDS,
    ROLE_WORDS,
    STATUS_WORDS,
    TIER_WORDS,
    RowError,
    clean_cells,
    parse_date_cell,
    parse_enum,
    parse_kind,
    parse_number,
    parse_rel_type,
    parse_year,
    required,
    split_list,
    validated,
    word_key,
)
from partnernet.ingest.ids import clean_id, clean_ref
from partnernet.ingest.tabular import TableKind

__all__ = ["Converted", "RowError", "area_records", "convert_row", "row_key"]


@dataclass
class Converted:
    """What one row stands for."""

    nodes: list[Node] = field(default_factory=list)
    rels: list[Relationship] = field(default_factory=list)
    refs: dict[str, str] = field(default_factory=dict)  # id needed -> field naming it
    where: dict[str, str] = field(default_factory=dict)  # node id / rel label -> field


# ------------------------------------------------------------------------------- geography

_GEO_CACHE: dict[tuple[str, ...], Any] = {}


def _geo(level: str, text: str, *scope: str | None) -> geo.Area:
    key = (level, text, *(s or "" for s in scope))
    found = _GEO_CACHE.get(key)
    if found is None:
        try:
            if level == "province":
                found = geo.resolve_province(text)
            elif level == "district":
                found = geo.resolve_district(text, scope[0])
            else:
                found = geo.resolve_subdistrict(text, scope[0], scope[1])
        except geo.UnknownPlaceError as exc:
            found = RowError(level, str(exc))
        if len(_GEO_CACHE) > 100_000:
            _GEO_CACHE.clear()
        _GEO_CACHE[key] = found
    if isinstance(found, RowError):
        raise RowError(found.column, found.reason)
    return found


@dataclass(frozen=True)
class _Areas:
    province: geo.Province | None = None
    district: geo.District | None = None
    subdistrict: geo.Subdistrict | None = None

    @property
    def most_specific(self) -> geo.Area | None:
        return self.subdistrict or self.district or self.province


def _areas(v: Mapping[str, str]) -> _Areas:
    p = _geo("province", v["province"]) if v.get("province") else None
    pc = p.code if p else None
    d = _geo("district", v["district"], pc) if v.get("district") else None
    dc = d.code if d else None
    s = _geo("subdistrict", v["subdistrict"], pc, dc) if v.get("subdistrict") else None
    assert p is None or isinstance(p, geo.Province)
    assert d is None or isinstance(d, geo.District)
    assert s is None or isinstance(s, geo.Subdistrict)
    if s is not None and d is None:
        d = geo.district(s.district_code)
    if d is not None and p is None:
        p = geo.province(d.province_code)
    return _Areas(p, d, s)


_AREA_CACHE: dict[tuple[str, tuple[str, ...]], tuple[list[Node], list[Relationship]]] = {}


def area_records(area: geo.Area) -> tuple[list[Node], list[Relationship]]:
    """The geography nodes from ``area`` up to its regions (every region system), with the
    ``IN`` edges between them. Cached: the same objects are returned for the same area."""
    key = (area.code, tuple(geo.region_systems()))  # region systems can be added at run time
    cached = _AREA_CACHE.get(key)
    if cached is not None:
        return cached
    nodes: list[Node] = []
    rels: list[Relationship] = []
    if isinstance(area, geo.Subdistrict):
        nodes.append(
            Subdistrict(
                id=area_id(NodeKind.SUBDISTRICT, area.code),
                name_th=area.name_th,
                name_en=area.name_en or None,
                code=area.code,
                district_code=area.district_code,
                province_code=area.province_code,
            )
        )
        parent = geo.district(area.district_code)
        up_nodes, up_rels = area_records(parent)
        rels.append(Relationship(type=RelType.IN, source=nodes[0].id, target=up_nodes[0].id))
    elif isinstance(area, geo.District):
        nodes.append(
            District(
                id=area_id(NodeKind.DISTRICT, area.code),
                name_th=area.name_th,
                name_en=area.name_en or None,
                code=area.code,
                province_code=area.province_code,
            )
        )
        up_nodes, up_rels = area_records(geo.province(area.province_code))
        rels.append(Relationship(type=RelType.IN, source=nodes[0].id, target=up_nodes[0].id))
    else:
        nodes.append(
            Province(
                id=area_id(NodeKind.PROVINCE, area.code),
                name_th=area.name_th,
                name_en=area.name_en or None,
                code=area.code,
                iso=area.iso,
            )
        )
        up_nodes, up_rels = [], []
        for system in geo.region_systems():
            try:
                region = geo.region_of(area.code, system)
            except geo.UnknownPlaceError:
                continue
            node = Region(
                id=region_id(region.system, region.code),
                name_th=region.name_th,
                name_en=region.name_en or None,
                system=region.system,
                code=region.code,
            )
            up_nodes.append(node)
            rels.append(Relationship(type=RelType.IN, source=nodes[0].id, target=node.id))
    result = (nodes + up_nodes, rels + up_rels)
    _AREA_CACHE[key] = result
    return result


def _add_area(out: Converted, area: geo.Area | None, column: str) -> None:
    if area is None:
        return
    nodes, rels = area_records(area)
    out.nodes.extend(nodes)
    out.rels.extend(rels)
    for node in nodes:
        out.where.setdefault(node.id, column)


_ISSUE_CACHE: dict[str, Node] = {}


def _issue(text: str) -> Node:
    """The Issue node a cell names (one shared object per issue: rows repeat them)."""
    try:
        entry = resolve_issue(text)
    except UnknownIssueError as exc:
        raise RowError("issues", str(exc)) from None
    node = _ISSUE_CACHE.get(entry.code)
    if node is None:
        node = _ISSUE_CACHE.setdefault(entry.code, issue_node(entry))
    return node


def _add_issues(out: Converted, v: Mapping[str, str], source: str, type_: RelType) -> None:
    seen: set[str] = set()
    for text in split_list(v.get("issues"), "issues"):
        node = _issue(text)
        if node.id in seen:
            continue
        seen.add(node.id)
        out.nodes.append(node)
        _add_rel(out, Relationship(type=type_, source=source, target=node.id), "issues")


def _add_rel(out: Converted, rel: Relationship, column: str) -> None:
    out.rels.append(rel)
    out.where[rel_label(rel)] = column


# ---------------------------------------------------------------------------- organisations

_PROVINCIAL_AGENCIES = frozenset(
    {AgencyType.GOVERNOR_OFFICE, AgencyType.PAO, AgencyType.MSDHS_OFFICE, AgencyType.CDD_OFFICE}
)
_SAO_PREFIX = re.compile(r"^(?:อบต\.?|องค์การบริหารส่วนตำบล)\s*")
_ORG_FIELDS = (
    "id",
    "kind",
    "name_th",
    "name_en",
    "type",
    "level",
    "tier",
    "province",
    "district",
    "subdistrict",
    "aliases",
    "source_ref",
)


# Name prefixes that say what an agency is ("อบจ.ขอนแก่น", "เทศบาลนครขอนแก่น"), longest first.
_AGENCY_PREFIXES = sorted(
    (
        (word_key(w), t)
        for w, t in AGENCY_WORDS.items()
        if len(word_key(w)) >= 3 and t is not AgencyType.OTHER
    ),
    key=lambda item: -len(item[0]),
)


def _agency_type_from_name(name: str) -> AgencyType:
    key = word_key(name)
    return next((t for prefix, t in _AGENCY_PREFIXES if key.startswith(prefix)), AgencyType.OTHER)


def _scoped(name: str, areas: _Areas) -> str:
    """A name made unique within its province for name-based ids."""
    return f"{areas.province.code} {name}" if areas.province else name


def _council(v: Mapping[str, str], name: str, areas: _Areas, props: dict[str, Any]) -> str:
    if v.get("type"):
        raise RowError("type", "a council has no type; its level goes in the level column")
    if v.get("level"):
        level = parse_enum(CouncilLevel, v["level"], "level", LEVEL_WORDS)
    elif areas.most_specific is not None:
        level = {
            "subdistrict": CouncilLevel.SUBDISTRICT,
            "district": CouncilLevel.DISTRICT,
            "province": CouncilLevel.PROVINCIAL,
        }[areas.most_specific.level]
    else:
        levels = ", ".join(m.value for m in CouncilLevel)
        raise RowError("level", f"a council needs a level ({levels}) or an area")
    props["level"] = level
    area = {
        CouncilLevel.SUBDISTRICT: areas.subdistrict,
        CouncilLevel.MUNICIPAL: areas.subdistrict or areas.district,
        CouncilLevel.DISTRICT: areas.district,
        CouncilLevel.PROVINCIAL: areas.province,
    }.get(level)
    if area is not None:
        return council_id(level, area.code)
    return council_id(level, None, _scoped(name, areas))


def _agency(
    v: Mapping[str, str], name: str, areas: _Areas, props: dict[str, Any], implied: str | None
) -> tuple[str, _Areas]:
    text = v.get("type") or implied
    if text:
        type_ = parse_enum(AgencyType, text, "type", AGENCY_WORDS)
    else:
        type_ = _agency_type_from_name(name)
    props["type"] = type_
    tier = v.get("tier") or v.get("level")
    if tier:
        column = "tier" if v.get("tier") else "level"
        props["tier"] = parse_enum(AgencyTier, tier, column, TIER_WORDS)
    if type_ is AgencyType.SAO and areas.subdistrict is None and areas.province is not None:
        # "อบต.บ้านเป็ด" names its subdistrict; use it when it is unambiguous.
        try:
            found = _geo(
                "subdistrict",
                _SAO_PREFIX.sub("", name),
                areas.province.code,
                areas.district.code if areas.district else None,
            )
        except RowError:
            pass
        else:
            assert isinstance(found, geo.Subdistrict)
            areas = _Areas(areas.province, geo.district(found.district_code), found)
    if type_ in _PROVINCIAL_AGENCIES:
        area: geo.Area | None = areas.province
    elif type_ is AgencyType.SAO:
        area = areas.subdistrict
    else:
        area = areas.most_specific
    if area is None and type_ in _PROVINCIAL_AGENCIES | {AgencyType.SAO}:
        return agency_id(type_, None, _scoped(name, areas)), areas
    return agency_id(type_, area.code if area else None, name), areas


def _organization(v: Mapping[str, str]) -> Converted:
    kind, implied = parse_kind(required(v, "kind"), "kind")
    name = required(v, "name_th")
    areas = _areas(v)
    props: dict[str, Any] = {
        "name_th": name,
        "name_en": v.get("name_en"),
        "aliases": split_list(v.get("aliases"), "aliases"),
        "source_ids": split_list(v.get("source_ref"), "source_ref"),
    }
    if kind is NodeKind.COUNCIL:
        default_id = _council(v, name, areas, props)
    elif kind is NodeKind.AGENCY:
        default_id, areas = _agency(v, name, areas, props, implied)
    else:
        if v.get("level") or v.get("tier"):
            column = "level" if v.get("level") else "tier"
            raise RowError(
                column, f"only councils have a level (and agencies a tier), not {kind.value}"
            )
        type_text = v.get("type") or implied
        if kind is NodeKind.CIVIL_SOCIETY_GROUP and type_text:
            props["type"] = parse_enum(CivilSocietyType, type_text, "type", CSO_WORDS)
        elif type_text:
            props["type"] = type_text
        default_id = make_id(kind, name, areas.province.code if areas.province else None)
    for level, area in (
        ("province", areas.province),
        ("district", areas.district),
        ("subdistrict", areas.subdistrict),
    ):
        props[f"{level}_code"] = area.code if area else None
    props["id"] = clean_id(v["id"]) if v.get("id") else default_id
    cls = NODE_CLASSES[kind]
    node: Node = validated(lambda: cls.model_validate(props), _ORG_FIELDS, "name_th")
    out = Converted(nodes=[node], where={node.id: "id"})
    place = areas.most_specific
    if place is not None:
        _add_area(out, place, place.level)
        target = area_records(place)[0][0].id
        _add_rel(
            out, Relationship(type=RelType.LOCATED_IN, source=node.id, target=target), place.level
        )
    _add_issues(out, v, node.id, RelType.WORKS_ON)
    return out


# ------------------------------------------------------------------------- other templates

_REL_FIELDS = (
    "source",
    "target",
    "type",
    "form",
    "since",
    "until",
    "weight",
    "confidence",
    "role",
    "amount_thb",
    "year",
    "source_ref",
)


def _relationship(v: Mapping[str, str]) -> Converted:
    source = clean_ref(required(v, "source"), "source")
    target = clean_ref(required(v, "target"), "target")
    props: dict[str, Any] = {
        "type": parse_rel_type(v.get("type")),
        "source": source,
        "target": target,
        "since": parse_date_cell(v, "since"),
        "until": parse_date_cell(v, "until"),
        "weight": parse_number(v, "weight"),
        "confidence": parse_number(v, "confidence"),
        "amount_thb": parse_number(v, "amount_thb"),
        "year": parse_year(v, "year"),
        "source_ids": split_list(v.get("source_ref"), "source_ref"),
    }
    if v.get("form"):
        props["form"] = parse_enum(PartnershipForm, v["form"], "form", FORM_WORDS)
    if v.get("role"):
        props["role"] = parse_enum(ParticipationRole, v["role"], "role", ROLE_WORDS)
    rel: Relationship = validated(lambda: Relationship.model_validate(props), _REL_FIELDS, "type")
    out = Converted(refs={source: "source"})
    out.refs.setdefault(target, "target")
    _add_rel(out, rel, "type")
    return out


def _proposal(v: Mapping[str, str]) -> Converted:
    title = required(v, "title_th")
    province = _geo("province", v["province"]) if v.get("province") else None
    props: dict[str, Any] = {
        "id": clean_id(v["id"])
        if v.get("id")
        else make_id(NodeKind.PROPOSAL, title, province.code if province else None),
        "name_th": title,
        "name_en": v.get("title_en"),
        "title_th": title,
        "text": v.get("text"),
        "raised_on": parse_date_cell(v, "raised_on"),
        "province_code": province.code if province else None,
        "source_ids": split_list(v.get("source_ref"), "source_ref"),
    }
    if v.get("status"):
        props["status"] = parse_enum(ProposalStatus, v["status"], "status", STATUS_WORDS)
    if v.get("model"):
        props["model"] = parse_enum(ProposalModel, v["model"], "model", MODEL_WORDS)
    names = ("id", "title_th", "title_en", "text", "status", "raised_on", "model", "province")
    node: Proposal = validated(lambda: Proposal.model_validate(props), names, "title_th")
    out = Converted(nodes=[node], where={node.id: "id"})
    for org in split_list(v.get("proposed_by"), "proposed_by"):
        out.refs.setdefault(org, "proposed_by")
        _add_rel(
            out, Relationship(type=RelType.PROPOSED, source=org, target=node.id), "proposed_by"
        )
    for org in split_list(v.get("submitted_to"), "submitted_to"):
        out.refs.setdefault(org, "submitted_to")
        _add_rel(
            out, Relationship(type=RelType.SUBMITTED_TO, source=node.id, target=org), "submitted_to"
        )
    _add_issues(out, v, node.id, RelType.CONCERNS)
    return out


def _participant(text: str) -> tuple[str, ParticipationRole]:
    """`id[:role]`; ids contain colons, so the tail is a role only if it reads as one."""
    head, sep, tail = text.rpartition(":")
    if sep and head:
        try:
            return head.strip(), parse_enum(ParticipationRole, tail, "participants", ROLE_WORDS)
        except RowError:
            pass
    return text, ParticipationRole.PARTICIPANT


def _event(v: Mapping[str, str]) -> Converted:
    title = required(v, "title")
    start, end = _date_pair(v)
    province = _geo("province", v["province"]) if v.get("province") else None
    code = province.code if province else None
    key_name = f"{start.isoformat()} {title}" if start else title
    props: dict[str, Any] = {
        "id": clean_id(v["id"]) if v.get("id") else make_id(NodeKind.EVENT, key_name, code),
        "name_th": title,
        "name_en": v.get("name_en"),
        "title": title,
        "start_date": start,
        "end_date": end,
        "place": v.get("place"),
        "province_code": code,
        "source_ids": split_list(v.get("source_ref"), "source_ref"),
    }
    names = ("id", "title", "start_date", "end_date", "place", "province")
    node: Event = validated(lambda: Event.model_validate(props), names, "title")
    out = Converted(nodes=[node], where={node.id: "id"})
    for item in split_list(v.get("participants"), "participants"):
        org, role = _participant(item)
        out.refs.setdefault(org, "participants")
        _add_rel(
            out,
            Relationship(type=RelType.PARTICIPATED_IN, source=org, target=node.id, role=role),
            "participants",
        )
    return out


def _date_pair(v: Mapping[str, str]) -> tuple[date | None, date | None]:
    """start_date may hold a whole range ("10-11 ก.ย. 65") when end_date is empty."""
    text = v.get("start_date")
    if text and not v.get("end_date"):
        try:
            return parse_range(text)
        except ThaiDateError as exc:
            raise RowError("start_date", str(exc)) from None
    return parse_date_cell(v, "start_date"), parse_date_cell(v, "end_date")


_CONVERTERS: dict[TableKind, Callable[[Mapping[str, str]], Converted]] = {
    TableKind.ORGANIZATIONS: _organization,
    TableKind.RELATIONSHIPS: _relationship,
    TableKind.PROPOSALS: _proposal,
    TableKind.EVENTS: _event,
}


def convert_row(template: TableKind, values: Mapping[str, str]) -> Converted:
    """The model objects one row stands for; raises :class:`RowError` (field, reason)."""
    return _CONVERTERS[template](clean_cells(values))


def row_key(template: TableKind, values: Mapping[str, str]) -> tuple[str, ...]:
    """Identity of a row for duplicate detection: its non-empty cells in key form."""
    cells = sorted(
        f"{name}={normalize_key(value)}" for name, value in values.items() if value.strip()
    )
    return (template.value, *cells)
