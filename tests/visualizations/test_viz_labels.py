"""Label placement (`labels.place_labels`): other nodes' markers are kept clear while there is
room, labels never overlap each other."""

from __future__ import annotations

from partnernet.visualizations.labels import Candidate, overlaps, place_labels


def _measure(text: str) -> tuple[float, float]:
    return 6.0 * len(text), 10.0


AREA = (0.0, 0.0, 200.0, 200.0)


def test_a_label_goes_where_it_hides_no_marker() -> None:
    node = Candidate("a", 100.0, 100.0, 4.0, ("abcdef",))
    below = (70.0, 80.0, 130.0, 94.0)  # a marker just under the node: "below" is taken
    placed = place_labels([node], _measure, AREA, reserved=[below])
    assert len(placed) == 1 and not overlaps(placed[0].box, below)
    assert placed[0].box[1] > 100.0  # above instead


def test_a_label_may_cover_a_marker_only_when_nothing_else_is_free() -> None:
    node = Candidate("a", 100.0, 100.0, 4.0, ("abcdef",))
    everywhere = [(0.0, 0.0, 200.0, 96.0), (0.0, 104.0, 200.0, 200.0)]
    everywhere += [(0.0, 0.0, 96.0, 200.0), (104.0, 0.0, 200.0, 200.0)]
    placed = place_labels([node], _measure, AREA, reserved=everywhere)
    assert [p.text for p in placed] == ["abcdef"]


def test_labels_never_overlap_each_other_and_the_rest_get_numbers() -> None:
    crowd = [Candidate(str(i), 20.0 + 8.0 * i, 100.0, 2.0, ("name",)) for i in range(12)]
    placed = place_labels(crowd, _measure, AREA, max_numbers=3)
    boxes = [p.box for p in placed]
    assert all(not overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    numbers = [p.text for p in placed if p.numbered]
    assert numbers and numbers == [str(i + 1) for i in range(len(numbers))]
    assert len(placed) < len(crowd)
