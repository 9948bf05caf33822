"""Request bodies of the HTTP API (what clients send), with OpenAPI examples. Responses are in
`schemas.py`; both are kept apart from the domain model."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from partnernet.graph import cypher
from partnernet.graph.model import (
    AgencyTier,
    CouncilLevel,
    ParticipationRole,
    PartnershipForm,
    ProposalModel,
    ProposalStatus,
    RecommendationDecision,
)
from partnernet.service.ingest_preview import FactChoice

_ORG_ID = "council:provincial:40"
_PARTNER_ID = "agency:pao:40"


class OrganizationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "civil_society_group",
                    "name_th": "เครือข่ายป่าชุมชนจังหวัดขอนแก่น",
                    "name_en": "Khon Kaen Community Forest Network",
                    "type": "network",
                    "province": "ขอนแก่น",
                    "issues": ["environment", "land"],
                }
            ]
        },
    )

    kind: str = Field(
        min_length=1,
        max_length=60,
        description="council, agency, civil_society_group, … or Thai (อบจ.).",
    )
    name_th: str = Field(min_length=1, max_length=400)
    name_en: str | None = Field(default=None, max_length=400)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    id: str | None = Field(
        default=None,
        min_length=1,
        max_length=400,
        description="Leave out for the deterministic id.",
    )
    type: str | None = Field(default=None, max_length=100)
    level: str | None = Field(default=None, max_length=60, description="Councils only.")
    tier: str | None = Field(default=None, max_length=60, description="Agencies only.")
    province: str | None = Field(default=None, max_length=200)
    district: str | None = Field(default=None, max_length=200)
    subdistrict: str | None = Field(default=None, max_length=200)
    issues: list[str] = Field(default_factory=list, max_length=50)


class OrganizationUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name_en": "Khon Kaen Provincial Council Network",
                    "aliases": ["สภาฯ ขอนแก่น"],
                    "issues": ["housing"],
                }
            ]
        },
    )

    name_th: str | None = Field(default=None, min_length=1, max_length=400)
    name_en: str | None = Field(default=None, min_length=1, max_length=400)
    aliases: list[str] | None = Field(
        default=None, max_length=50, description="Added to the existing aliases."
    )
    type: str | None = Field(default=None, min_length=1, max_length=100)
    level: CouncilLevel | None = None
    tier: AgencyTier | None = None
    issues: list[str] | None = Field(
        default=None, max_length=50, description="Issues to add (WORKS_ON)."
    )


class WritableRel(StrEnum):
    """Relationship types the API writes (geography, provenance and decisions have their own
    paths)."""

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


class RelationshipCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "PARTNERS_WITH",
                    "source": _ORG_ID,
                    "target": _PARTNER_ID,
                    "form": "mou",
                    "since": "2023-03-22",
                    "weight": 1.0,
                }
            ]
        },
    )

    type: WritableRel
    source: str = Field(min_length=1, max_length=400)
    target: str = Field(min_length=1, max_length=400)
    form: PartnershipForm | None = None
    since: date | None = None
    until: date | None = None
    weight: float | None = Field(default=None, ge=0, le=1e9)
    confidence: float | None = Field(default=None, ge=0, le=1)
    amount_thb: float | None = Field(default=None, ge=0, le=1e13)
    year: int | None = Field(default=None, ge=1900, le=2200)
    role: ParticipationRole | None = None
    role_th: str | None = Field(default=None, max_length=200)
    role_en: str | None = Field(default=None, max_length=200)
    on: date | None = None
    status: ProposalStatus | None = None
    responded_on: date | None = None
    source_ids: list[str] = Field(default_factory=list, max_length=50)


class ProposalCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title_th": "ข้อเสนอการจัดการที่ดินทำกินของชุมชน",
                    "title_en": "Community land management proposal",
                    "proposed_by": [_ORG_ID],
                    "submitted_to": ["agency:governor_office:40"],
                    "status": "submitted",
                    "raised_on": "2023-03-22",
                    "issues": ["land"],
                    "province": "40",
                }
            ]
        },
    )

    title_th: str = Field(min_length=1, max_length=1000)
    title_en: str | None = Field(default=None, max_length=1000)
    text: str | None = Field(default=None, max_length=20_000)
    id: str | None = Field(default=None, min_length=1, max_length=400)
    proposed_by: list[str] = Field(default_factory=list, max_length=50)
    submitted_to: list[str] = Field(default_factory=list, max_length=50)
    status: ProposalStatus | None = None
    raised_on: date | None = None
    issues: list[str] = Field(default_factory=list, max_length=50)
    model: ProposalModel | None = None
    province: str | None = Field(default=None, max_length=200)


class StatusChange(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"status": "in_plan"}]}
    )

    status: ProposalStatus


class ResponseIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "organization": "agency:governor_office:40",
                    "status": "acknowledged",
                    "responded_on": "2023-05-01",
                }
            ]
        },
    )

    organization: str = Field(min_length=1, max_length=400)
    status: ProposalStatus
    responded_on: date | None = Field(default=None, description="Default: today.")
    submitted_on: date | None = None


class DecisionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "source": _ORG_ID,
                    "target": _PARTNER_ID,
                    "decision": "accepted",
                    "note": "agreed at the March meeting",
                }
            ]
        },
    )

    source: str = Field(min_length=1, max_length=400, description="The organisation advised.")
    target: str = Field(min_length=1, max_length=400, description="The suggested partner.")
    decision: RecommendationDecision
    note: str | None = Field(default=None, max_length=2000)
    score: float | None = Field(default=None, ge=-1e9, le=1e9)


class CypherIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "query": cypher.EXAMPLE_QUERY,
                    "params": {"p": "40"},
                    "limit": 100,
                }
            ]
        },
    )

    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)
    limit: int | None = Field(
        default=None, ge=1, le=100_000, description="At most the server's row limit."
    )


class KeyCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"role": "editor", "name": "field-office"}]}
    )

    role: Literal["viewer", "editor", "admin"]
    name: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]{1,40}$")


class SessionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"key": "pn_1a2b3c4d_your-key-from-partnernet-keys"}]},
    )

    key: str = Field(min_length=1, max_length=512)


_FACT = "2023-03-22-northeast-integrated-province-meeting|person:person:นายสมชาย-ใจดี"


class ChoicesIn(BaseModel):
    """The editor's ticks and corrections of report facts, by fact key (the preview's
    `facts[].key`); facts not named keep their default (ticked unless marked for review)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "facts": {
                        _FACT: {"keep": False},
                        "2023-03-22-northeast-integrated-province-meeting|event:event:x": {
                            "name": "เวทีสมัชชาจังหวัด",
                            "date": "2023-03-22",
                        },
                    }
                }
            ]
        },
    )

    facts: dict[str, FactChoice] = Field(default_factory=dict, max_length=5000)


class ConfirmIn(BaseModel):
    """Which preview to write (the preview's `token`)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"token": "Q2hvb3NlIGEgcmVhbCB0b2tlbiBmcm9t"}]},
    )

    token: str = Field(pattern=r"^[A-Za-z0-9_-]{32}$")
