"""What the Thai report extractor finds, as plain pydantic data (nothing stored).

An :class:`Extraction` is the result for one report: organisations, people, provinces and
smaller areas, regions, events, proposals and partnerships. Every item carries its evidence:
the character offsets of each mention in the report *as given* (``text[start:end]`` is the
mention as written) and the sentence around it (normalised). ``Extraction.to_json()`` is the
shape ``partnernet extract --json`` prints (see ``DESIGN.md``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Evidence(BaseModel):
    """One mention: offsets into the original report text, the text as written, the sentence."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    sentence: str


REVIEW_THRESHOLD = 0.6  # below this a fact is marked for review and a plain ingest skips it


class _Item(BaseModel):
    model_config = ConfigDict(validate_assignment=True)

    evidence: list[Evidence] = Field(default_factory=list)
    # how sure the extractor is (0-1) and the rule that produced the fact, e.g.
    # "org.gazetteer", "person.title+position"; ``review`` = confidence < REVIEW_THRESHOLD
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    rule: str | None = None
    review: bool = False

    def rate(self, confidence: float, rule: str) -> None:
        """Set confidence and rule; mark for review below the threshold."""
        self.confidence = round(confidence, 2)
        self.rule = rule
        self.review = confidence < REVIEW_THRESHOLD

    @property
    def first_offset(self) -> int:
        return min((e.start for e in self.evidence), default=0)


class ExtractedProvince(_Item):
    code: str
    name_th: str
    name_en: str


class ExtractedArea(_Item):
    """A district or subdistrict named with ``อำเภอ``/``อ.``/``เขต`` or ``ตำบล``/``ต.``/``แขวง``."""

    level: str  # district | subdistrict
    code: str
    name_th: str
    name_en: str
    province_code: str


class ExtractedRegion(_Item):
    key: str  # region6:Northeast
    name_th: str
    name_en: str


class ExtractedOrganization(_Item):
    id: str
    name: str
    name_en: str | None = None
    aliases: list[str] = Field(default_factory=list)
    kind: str  # snake_case node kind: agency, council, civil_society_group, academic, ...
    type: str | None = None
    level: str | None = None  # councils
    tier: str | None = None  # agencies
    province: str | None = None  # province code
    province_name: str | None = None
    district: str | None = None
    subdistrict: str | None = None
    region: str | None = None  # region key, e.g. region6:Northeast
    parent: str | None = None  # id of the organisation this one is a unit of
    # a class of organisations written in general ("สภาองค์กรชุมชนตำบล"), not one of them:
    # kept apart from every named organisation and always marked for review
    generic: bool = False


class RoleHeld(BaseModel):
    role: str | None = None
    role_en: str | None = None
    organization: str | None = None  # organisation name
    organization_id: str | None = None


class ExtractedPerson(_Item):
    """A public role holder: name, title and role only (Thailand's PDPA)."""

    id: str
    name: str
    title: str | None = None
    role: str | None = None
    role_en: str | None = None
    organization: str | None = None
    organization_id: str | None = None
    roles: list[RoleHeld] = Field(default_factory=list)
    event_role: str | None = None  # speaker | participant | organiser, for the report's event


class ExtractedEvent(_Item):
    id: str
    title: str
    start_date: date | None = None
    end_date: date | None = None
    place: str | None = None
    province: str | None = None
    organisers: list[str] = Field(default_factory=list)  # organisation ids
    participants: list[str] = Field(default_factory=list)  # organisation ids
    speakers: list[str] = Field(default_factory=list)  # person ids
    attendees: list[str] = Field(default_factory=list)  # person ids (not speaking)
    participant_count: int | None = None
    participant_count_text: str | None = None  # as written, e.g. "กว่า 40 คน"
    # where the start date's year comes from: "written" (in the date itself), "dateline" (a
    # day and month without a year, the year from the text's dateline) or "published" (from
    # the publication date given to ``extract --published``)
    date_basis: str | None = None


class ExtractedProposal(_Item):
    id: str
    number: int
    title: str
    text: str
    heading: str
    model: str | None = None  # integrated_province | self_governing_province
    issues: list[str] = Field(default_factory=list)  # issue codes
    event: str | None = None  # event id
    raised_on: date | None = None


class ExtractedPartnership(_Item):
    source: str  # organisation id
    target: str  # organisation id
    type: str  # PARTNERS_WITH | SUPPORTS | FUNDS
    form: str | None = None  # PartnershipForm value for PARTNERS_WITH
    cue: str


class Extraction(BaseModel):
    """Everything read from one report; see the module docstring."""

    model_config = ConfigDict(validate_assignment=True)

    source_id: str
    title: str | None = None
    sha256: str
    published_on: date | None = None
    dateline: str | None = None
    text: str = Field(default="", repr=False, exclude=True)  # the report as given
    organizations: list[ExtractedOrganization] = Field(default_factory=list)
    people: list[ExtractedPerson] = Field(default_factory=list)
    provinces: list[ExtractedProvince] = Field(default_factory=list)
    areas: list[ExtractedArea] = Field(default_factory=list)
    regions: list[ExtractedRegion] = Field(default_factory=list)
    events: list[ExtractedEvent] = Field(default_factory=list)
    proposals: list[ExtractedProposal] = Field(default_factory=list)
    partnerships: list[ExtractedPartnership] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``extract`` JSON object of DESIGN.md (plus ids, areas, regions, evidence)."""
        return self.model_dump(mode="json", exclude={"text"})

    def organization(self, org_id: str) -> ExtractedOrganization | None:
        return next((o for o in self.organizations if o.id == org_id), None)

    def person(self, person_id: str) -> ExtractedPerson | None:
        return next((p for p in self.people if p.id == person_id), None)


class Conflict(BaseModel):
    """Two extractions disagree about what may be one entity; says what was done about it."""

    kind: str  # organization | person
    field: str  # province | kind | type | title | role | ...
    ids: list[str]
    names: list[str]
    values: list[str | None]
    sources: list[str]
    resolution: str  # merged | kept_apart
    message: str
