"""Result models of the gap analysis (the JSON shape of `partnernet gaps`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from partnernet.analysis.template import GapSettings, Severity


class ProvinceInfo(BaseModel):
    code: str
    name_th: str
    name_en: str
    region: str | None = None


class Gap(BaseModel):
    kind: str
    severity: Severity
    subjects: list[str]
    explanation_th: str
    explanation_en: str
    evidence: dict[str, Any] = Field(default_factory=dict)
    # `planned`: a planner accepted a partner that would close it (evidence["decisions"]);
    # it stays listed, apart, until the tie is recorded.
    status: Literal["open", "planned"] = "open"


class GapReport(BaseModel):
    province: ProvinceInfo
    coverage: float
    gaps: list[Gap]
    metrics: dict[str, Any] = Field(default_factory=dict)


def share_severity(base: Severity, share: float, settings: GapSettings) -> Severity:
    """A gap about many councils keeps its role's severity when at least `share_high` of them
    are affected, drops one step from `share_medium`, two below that."""
    if share >= settings.share_high:
        return base
    return base.lowered(1 if share >= settings.share_medium else 2)
