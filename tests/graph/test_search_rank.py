"""Search order: match quality first, then the kind (councils before village groups that carry
the same place name), then the id; both stores rank with `rank_search`."""

from __future__ import annotations

from partnernet.foundation.thai import normalize_key
from partnernet.graph.store import rank_search

COUNCIL = "council:subdistrict:400118"
SAVINGS = "cbo:40:กลุ่มออมทรัพย์เพื่อการผลิตตำบลโนนท่อน"
SAO = "agency:sao:400118"
NAMES = {
    COUNCIL: "สภาองค์กรชุมชนตำบลโนนท่อน",
    SAVINGS: "กลุ่มออมทรัพย์เพื่อการผลิตตำบลโนนท่อน",
    SAO: "องค์การบริหารส่วนตำบลโนนท่อน",
}
KINDS = {COUNCIL: "Council", SAVINGS: "CommunityOrganization", SAO: "Agency"}


def _candidates() -> list[tuple[str, list[str]]]:
    return [(node, [normalize_key(name)]) for node, name in NAMES.items()]


def test_a_council_comes_before_groups_sharing_its_place_name() -> None:
    assert rank_search("โนนท่อน", _candidates(), KINDS) == [COUNCIL, SAVINGS, SAO]
    assert rank_search("โนนท่อน", _candidates()) == sorted(NAMES)  # no kinds: by id


def test_match_quality_still_comes_first() -> None:
    name = NAMES[SAVINGS]
    assert rank_search(name, _candidates(), KINDS)[0] == SAVINGS  # exact beats kind
    assert rank_search("กลุ่มออมทรัพย์", _candidates(), KINDS) == [SAVINGS]
