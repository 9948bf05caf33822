"""The partnership graph as typed data: node kinds, relationship types, enums and ids.

Everything here is plain pydantic: no store, driver, web or drawing library is imported, so
every other layer (stores, ingest, analysis, API) can depend on it without pulling those in.

Stores keep nodes and relationships as flat property maps (`to_props`), because both SQLite
JSON and Neo4j properties want primitives and lists of primitives; dates travel as ISO
strings so that both backends hold byte-identical values.

Size: over ~600 lines of declarations (one class per node kind and relationship type, their
enums and id rules): the schema is read as one file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.thai import normalize_text, slug_key


class ModelError(InvalidInput):
    """A value that does not fit the schema (unknown label, bad endpoint kinds, …)."""


# ---------------------------------------------------------------------------------------------
# Labels and relationship types: the only names that may ever reach a Cypher string.


class NodeKind(StrEnum):
    """Node labels. Organisation kinds also carry the `Organization` label."""

    COUNCIL = "Council"
    COMMUNITY_ORGANIZATION = "CommunityOrganization"
    AGENCY = "Agency"
    CIVIL_SOCIETY_GROUP = "CivilSocietyGroup"
    ACADEMIC = "Academic"
    PRIVATE_SECTOR = "PrivateSector"
    PERSON = "Person"
    PROPOSAL = "Proposal"
    EVENT = "Event"
    ISSUE = "Issue"
    PLAN = "Plan"
    SOURCE = "Source"
    REGION = "Region"
    PROVINCE = "Province"
    DISTRICT = "District"
    SUBDISTRICT = "Subdistrict"

    @property
    def is_organization(self) -> bool:
        return self in ORGANIZATION_KINDS

    @property
    def is_geography(self) -> bool:
        return self in GEOGRAPHY_KINDS


ORGANIZATION_LABEL = "Organization"

ORGANIZATION_KINDS: frozenset[NodeKind] = frozenset(
    {
        NodeKind.COUNCIL,
        NodeKind.COMMUNITY_ORGANIZATION,
        NodeKind.AGENCY,
        NodeKind.CIVIL_SOCIETY_GROUP,
        NodeKind.ACADEMIC,
        NodeKind.PRIVATE_SECTOR,
    }
)
GEOGRAPHY_KINDS: frozenset[NodeKind] = frozenset(
    {NodeKind.REGION, NodeKind.PROVINCE, NodeKind.DISTRICT, NodeKind.SUBDISTRICT}
)
# Nodes that many actors attach to (a province, the issue "housing", a news report). Scoped
# subgraphs never walk *through* them, otherwise a radius-2 ego network would be the country.
NON_TRAVERSABLE_KINDS: frozenset[NodeKind] = GEOGRAPHY_KINDS | {NodeKind.ISSUE, NodeKind.SOURCE}


class RelType(StrEnum):
    PARTNERS_WITH = "PARTNERS_WITH"
    MEMBER_OF = "MEMBER_OF"
    FUNDS = "FUNDS"
    SUPPORTS = "SUPPORTS"
    LOCATED_IN = "LOCATED_IN"
    SERVES = "SERVES"
    WORKS_ON = "WORKS_ON"
    PROPOSED = "PROPOSED"
    SUBMITTED_TO = "SUBMITTED_TO"
    CONCERNS = "CONCERNS"
    ADOPTED_IN = "ADOPTED_IN"
    PARTICIPATED_IN = "PARTICIPATED_IN"
    PRODUCED = "PRODUCED"
    HOLDS_ROLE = "HOLDS_ROLE"
    MENTIONED_IN = "MENTIONED_IN"
    IN = "IN"
    # A planner's decision on a suggested partner (source = the organisation advised,
    # target = the suggested partner); later recommendation runs respect it.
    RECOMMENDED = "RECOMMENDED"


# ---------------------------------------------------------------------------------------------
# Value enums


class CouncilLevel(StrEnum):
    SUBDISTRICT = "subdistrict"
    MUNICIPAL = "municipal"
    DISTRICT = "district"
    PROVINCIAL = "provincial"
    REGIONAL = "regional"
    NATIONAL = "national"


class AgencyType(StrEnum):
    GOVERNOR_OFFICE = "governor_office"
    PROVINCIAL_OFFICE = "provincial_office"
    PAO = "pao"
    SAO = "sao"
    MUNICIPALITY = "municipality"
    MSDHS_OFFICE = "msdhs_office"
    CDD_OFFICE = "cdd_office"
    CODI_OFFICE = "codi_office"
    MINISTRY = "ministry"
    COMMITTEE = "committee"
    HEALTH = "health"
    SCHOOL = "school"
    OTHER = "other"


class AgencyTier(StrEnum):
    NATIONAL = "national"
    REGIONAL = "regional"
    PROVINCIAL = "provincial"
    DISTRICT = "district"
    LOCAL = "local"


class CivilSocietyType(StrEnum):
    NETWORK = "network"
    CIVIC_ASSEMBLY = "civic_assembly"
    FOUNDATION = "foundation"
    NGO = "ngo"
    MEDIA = "media"


class PartnershipForm(StrEnum):
    MOU = "mou"
    JOINT_PROJECT = "joint_project"
    COMMITTEE = "committee"
    CO_ORGANISED = "co_organised"
    DATA_SHARING = "data_sharing"
    TECHNICAL_SUPPORT = "technical_support"
    OTHER = "other"


class ProposalStatus(StrEnum):
    RAISED = "raised"
    SUBMITTED = "submitted"
    ACKNOWLEDGED = "acknowledged"
    IN_PLAN = "in_plan"
    FUNDED = "funded"
    IMPLEMENTED = "implemented"
    REJECTED = "rejected"


class ProposalModel(StrEnum):
    INTEGRATED_PROVINCE = "integrated_province"
    SELF_GOVERNING_PROVINCE = "self_governing_province"
    OTHER = "other"


class PlanType(StrEnum):
    PROVINCIAL = "provincial"
    CLUSTER = "cluster"
    LOCAL = "local"
    COMMUNITY = "community"


class RecommendationDecision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    # A decision taken back: the pair is as if never decided (kept, not deleted, so the
    # record says who took it back and when).
    UNDONE = "undone"


class ParticipationRole(StrEnum):
    ORGANISER = "organiser"
    PARTICIPANT = "participant"
    SPEAKER = "speaker"


# ---------------------------------------------------------------------------------------------
# Nodes


class Node(BaseModel):
    """Common to every node: a stable id, a Thai name, an optional English one, provenance."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)
    kind: ClassVar[NodeKind]

    id: str = Field(min_length=1, max_length=400)
    name_th: str = Field(min_length=1)
    name_en: str | None = None
    aliases: list[str] = Field(default_factory=list)
    source_ids: list[str] = Field(default_factory=list)

    @field_validator("name_th", "name_en", mode="before")
    @classmethod
    def _clean_name(cls, value: object) -> object:
        # Names are stored in their display-normal form (one sara am, no zero-width spaces),
        # so that what users see is what they search for.
        if isinstance(value, str):
            cleaned = normalize_text(value)
            return cleaned or None
        return value

    @field_validator("aliases", "source_ids", mode="after")
    @classmethod
    def _dedupe(cls, values: list[str]) -> list[str]:
        seen: dict[str, None] = {}
        for value in values:
            cleaned = normalize_text(value)
            if cleaned:
                seen.setdefault(cleaned, None)
        return list(seen)

    @property
    def labels(self) -> tuple[str, ...]:
        """All labels this node carries in a labelled store (kind first)."""
        if self.kind.is_organization:
            return (self.kind.value, ORGANIZATION_LABEL)
        return (self.kind.value,)

    def to_props(self) -> dict[str, Any]:
        """Flat property map (None dropped, enums as values, dates as ISO strings)."""
        props: dict[str, Any] = {}
        for key, value in self.model_dump(mode="json").items():
            if value is None or value == []:
                continue
            props[key] = value
        return props


class Organization(Node):
    """Any organisation; concrete kinds below add their own typed fields."""

    province_code: str | None = Field(default=None, pattern=r"^\d{2}$")
    district_code: str | None = Field(default=None, pattern=r"^\d{4}$")
    subdistrict_code: str | None = Field(default=None, pattern=r"^\d{6}$")


class Council(Organization):
    kind: ClassVar[NodeKind] = NodeKind.COUNCIL
    level: CouncilLevel


class CommunityOrganization(Organization):
    kind: ClassVar[NodeKind] = NodeKind.COMMUNITY_ORGANIZATION
    type: str | None = None  # open vocabulary: savings group, housing cooperative, …


class Agency(Organization):
    kind: ClassVar[NodeKind] = NodeKind.AGENCY
    type: AgencyType = AgencyType.OTHER
    tier: AgencyTier | None = None


class CivilSocietyGroup(Organization):
    kind: ClassVar[NodeKind] = NodeKind.CIVIL_SOCIETY_GROUP
    type: CivilSocietyType | None = None


class Academic(Organization):
    kind: ClassVar[NodeKind] = NodeKind.ACADEMIC
    type: str | None = None


class PrivateSector(Organization):
    kind: ClassVar[NodeKind] = NodeKind.PRIVATE_SECTOR
    type: str | None = None


class Person(Node):
    """A public role holder. Deliberately no contact data (Thailand's PDPA)."""

    kind: ClassVar[NodeKind] = NodeKind.PERSON
    title: str | None = None


class Proposal(Node):
    kind: ClassVar[NodeKind] = NodeKind.PROPOSAL
    title_th: str | None = None
    text: str | None = None
    status: ProposalStatus = ProposalStatus.RAISED
    raised_on: date | None = None
    model: ProposalModel | None = None
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$")


class Event(Node):
    kind: ClassVar[NodeKind] = NodeKind.EVENT
    title: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    place: str | None = None
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Event:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(f"end_date {self.end_date} is before start_date {self.start_date}")
        return self


class Issue(Node):
    kind: ClassVar[NodeKind] = NodeKind.ISSUE
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")


class Plan(Node):
    kind: ClassVar[NodeKind] = NodeKind.PLAN
    type: PlanType | None = None
    period: str | None = None
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$")


class Source(Node):
    kind: ClassVar[NodeKind] = NodeKind.SOURCE
    title: str | None = None
    url: str | None = None
    published_on: date | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class Region(Node):
    kind: ClassVar[NodeKind] = NodeKind.REGION
    system: str
    code: str


class Province(Node):
    kind: ClassVar[NodeKind] = NodeKind.PROVINCE
    code: str = Field(pattern=r"^\d{2}$")
    iso: str = Field(pattern=r"^TH-\d{2}$")
    province_code: str | None = Field(default=None, pattern=r"^\d{2}$")

    @model_validator(mode="after")
    def _own_province(self) -> Province:
        # A province "is in" itself, so province-scoped queries need no special case.
        if self.province_code is None:
            self.province_code = self.code
        return self


class District(Node):
    kind: ClassVar[NodeKind] = NodeKind.DISTRICT
    code: str = Field(pattern=r"^\d{4}$")
    province_code: str = Field(pattern=r"^\d{2}$")


class Subdistrict(Node):
    kind: ClassVar[NodeKind] = NodeKind.SUBDISTRICT
    code: str = Field(pattern=r"^\d{6}$")
    district_code: str = Field(pattern=r"^\d{4}$")
    province_code: str = Field(pattern=r"^\d{2}$")


NODE_CLASSES: dict[NodeKind, type[Node]] = {
    cls.kind: cls
    for cls in (
        Council,
        CommunityOrganization,
        Agency,
        CivilSocietyGroup,
        Academic,
        PrivateSector,
        Person,
        Proposal,
        Event,
        Issue,
        Plan,
        Source,
        Region,
        Province,
        District,
        Subdistrict,
    )
}


def node_kind(value: str) -> NodeKind:
    """The NodeKind for a label or a snake_case kind name (`council`, `civil_society_group`)."""
    key = value.strip()
    for kind in NodeKind:
        if key in (kind.value, _snake(kind.value)) or key.lower() == kind.value.lower():
            return kind
    raise ModelError(f"unknown node kind {value!r}; expected one of {_choices(NodeKind)}")


def rel_type(value: str) -> RelType:
    """The RelType for `PARTNERS_WITH` or `partners_with`; anything else is refused."""
    key = value.strip().upper()
    try:
        return RelType(key)
    except ValueError:
        raise ModelError(
            f"unknown relationship type {value!r}; expected one of {_choices(RelType)}"
        ) from None


def node_from_props(kind: NodeKind | str, props: Mapping[str, Any]) -> Node:
    """Rebuild a typed node from a store's property map."""
    cls = NODE_CLASSES[node_kind(kind) if isinstance(kind, str) else kind]
    return cls.model_validate(dict(props))


def _snake(label: str) -> str:
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in label).lstrip("_")


def _choices(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


# ---------------------------------------------------------------------------------------------
# Relationships

_ORGS = ORGANIZATION_KINDS
_AREAS = frozenset({NodeKind.PROVINCE, NodeKind.DISTRICT, NodeKind.SUBDISTRICT})
_ANY = frozenset(NodeKind)

# Which node kinds each relationship type may join; enforced on every write.
ENDPOINTS: dict[RelType, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    RelType.PARTNERS_WITH: (_ORGS, _ORGS),
    RelType.MEMBER_OF: (_ORGS, _ORGS),
    RelType.FUNDS: (_ORGS, _ORGS | {NodeKind.PROPOSAL}),
    RelType.SUPPORTS: (_ORGS, _ORGS | {NodeKind.PROPOSAL}),
    RelType.LOCATED_IN: (_ORGS, _AREAS),
    RelType.SERVES: (frozenset({NodeKind.AGENCY}), _AREAS | {NodeKind.REGION}),
    RelType.WORKS_ON: (_ORGS, frozenset({NodeKind.ISSUE})),
    RelType.PROPOSED: (_ORGS, frozenset({NodeKind.PROPOSAL})),
    RelType.SUBMITTED_TO: (frozenset({NodeKind.PROPOSAL}), _ORGS),
    RelType.CONCERNS: (frozenset({NodeKind.PROPOSAL}), frozenset({NodeKind.ISSUE})),
    RelType.ADOPTED_IN: (frozenset({NodeKind.PROPOSAL}), frozenset({NodeKind.PLAN})),
    RelType.PARTICIPATED_IN: (_ORGS | {NodeKind.PERSON}, frozenset({NodeKind.EVENT})),
    RelType.PRODUCED: (frozenset({NodeKind.EVENT}), frozenset({NodeKind.PROPOSAL})),
    RelType.HOLDS_ROLE: (frozenset({NodeKind.PERSON}), _ORGS),
    RelType.MENTIONED_IN: (_ANY - {NodeKind.SOURCE}, frozenset({NodeKind.SOURCE})),
    RelType.IN: (GEOGRAPHY_KINDS, GEOGRAPHY_KINDS),
    RelType.RECOMMENDED: (_ORGS, _ORGS),
}

# Properties that only make sense on some relationship types.
_TYPE_ONLY_FIELDS: dict[str, frozenset[RelType]] = {
    "form": frozenset({RelType.PARTNERS_WITH}),
    "amount_thb": frozenset({RelType.FUNDS, RelType.SUPPORTS}),
    "year": frozenset({RelType.FUNDS, RelType.SUPPORTS}),
    "on": frozenset({RelType.SUBMITTED_TO}),
    "status": frozenset({RelType.SUBMITTED_TO}),
    "responded_on": frozenset({RelType.SUBMITTED_TO}),
    "role": frozenset({RelType.PARTICIPATED_IN}),
    "role_th": frozenset({RelType.HOLDS_ROLE}),
    "role_en": frozenset({RelType.HOLDS_ROLE}),
    "offset": frozenset({RelType.MENTIONED_IN}),
    "decision": frozenset({RelType.RECOMMENDED}),
    "decided_on": frozenset({RelType.RECOMMENDED}),
    "score": frozenset({RelType.RECOMMENDED}),
    "note": frozenset({RelType.RECOMMENDED}),
    "decided_by": frozenset({RelType.RECOMMENDED}),
    "answers_role": frozenset({RelType.RECOMMENDED}),
    "answers_gap": frozenset({RelType.RECOMMENDED}),
    "undone_decision": frozenset({RelType.RECOMMENDED}),
}


class Relationship(BaseModel):
    """One directed relationship. Identity is (type, source, target): writing it again merges."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    type: RelType
    source: str = Field(min_length=1)
    target: str = Field(min_length=1)
    source_ids: list[str] = Field(default_factory=list)
    since: date | None = None
    until: date | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    form: PartnershipForm | None = None
    weight: float | None = Field(default=None, ge=0.0)
    amount_thb: float | None = Field(default=None, ge=0.0)
    year: int | None = Field(default=None, ge=1900, le=2200)
    on: date | None = None
    status: ProposalStatus | None = None
    responded_on: date | None = None
    role: ParticipationRole | None = None
    role_th: str | None = None
    role_en: str | None = None
    offset: int | None = Field(default=None, ge=0)
    decision: RecommendationDecision | None = None
    decided_on: date | None = None
    score: float | None = None
    note: str | None = Field(default=None, max_length=2000)
    # Decisions only: who decided, the template role / gap kind the suggestion answered, and
    # for an undone decision what it was before.
    decided_by: str | None = Field(default=None, max_length=200)
    answers_role: str | None = Field(default=None, max_length=200)
    answers_gap: str | None = Field(default=None, max_length=200)
    undone_decision: RecommendationDecision | None = None

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Relationship:
        for name, allowed in _TYPE_ONLY_FIELDS.items():
            if getattr(self, name) is not None and self.type not in allowed:
                raise ValueError(f"{name!r} is not a property of {self.type.value}")
        if self.since and self.until and self.until < self.since:
            raise ValueError(f"until {self.until} is before since {self.since}")
        return self

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type.value, self.source, self.target)

    def to_props(self) -> dict[str, Any]:
        """Property map without the identity fields (type, source, target)."""
        props: dict[str, Any] = {}
        for name, value in self.model_dump(mode="json").items():
            if name in ("type", "source", "target") or value is None or value == []:
                continue
            props[name] = value
        return props

    @classmethod
    def from_props(
        cls, type_: RelType | str, source: str, target: str, props: Mapping[str, Any]
    ) -> Relationship:
        return cls.model_validate({**props, "type": type_, "source": source, "target": target})


def check_endpoints(rel: Relationship, source_kind: NodeKind, target_kind: NodeKind) -> None:
    """Refuse a relationship whose endpoint kinds the schema does not allow."""
    allowed_sources, allowed_targets = ENDPOINTS[rel.type]
    if source_kind not in allowed_sources or target_kind not in allowed_targets:
        raise ModelError(
            f"{rel.type.value} cannot join {source_kind.value} {rel.source!r} "
            f"to {target_kind.value} {rel.target!r}"
        )


# ---------------------------------------------------------------------------------------------
# Deterministic ids: re-ingesting the same thing must land on the same node.

# Agencies of which each area has exactly one, so the area code alone identifies them; the
# value is the length of the area code they are identified by (province 2, subdistrict 6).
_ONE_PER_AREA: dict[AgencyType, int] = {
    AgencyType.GOVERNOR_OFFICE: 2,
    AgencyType.PAO: 2,
    AgencyType.MSDHS_OFFICE: 2,
    AgencyType.CDD_OFFICE: 2,
    AgencyType.SAO: 6,
}

_ID_PREFIX: dict[NodeKind, str] = {
    NodeKind.COUNCIL: "council",
    NodeKind.COMMUNITY_ORGANIZATION: "cbo",
    NodeKind.AGENCY: "agency",
    NodeKind.CIVIL_SOCIETY_GROUP: "cso",
    NodeKind.ACADEMIC: "academic",
    NodeKind.PRIVATE_SECTOR: "private",
    NodeKind.PERSON: "person",
    NodeKind.PROPOSAL: "proposal",
    NodeKind.EVENT: "event",
    NodeKind.ISSUE: "issue",
    NodeKind.PLAN: "plan",
    NodeKind.SOURCE: "source",
    NodeKind.REGION: "region",
    NodeKind.PROVINCE: "province",
    NodeKind.DISTRICT: "district",
    NodeKind.SUBDISTRICT: "subdistrict",
}


def _name_part(name: str) -> str:
    slug = slug_key(name)
    if not slug:
        raise ModelError(f"cannot make an id from an empty name {name!r}")
    if len(slug) > 120:
        # Long names (proposal titles) become a readable head plus a hash of the whole.
        digest = hashlib.sha1(slug.encode("utf-8")).hexdigest()[:10]
        slug = f"{slug[:60]}~{digest}"
    return slug


def council_id(level: CouncilLevel, area_code: str | None, name: str | None = None) -> str:
    """`council:subdistrict:400101`; national is `council:national`; no area → by name."""
    if level is CouncilLevel.NATIONAL:
        return "council:national"
    if area_code:
        # Keyed like every other id part (a region's code is `Northeast`): an id given in a
        # file is case folded on ingest (`ingest/ids.py`), so a generated one must be too.
        return f"council:{level.value}:{slug_key(area_code)}"
    if not name:
        raise ModelError("a council needs an area code or a name for its id")
    return f"council:{level.value}:{_name_part(name)}"


def agency_id(type_: AgencyType, area_code: str | None, name: str) -> str:
    """`agency:pao:40` for one-per-area agencies, else `agency:<type>:<area>:<name>`.

    The short form is used only when the area is of the agency's own level: an SAO known
    only by its province must not take the id every SAO of that province would share."""
    if area_code and _ONE_PER_AREA.get(type_) == len(area_code):
        return f"agency:{type_.value}:{slug_key(area_code)}"
    return f"agency:{type_.value}:{slug_key(area_code) if area_code else 'th'}:{_name_part(name)}"


def make_id(kind: NodeKind, name: str, province_code: str | None = None) -> str:
    """Generic id: kind, province (or `th` when national) and the normalised name."""
    prefix = _ID_PREFIX[kind]
    if kind in (NodeKind.PERSON, NodeKind.ISSUE, NodeKind.SOURCE):
        return f"{prefix}:{_name_part(name)}"
    return f"{prefix}:{province_code or 'th'}:{_name_part(name)}"


def area_id(kind: NodeKind, code: str) -> str:
    """`province:40`, `district:4001`, `subdistrict:400101`."""
    if kind not in _AREAS:
        raise ModelError(f"{kind.value} is not an area kind")
    return f"{_ID_PREFIX[kind]}:{code}"


def region_id(system: str, code: str) -> str:
    return f"region:{slug_key(system)}:{slug_key(code)}"


def issue_id(code: str) -> str:
    return f"issue:{code}"
