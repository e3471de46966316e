"""The launch areas' k-d tree (pykdtree) answers what a brute force answers: the k nearest
vertices of the ellipsoid's surface points, nearest first, for near and far points."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from pykdtree.kdtree import KDTree

from ranges.geometry.areadistance import surface_points, unit_normals


def curve_points(rng: np.random.Generator, n: int) -> np.ndarray:
    """A wandering line of ``n`` vertices round Ukraine, as points of the ellipsoid's surface."""
    lats = 48.0 + np.cumsum(rng.normal(0, 0.1, n))
    lons = 31.0 + np.cumsum(rng.normal(0, 0.1, n))
    return surface_points(unit_normals(lats, lons))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 900), k=st.integers(1, 8))
def test_the_tree_gives_the_k_nearest_vertices(seed: int, n: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    points = curve_points(rng, n)
    k = min(k, n)
    lats = rng.uniform(-89.0, 89.0, 50)
    lons = rng.uniform(-180.0, 180.0, 50)
    near = points[rng.integers(0, n, 50)] + rng.normal(0, 1e-4, (50, 3))
    q = np.concatenate([surface_points(unit_normals(lats, lons)), near])
    dist, idx = KDTree(points).query(q, k=k)
    dist, idx = np.asarray(dist).reshape(len(q), k), np.asarray(idx).reshape(len(q), k)
    brute = np.linalg.norm(q[:, None, :] - points[None, :, :], axis=2)
    want = np.sort(brute, axis=1)[:, :k]
    np.testing.assert_allclose(dist, want, rtol=1e-12, atol=1e-15)
    # the indexes point at vertices that far away (ties may differ in which one)
    np.testing.assert_allclose(np.take_along_axis(brute, idx.astype(np.int64), 1), want, rtol=1e-12)
