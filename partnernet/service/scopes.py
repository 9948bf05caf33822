"""Turning what a user names (a province, a region, an issue, an organisation) into the
`Scope` a store reads; names are resolved here once, for every face of the tool."""

from __future__ import annotations

from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput
from partnernet.graph.issues import resolve_issue
from partnernet.graph.model import issue_id
from partnernet.graph.store import Scope


def scope_for(
    *,
    province: str | None = None,
    region: str | None = None,
    issue: str | None = None,
    ego: str | None = None,
    radius: int = 1,
) -> Scope:
    """The scope of at most one of a province, a region, an issue (code or name) or one
    organisation's neighbourhood (`ego` id, `radius` steps); none: the whole graph."""
    given = [
        name
        for name, v in (("province", province), ("region", region), ("issue", issue), ("ego", ego))
        if v
    ]
    if len(given) > 1:
        raise InvalidInput(
            f"give one of province, region, issue and organisation, not {' and '.join(given)}"
        )
    if province:
        return Scope(provinces=frozenset({geography.resolve_province(province).code}))
    if region:
        found = geography.resolve_region(region)
        return Scope(provinces=frozenset(p.code for p in geography.region_provinces(found)))
    if issue:
        return Scope(issue=issue_id(resolve_issue(issue.removeprefix("issue:")).code))
    if ego:
        return Scope(ego=ego, radius=radius)
    return Scope()
