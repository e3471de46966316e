"""The numpy nearest-vertex index answers what a brute force (and scipy's k-d tree) answers."""

from __future__ import annotations

import numpy as np
import pytest

from ranges.geometry.areadistance import AreaModel, Curve, surface_points, unit_normals
from ranges.geometry.vertexindex import LEAF_SIZE, MAX_WORK, NearestVertices


def _brute(points: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    d = np.sqrt(((q[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    return np.sort(d, axis=1)[:, :k]


def _curve_points(rng: np.random.Generator, n: int) -> np.ndarray:
    """A wiggly closed curve of n vertices around (48 N, 31 E), as an area's vertices are."""
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    r = 5.0 + rng.uniform(-1.0, 1.0, n)
    lats = 48.0 + r * np.sin(t)
    lons = 31.0 + 1.5 * r * np.cos(t)
    return surface_points(unit_normals(lats, lons))


@pytest.mark.parametrize("n", [2, 7, LEAF_SIZE, 100, 841])
@pytest.mark.parametrize("k", [1, 2, 8])
def test_k_nearest_equal_brute_force(n: int, k: int) -> None:
    rng = np.random.default_rng(n * 10 + k)
    points = _curve_points(rng, n)
    # Near (inside, on, beside the curve) and far (anywhere on Earth) query points.
    lats = np.concatenate([rng.uniform(40, 56, 300), rng.uniform(-90, 90, 300)])
    lons = np.concatenate([rng.uniform(20, 42, 300), rng.uniform(-180, 180, 300)])
    q = np.vstack([surface_points(unit_normals(lats, lons)), points[: min(n, 5)]])
    k = min(k, n)
    dist, index = NearestVertices(points).query(q, k)
    np.testing.assert_array_equal(dist, _brute(points, q, k))
    # The indexes name vertices at those distances.
    again = np.sqrt(((points[index] - q[:, None, :]) ** 2).sum(axis=2))
    np.testing.assert_array_equal(again, dist)
    assert (np.diff(dist, axis=1) >= 0.0).all()


def test_bad_k_refused() -> None:
    index = NearestVertices(_curve_points(np.random.default_rng(1), 10))
    with pytest.raises(ValueError):
        index.query(np.zeros((1, 3)), 11)
    with pytest.raises(ValueError):
        index.query(np.zeros((1, 3)), 0)


def test_area_model_answers_alike_with_either_index() -> None:
    """The distances to an area are the same from numpy's index as from scipy's k-d tree (the
    index of queries above ``MAX_WORK``)."""
    rng = np.random.default_rng(7)
    t = np.linspace(0.0, 2 * np.pi, 60, endpoint=False)
    coords = np.column_stack([31.0 + 8.0 * np.cos(t), 48.0 + 4.0 * np.sin(t)])
    model = AreaModel([Curve(coords, closed=True)], None)
    assert model.index_for(10) is model.index
    big = model.index_for(MAX_WORK // model.index.n + 1)
    assert big is not model.index
    lats, lons = rng.uniform(-80, 80, 2000), rng.uniform(-180, 180, 2000)
    q = surface_points(unit_normals(lats, lons))
    d_numpy, _ = model.index.query(q, 2)
    d_tree, _ = big.query(q, 2)
    np.testing.assert_allclose(d_numpy, d_tree, rtol=0, atol=1e-15)
