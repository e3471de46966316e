"""The k nearest vertices of an area to many points, in numpy: what a k-d tree answers, without
scipy.

Why not ``scipy.spatial.cKDTree``: importing it imports ``scipy.sparse``, ``scipy.special`` and
``scipy.linalg`` (scipy parses hundreds of docstrings as it does): 0.52-0.57 s of the 1.8 s of
``python -m ranges targets --targets airfields --area UKR``, whose queries then took 40 ms.

How. The vertices (Earth-centred points of the surface, in the order of the area's curves, so
that consecutive vertices are neighbours) are cut into *leaves* of ``LEAF_SIZE`` consecutive
vertices, and the leaves into *groups* of ``GROUP_LEAVES``, each with a centre and the radius
of a ball holding its vertices. For a point ``q``, ``|q - centre| - radius`` is a lower bound
of the distance to any vertex inside (triangle inequality). First round: the bounds to every
group; in the 2 groups of the least bounds, the bounds to their leaves; the vertices of the 4
leaves of the least bounds searched exactly (``_ROUNDS``). The answer is certain when the next
group's and the next leaf's bounds are at least the k-th distance found (every other vertex is
then at least that far). Points not yet certain (a quarter of every airfield against Ukraine's
841 vertices) are searched again in 6 leaves of 4 groups, then (2 %) with the bounds to every
leaf, the 4, 16, 64... leaves of the least bounds, until every leaf is (a brute force). The
least few of a row are found by argmin, a few times over (``_least``).

Cost: (points x groups) and (points x 16) bounds plus (points x 32) distances, then as much
again per leaf for the points not yet certain. That grows with the area's vertices, where the
tree's barely does: above :data:`MAX_WORK` (points x vertices) the k-d tree (scipy imported
then) is sooner despite its import
(:meth:`ranges.geometry.areadistance.AreaModel.index_for` chooses). Measured at load 8-10 on
64,115 airfields x Ukraine's 841 vertices, CPU: 0.19 s against the tree's 0.085 s, and 0.36-0.44
s to import ``scipy.spatial``.

Exactness: the distances are ``sqrt`` of the sum of squared differences, as the tree's. The
bounds are computed in float32 (half the memory traffic of the largest arrays) and lowered by
``_BOUND_SLACK`` (6 m in units of the equatorial radius), far above their rounding (6e-8), so a
point is never declared certain by a rounding error. Ties between vertices at
the same distance may be ordered otherwise than the tree orders them.
Units: whatever the points' are (the area model uses equatorial radii).
"""

from __future__ import annotations

import numpy as np

__all__ = ["GROUP_LEAVES", "LEAF_SIZE", "MAX_WORK", "NearestVertices"]

LEAF_SIZE = 8
"""Consecutive vertices per leaf."""
MAX_WORK = 100_000_000
"""(points x vertices) of a query above which scipy's k-d tree answers sooner, its import
included: this index took 2.2x the tree's time on 64,115 points x 841 vertices (5.4e7: 0.1 s
more, against an import of 0.4-0.5 s), and its cost grows with both."""
GROUP_LEAVES = 8
"""Consecutive leaves per group: a point's bounds are taken to every group, then to the
leaves of the nearest groups only."""
_ROUNDS = ((2, 4), (4, 6))  # (groups, leaves) searched in the first rounds
_FIRST_LEAVES = 4
_BOUND_SLACK = 1e-6  # float32 bounds (see _bounds), in units of the points' (6 m in radii)
_FAR = 1e10  # coordinates of the padding vertex: never among the nearest


def _balls(points: np.ndarray, groups: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Centres (g, 3) and radii (g,) of balls holding each group's vertices (rows of
    ``groups``, indexes into ``points``; ``n`` is the padding vertex, left out)."""
    real = (groups < n)[:, :, None]
    members = points[groups]
    count = np.maximum(real.sum(axis=1), 1)
    centres = np.where(real, members, 0.0).sum(axis=1) / count
    spread = np.sqrt(((members - centres[:, None, :]) ** 2).sum(axis=2))
    return centres, np.where(real[:, :, 0], spread, 0.0).max(axis=1)


def _least(values: np.ndarray, t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of ``values`` (m, c > t): the columns of its t least values and those values,
    least first, and the least of the others. By argmin, t + 1 times over the rows: for a few
    columns out of tens, sooner than ``np.argpartition``, which sorts row by row. ``values``
    is overwritten (the chosen cells become +inf)."""
    rows = np.arange(values.shape[0])
    columns = np.empty((values.shape[0], t), dtype=np.int64)
    least = np.empty((values.shape[0], t), dtype=values.dtype)
    for j in range(t):
        columns[:, j] = np.argmin(values, axis=1)
        least[:, j] = values[rows, columns[:, j]]
        values[rows, columns[:, j]] = np.inf
    return columns, least, values.min(axis=1)


class NearestVertices:
    """The k nearest of fixed vertices (n, 3) to query points, by Euclidean distance."""

    def __init__(self, points: np.ndarray) -> None:
        points = np.asarray(points, dtype=float).reshape(-1, 3)
        n = points.shape[0]
        self.n = n
        n_leaves = max(1, -(-n // LEAF_SIZE))
        n_groups = -(-n_leaves // GROUP_LEAVES)
        # One row past the vertices, far away, fills the last leaf.
        self.points = np.vstack([points, np.full((1, 3), _FAR)])
        slots = np.arange(n_groups * GROUP_LEAVES * LEAF_SIZE)
        slots = np.where(slots < n, slots, n)
        self.leaves = slots[: n_leaves * LEAF_SIZE].reshape(n_leaves, LEAF_SIZE)
        centres, radii = _balls(self.points, self.leaves, n)
        # Groups of GROUP_LEAVES consecutive leaves, the last one padded with a leaf past the
        # others (far away, radius 0: never chosen).
        self.groups = np.minimum(
            np.arange(n_groups * GROUP_LEAVES).reshape(n_groups, GROUP_LEAVES), n_leaves
        )
        g_centres, g_radii = _balls(
            self.points, slots.reshape(n_groups, GROUP_LEAVES * LEAF_SIZE), n
        )
        centres = np.vstack([centres, np.full((1, 3), _FAR)])
        radii = np.append(radii, 0.0)
        # float32 for the bounds (see _bounds); coordinates as rows for the loops.
        self.radii = (radii + _BOUND_SLACK).astype(np.float32)
        self.cx, self.cy, self.cz = (c.astype(np.float32) for c in centres.T)
        self.g_radii = (g_radii + _BOUND_SLACK).astype(np.float32)
        self.gx, self.gy, self.gz = (c.astype(np.float32) for c in g_centres.T)
        self.px, self.py, self.pz = (np.ascontiguousarray(c) for c in self.points.T)

    @staticmethod
    def _ball_bounds(
        q32: np.ndarray,
        cx: np.ndarray,
        cy: np.ndarray,
        cz: np.ndarray,
        radii: np.ndarray,
    ) -> np.ndarray:
        """Lower bounds of the distance from each point to the balls (float32): ``|q - c| - r``
        (``c`` rows of centres broadcast against the points' column, or gathered per point)."""
        d2 = np.square(q32[:, 0, None] - cx)
        d2 += np.square(q32[:, 1, None] - cy)
        d2 += np.square(q32[:, 2, None] - cz)
        out = np.sqrt(d2, out=d2)
        out -= radii
        return out

    def _bounds(self, q: np.ndarray) -> np.ndarray:
        """(points, leaves) lower bounds of the distance from each point to each leaf, float32,
        ``_BOUND_SLACK`` below the exact bound (the module docstring)."""
        n_leaves = self.leaves.shape[0]
        return self._ball_bounds(
            q.astype(np.float32),
            self.cx[:n_leaves],
            self.cy[:n_leaves],
            self.cz[:n_leaves],
            self.radii[:n_leaves],
        )

    def _round(
        self, q: np.ndarray, k: int, n_groups: int, n_leaves: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(distances, indexes, sure) from the leaves of the ``n_groups`` groups of the least
        bounds, searched in their ``n_leaves`` leaves of the least bounds: sure where the next
        group's and the next leaf's bounds are at least the k-th distance."""
        q32 = q.astype(np.float32)
        g_bounds = self._ball_bounds(q32, self.gx, self.gy, self.gz, self.g_radii)
        groups, _, next_group = _least(g_bounds, n_groups)
        leaves = self.groups[groups].reshape(q.shape[0], -1)
        bounds = self._ball_bounds(
            q32, self.cx[leaves], self.cy[leaves], self.cz[leaves], self.radii[leaves]
        )
        chosen, _, next_leaf = _least(bounds, n_leaves)
        d, i = self._search(q, np.take_along_axis(leaves, chosen, axis=1), k)
        return d, i, np.minimum(next_group, next_leaf) >= d[:, -1]

    def _search(self, q: np.ndarray, leaves: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest (distance, vertex) of each point among the vertices of its ``leaves``
        (points, T), sorted by distance."""
        cand = self.leaves[leaves].reshape(q.shape[0], -1)
        d2 = np.square(self.px[cand] - q[:, 0, None])
        d2 += np.square(self.py[cand] - q[:, 1, None])
        d2 += np.square(self.pz[cand] - q[:, 2, None])
        d = np.sqrt(d2, out=d2)
        if k <= _FIRST_LEAVES and k < d.shape[1]:
            part, least, _ = _least(d, k)  # nearest first
            return least, np.take_along_axis(cand, part, axis=1)
        if k < d.shape[1]:
            part = np.argpartition(d, k - 1, axis=1)[:, :k]
            d = np.take_along_axis(d, part, axis=1)
            cand = np.take_along_axis(cand, part, axis=1)
        order = np.argsort(d, axis=1, kind="stable")
        return np.take_along_axis(d, order, axis=1), np.take_along_axis(cand, order, axis=1)

    def query(self, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(distances (m, k), vertex indexes (m, k)) of the k nearest vertices of each of the
        points ``q`` (m, 3), nearest first; ``1 <= k <= n``."""
        q = np.asarray(q, dtype=float).reshape(-1, 3)
        if not 1 <= k <= self.n:
            raise ValueError(f"k must be in [1, {self.n}] (got {k})")
        m = q.shape[0]
        n_leaves = self.leaves.shape[0]
        dist = np.empty((m, k))
        index = np.empty((m, k), dtype=np.int64)
        rows = np.arange(m)
        for groups, leaves in _ROUNDS:
            if self.groups.shape[0] <= groups or k >= LEAF_SIZE * leaves or not rows.size:
                break
            d, i, sure = self._round(q[rows], k, groups, leaves)
            dist[rows[sure]], index[rows[sure]] = d[sure], i[sure]
            rows = rows[~sure]
        take = max(_FIRST_LEAVES, -(-k // LEAF_SIZE) + 1)
        while rows.size:
            qs = q[rows]
            if take >= n_leaves:  # every leaf: certain
                every = np.broadcast_to(np.arange(n_leaves), (rows.size, n_leaves))
                dist[rows], index[rows] = self._search(qs, every, k)
                break
            bounds = self._bounds(qs)
            part = np.argpartition(bounds, take, axis=1)
            next_bound = np.take_along_axis(bounds, part[:, take : take + 1], axis=1)[:, 0]
            d, i = self._search(qs, part[:, :take], k)
            sure = next_bound >= d[:, -1]
            dist[rows[sure]] = d[sure]
            index[rows[sure]] = i[sure]
            rows = rows[~sure]
            take *= 4
        return dist, index
