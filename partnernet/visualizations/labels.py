"""Label placement that never overlaps, for the static figures.

Greedy by importance: the largest nodes are labelled first; each label tries its full name,
then an abbreviation, at four places around its node (below, above, right, left), and takes
the first box that stays inside the drawing area and clear of every label already placed and
of the other nodes' markers; only when no such box exists may it cover a marker (a grid of
cells keeps the checks cheap). A node that finds no room for its name may get a number
instead (its name goes in a numbered key beside the figure), while numbers last; the rest stay
unlabelled, which the key's footnote says.

Geometry only: boxes in display units (points), measured by the caller's `measure(text)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 with y up
_CELL = 24.0


@dataclass(frozen=True)
class Candidate:
    key: str
    x: float
    y: float
    radius: float  # the node's radius, in points: labels start just outside it
    texts: tuple[str, ...]  # full name first, then shorter forms


@dataclass(frozen=True)
class Placed:
    key: str
    text: str
    x: float  # the text's anchor: left, baseline-independent bottom of its box
    y: float
    box: Box
    numbered: bool


def overlaps(a: Box, b: Box, pad: float = 0.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


class _Grid:
    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        return [
            (i, j)
            for i in range(int(box[0] // _CELL), int(box[2] // _CELL) + 1)
            for j in range(int(box[1] // _CELL), int(box[3] // _CELL) + 1)
        ]

    def free(self, box: Box, pad: float) -> bool:
        return not any(
            overlaps(box, other, pad) for k in self._keys(box) for other in self.cells.get(k, ())
        )

    def add(self, box: Box) -> None:
        for k in self._keys(box):
            self.cells.setdefault(k, []).append(box)


def _spots(c: Candidate, w: float, h: float) -> list[Box]:
    gap = c.radius + 1.5
    return [
        (c.x - w / 2, c.y - gap - h, c.x + w / 2, c.y - gap),  # below
        (c.x - w / 2, c.y + gap, c.x + w / 2, c.y + gap + h),  # above
        (c.x + gap, c.y - h / 2, c.x + gap + w, c.y + h / 2),  # right
        (c.x - gap - w, c.y - h / 2, c.x - gap, c.y + h / 2),  # left
    ]


def place_labels(
    candidates: Sequence[Candidate],
    measure: Callable[[str], tuple[float, float]],
    area: Box,
    *,
    max_numbers: int = 0,
    number_measure: Callable[[str], tuple[float, float]] | None = None,
    pad: float = 1.0,
    reserved: Sequence[Box] = (),
) -> list[Placed]:
    """Place labels for `candidates` (most important first); see the module docstring.
    `reserved` boxes (other nodes' markers) are avoided when there is room; a label that finds
    none may cover a marker, never another label."""
    labels, marks = _Grid(), _Grid()
    for box in reserved:
        marks.add(box)
    placed: list[Placed] = []
    numbers = 0

    def first_free(c: Candidate, texts: Sequence[str], size: Callable[[str], Any]) -> Any:
        for strict in (True, False):
            for text in texts:
                w, h = size(text)
                for box in _spots(c, w, h):
                    if (
                        _inside(box, area)
                        and labels.free(box, pad)
                        and (not strict or marks.free(box, 0.0))
                    ):
                        return text, box
        return None

    for c in candidates:
        found = first_free(c, c.texts, measure)
        numbered = False
        if found is None and numbers < max_numbers:
            found = first_free(c, (str(numbers + 1),), number_measure or measure)
            numbered = found is not None
            numbers += numbered
        if found is not None:
            text, box = found
            labels.add(box)
            placed.append(Placed(c.key, text, box[0], box[1], box, numbered))
    return placed


def _inside(box: Box, area: Box) -> bool:
    return box[0] >= area[0] and box[1] >= area[1] and box[2] <= area[2] and box[3] <= area[3]
