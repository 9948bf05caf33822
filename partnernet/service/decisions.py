"""Planners' decisions on suggested partners: record, take back, list (CLI and API alike).

A decision is a `RECOMMENDED` relationship (the organisation advised -> the suggested partner;
`analysis/decisions.py` says what it means). Recording one stores the suggestion's score and
the template role and gap kind it answered, computed here from the current suggestions exactly
as the web page shows them, so a decision from the CLI and one from the web carry the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from partnernet.analysis.decisions import DecisionRecord, decision_records, record
from partnernet.analysis.recommend import decision_relationship
from partnernet.analysis.template import Role, Template, load_template
from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput, NotFound
from partnernet.foundation.thai import normalize_key
from partnernet.graph.model import ORGANIZATION_KINDS, Node, RecommendationDecision, RelType
from partnernet.graph.store import GraphStore, Scope
from partnernet.service import analyses
from partnernet.service.peers import carry_forward

UNDO = "undo"


class UnknownOrganisation(InvalidInput):
    """An id or name given as one end of a decision matches no organisation."""


# How many suggestions are looked through for the decided pair's score.
_SUGGESTIONS_SEEN = 200


def _label(node: Node) -> str:
    return f"{node.id} ({node.name_th})"


def resolve_organisation(store: GraphStore, text: str) -> str:
    """The id of the organisation `text` names: an id, or a name or alias matching exactly
    one organisation. Several -> InvalidInput listing them with their ids."""
    node = store.get_node(text)
    if node is not None:
        if node.kind not in ORGANIZATION_KINDS:
            raise InvalidInput(f"{text!r} is a {node.kind.value}, not an organisation")
        return node.id
    found = store.search(text, kinds=sorted(ORGANIZATION_KINDS), limit=20)
    if not found:
        raise UnknownOrganisation(
            f"no organisation with the id or name {text!r} (try `partnernet recommend`, "
            "which prints the ids)"
        )
    wanted = _key(text)
    exact = [
        n
        for n in found
        if wanted in {_key(n.name_th), _key(n.name_en or "")} | {_key(a) for a in n.aliases}
    ]
    chosen = exact or found
    if len(chosen) == 1:
        return chosen[0].id
    shown = "; ".join(_label(n) for n in chosen[:10])
    more = f" and {len(chosen) - 10} more" if len(chosen) > 10 else ""
    raise InvalidInput(f"{text!r} names {len(chosen)} organisations: {shown}{more}; give an id")


def _key(text: str) -> str:
    return normalize_key(text)


@dataclass(frozen=True)
class Suggested:
    score: float | None
    role: str | None
    gap_kind: str | None


def _suggestion(
    store: GraphStore, source: str, target: str, template_path: Path | None
) -> Suggested:
    """The pair's current suggestion (either way round), as `recommend --org` scores it."""
    template = load_template(template_path) if template_path else load_template()
    for advised, partner in ((source, target), (target, source)):
        try:
            report = analyses.recommendations(
                store, org_id=advised, top=_SUGGESTIONS_SEEN, template_path=template_path
            )
        except ValueError:  # no suggestions can be made for this organisation
            continue
        for rec in report.recommendations:
            if rec.target == partner:
                role = rec.evidence.get("role", {}).get("id")
                gap = next((r.gap_kind for r in _roles(template) if r.id == role), None)
                return Suggested(rec.score, role, gap)
    return Suggested(None, None, None)


def _roles(template: Template) -> list[Role]:
    return [role for level in template.councils.values() for role in level.roles]


def decide(
    store: GraphStore,
    source: str,
    target: str,
    decision: RecommendationDecision | str,
    *,
    note: str | None = None,
    decided_by: str | None = None,
    score: float | None = None,
    decided_on: date | None = None,
    template_path: Path | None = None,
) -> DecisionRecord:
    """Record `accepted` / `rejected` for the pair, or take the standing decision back
    (`undo`). `source` and `target` may be ids or unambiguous names. Returns the decision as
    it now stands."""
    source_id = resolve_organisation(store, source)
    target_id = resolve_organisation(store, target)
    if source_id == target_id:
        raise InvalidInput("a decision needs two different organisations")
    day = decided_on or date.today()
    if day > date.today():
        raise InvalidInput(f"a decision cannot be dated in the future ({day.isoformat()})")
    value = str(decision.value if isinstance(decision, RecommendationDecision) else decision)
    existing = _existing(store, source_id, target_id)
    if value in (UNDO, RecommendationDecision.UNDONE.value):
        if existing is None or existing[2] == RecommendationDecision.UNDONE.value:
            raise NotFound(f"no decision to undo between {source_id} and {target_id}")
        source_id, target_id, previous = existing
        rel = decision_relationship(
            source_id,
            target_id,
            RecommendationDecision.UNDONE,
            day,
            note=note,
            decided_by=decided_by,
            undone=previous,
        )
    else:
        try:
            chosen = RecommendationDecision(value)
        except ValueError:
            raise InvalidInput(f"decision is accepted, rejected or undo, not {value!r}") from None
        if existing is not None:  # one decision per pair, whichever way it was first recorded
            source_id, target_id = existing[0], existing[1]
        suggested = _suggestion(store, source_id, target_id, template_path)
        rel = decision_relationship(
            source_id,
            target_id,
            chosen,
            day,
            score=score if score is not None else suggested.score,
            note=note,
            decided_by=decided_by,
            role=suggested.role,
            gap_kind=suggested.gap_kind,
        )
    before = store.data_version()
    report = store.upsert_relationships([rel])
    if report.rejected:
        raise InvalidInput(report.rejected[0].reason)
    carry_forward(store, before)  # a decision is no tie: the peer summaries still hold
    graph = store.subgraph(Scope(ego=source_id, radius=1))
    stored = store.get_relationship(RelType.RECOMMENDED, source_id, target_id)
    props = stored.to_props() if stored is not None else rel.to_props()
    return record(graph, source_id, target_id, props, day)


def _existing(store: GraphStore, a: str, b: str) -> tuple[str, str, str] | None:
    """The pair's stored decision: (source, target, decision), either way round."""
    for source, target in ((a, b), (b, a)):
        rel = store.get_relationship(RelType.RECOMMENDED, source, target)
        if rel is not None and rel.decision is not None:
            return source, target, rel.decision.value
    return None


def list_decisions(
    store: GraphStore, province: str | None = None, *, as_of: date | None = None
) -> list[DecisionRecord]:
    """Every decision (of the organisations of `province`), with its status today."""
    day = as_of or date.today()
    if province is None:
        return decision_records(store.subgraph(), day)
    code = geography.resolve_province(province).code
    graph = store.subgraph(Scope(provinces=frozenset({code})))
    return decision_records(graph, day, province=code)
