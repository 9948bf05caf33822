"""Node positions computed in Python, so that views open with physics off and paint at once.

`layout_positions(nodes, edges, seed)` lays out each connected component with a seeded
Fruchterman–Reingold layout, then packs the components (largest first) in rows and puts isolated
nodes on a grid underneath, so that small islands do not drift off to the edge of the screen.

Fruchterman–Reingold runs compiled (python-igraph, when installed: under a second for 5,000
nodes) or in numpy (all-pairs repulsion in blocks: a few seconds for 2,000 nodes). Each backend
is deterministic for a seed; the two give different (equally valid) pictures.

Positions are in vis-network's pixel units, scaled so that the median edge is at least
`EDGE_LENGTH` long and the median distance to the nearest node at least `NEAREST`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

Backend = Literal["auto", "igraph", "numpy"]
FloatArray = npt.NDArray[np.float64]

EDGE_LENGTH = 90.0
NEAREST = 55.0  # median distance to the nearest other node, in pixels
_GAP = 1.2  # space between packed components, in edge lengths
_BLOCK = 1024


def _igraph() -> Any:
    try:
        import igraph  # type: ignore[import-untyped]
    except ImportError:
        return None
    return igraph


def _components(n: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _fr_numpy(n: int, edges: FloatArray, seed: int, iterations: int) -> FloatArray:
    """Fruchterman–Reingold in the unit square, all-pairs repulsion in blocks of rows."""
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, size=(n, 2))
    k = math.sqrt(4.0 / n)
    k2 = k * k
    src = edges[:, 0].astype(np.int64) if len(edges) else np.zeros(0, dtype=np.int64)
    dst = edges[:, 1].astype(np.int64) if len(edges) else np.zeros(0, dtype=np.int64)
    temperature = 0.2
    cool = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        for start in range(0, n, _BLOCK):
            block = pos[start : start + _BLOCK]
            delta = block[:, None, :] - pos[None, :, :]
            dist2 = np.einsum("ijk,ijk->ij", delta, delta)
            np.maximum(dist2, 1e-6, out=dist2)
            disp[start : start + _BLOCK] = np.einsum("ijk,ij->ik", delta, k2 / dist2)
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.sqrt(np.einsum("ij,ij->i", delta, delta)) + 1e-9
            pull = delta * (dist / k)[:, None]
            np.subtract.at(disp, src, pull)
            np.add.at(disp, dst, pull)
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cool
    return pos


def _fr_igraph(ig: Any, n: int, edges: Sequence[tuple[int, int]], seed: int) -> FloatArray:
    graph = ig.Graph(n=n, edges=list(edges))
    # igraph's own starting box: a square of side sqrt(n) (its grid cells assume that scale)
    half = math.sqrt(n) / 2
    start = np.random.default_rng(seed).uniform(-half, half, size=(n, 2)).tolist()
    ig.set_random_number_generator(random.Random(seed))
    try:
        coords = graph.layout_fruchterman_reingold(seed=start, niter=500, grid="auto")
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(coords.coords, dtype=np.float64).reshape(n, 2)


def _component_layout(
    members: list[int], edges: list[tuple[int, int]], seed: int, backend: Backend
) -> FloatArray:
    n = len(members)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [EDGE_LENGTH, 0.0]])
    ig = _igraph() if backend in ("auto", "igraph") else None
    if backend == "igraph" and ig is None:
        raise RuntimeError("layout backend 'igraph' asked for, but python-igraph is not installed")
    if ig is not None:
        pos = _fr_igraph(ig, n, edges, seed)
    else:
        iterations = 60 if n <= 1000 else 40
        pos = _fr_numpy(n, np.asarray(edges, dtype=np.float64).reshape(-1, 2), seed, iterations)
    pos -= pos.mean(axis=0)
    if edges:
        a = np.asarray([e[0] for e in edges])
        b = np.asarray([e[1] for e in edges])
        edge = float(np.median(np.linalg.norm(pos[a] - pos[b], axis=1)))
    else:
        edge = 0.0
    nearest = _median_nearest(pos)
    factors = [EDGE_LENGTH / edge if edge > 1e-9 else 0.0]
    factors.append(NEAREST / nearest if nearest > 1e-9 else 0.0)
    factor = max(factors) or 1.0
    return pos * factor


def _median_nearest(pos: FloatArray) -> float:
    """Median distance from a node to its nearest other node (all pairs, in blocks)."""
    n = len(pos)
    if n < 2:
        return 0.0
    best = np.empty(n)
    for start in range(0, n, _BLOCK):
        block = pos[start : start + _BLOCK]
        d2 = ((block[:, None, :] - pos[None, :, :]) ** 2).sum(axis=2)
        rows = np.arange(len(block))
        d2[rows, rows + start] = np.inf
        best[start : start + _BLOCK] = d2.min(axis=1)
    return float(np.sqrt(np.median(best)))


def _pack(blocks: list[FloatArray]) -> list[FloatArray]:
    """Shelf-pack component layouts (largest first) into rows of roughly square total shape."""
    boxes = [(b.max(axis=0) - b.min(axis=0)) + EDGE_LENGTH * _GAP for b in blocks]
    total_area = sum(float(w * h) for w, h in boxes)
    row_width = max(math.sqrt(total_area) * 1.3, float(boxes[0][0]) if boxes else 0.0)
    placed: list[FloatArray] = []
    x = y = row_height = 0.0
    for block, (w, h) in zip(blocks, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        offset = np.array([x, y]) - block.min(axis=0)
        placed.append(block + offset)
        x += float(w)
        row_height = max(row_height, float(h))
    return placed


def layout_positions(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    seed: int = 42,
    backend: Backend = "auto",
) -> dict[Hashable, tuple[float, float]]:
    """Positions for every node (see the module docstring); self-loops are ignored."""
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted(
        {
            (min(index[a], index[b]), max(index[a], index[b]))
            for a, b in edges
            if a in index and b in index and a != b
        }
    )
    n = len(index)
    if n == 0:
        return {}
    comps = _components(n, pairs)
    big = [c for c in comps if len(c) > 1]
    singles = [c[0] for c in comps if len(c) == 1]
    by_comp: dict[int, int] = {}
    for ci, members in enumerate(big):
        for m in members:
            by_comp[m] = ci
    comp_edges: list[list[tuple[int, int]]] = [[] for _ in big]
    local: dict[int, int] = {}
    for members in big:
        for j, m in enumerate(members):
            local[m] = j
    for a, b in pairs:
        comp_edges[by_comp[a]].append((local[a], local[b]))
    blocks = [
        _component_layout(members, comp_edges[ci], seed + ci, backend)
        for ci, members in enumerate(big)
    ]
    if singles:
        side = math.ceil(math.sqrt(len(singles)))
        grid = np.array(
            [
                [(i % side) * EDGE_LENGTH * 0.8, (i // side) * EDGE_LENGTH * 0.8]
                for i in range(len(singles))
            ],
            dtype=np.float64,
        )
        blocks.append(grid)
    placed = _pack(blocks)
    coords = np.zeros((n, 2))
    for ci, members in enumerate(big):
        coords[members] = placed[ci]
    if singles:
        coords[singles] = placed[-1]
    coords -= (coords.max(axis=0) + coords.min(axis=0)) / 2
    return {
        node: (round(float(coords[i, 0]), 1), round(float(coords[i, 1]), 1))
        for node, i in index.items()
    }
