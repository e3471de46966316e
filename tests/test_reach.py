"""Reach (ranges/reach/forward.py), checked against independent computations.

Distances and bearings are checked against GeographicLib's own Python implementation
(``Geodesic.WGS84.Inverse``), one city at a time; union areas against a closed-form band area
of the ellipsoid summed over a fine grid, and against GeographicLib's polygon area; countries
against the bundled borders.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ranges.catalogue.systems import System, load_catalogue
from ranges.geometry.geodesy import chart_area_km2, range_area, union_of
from ranges.geometry.rings import build_rings
from ranges.places import borders as borders_module
from ranges.places.borders import BordersError
from ranges.places.extracts import default_gazetteer
from ranges.places.gazetteer import City, Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach import forward as reach_module
from ranges.reach.forward import compute_reach
from ranges.reach.pairs import distance_order
from ranges.reach.pairtable import reach_rows
from ranges.reach.reverse import launch_regions, reverse_reach
from ranges.reach.schema import (
    CITY_COLUMNS,
    REACH_COLUMNS,
    REVERSE_COLUMNS,
    ROW_COLUMNS,
    SUMMARY_COLUMNS,
)

G = Geodesic.WGS84
KYIV = LaunchPoint(50.4501, 30.5234, "Kyiv")
MM_KM = 1e-6
BEARING_TOL_DEG = 1e-6


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def shipped() -> dict[str, System]:
    return {s.id: s for s in load_catalogue().systems}


def system(
    system_id: str, max_km: float, min_km: float = 0.0, speed: float | None = None
) -> System:
    return System(
        id=system_id,
        name=system_id.upper(),
        kind="other",
        max_range_km=max_km,
        min_range_km=min_km,
        sources=({"title": "test"},),
        speed_kmh=speed,
    )


def angle_diff(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


# --- an independent brute force -------------------------------------------------------------


def brute_force(points, systems, gazetteer, rows) -> dict[tuple[int, int, str], tuple]:
    """(city row, launch index, system id) -> (distance km, bearing deg), one Inverse per pair.

    Pairs plainly beyond every range on a sphere are passed over: spherical and ellipsoidal
    distances differ by less than 0.7%, so none of them is within 1% + 10 km of a range.
    """
    out = {}
    farthest = max(s.max_range_km for s in systems) * 1.01 + 10.0
    for i, p in enumerate(points):
        for k in np.asarray(rows)[sphere_km(p, gazetteer, rows) <= farthest]:
            g = G.Inverse(p.lat, p.lon, float(gazetteer.lats[k]), float(gazetteer.lons[k]))
            d_km = g["s12"] / 1e3
            for s in systems:
                if s.min_range_km <= d_km <= s.max_range_km:
                    out[(int(k), i, s.id)] = (d_km, g["azi1"] % 360.0)
    return out


def sphere_km(p: LaunchPoint, gazetteer, rows) -> np.ndarray:
    """Great-circle distances (km, sphere of radius 6,371 km) from ``p`` to the cities ``rows``."""
    lat, lon = np.radians(gazetteer.lats[rows]), np.radians(gazetteer.lons[rows])
    la, lo = math.radians(p.lat), math.radians(p.lon)
    h = np.sin((lat - la) / 2) ** 2 + math.cos(la) * np.cos(lat) * np.sin((lon - lo) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def near_edges(points, systems, gazetteer, band_km: float = 50.0) -> np.ndarray:
    """Rows of the cities within ``band_km`` of any range edge, picked generously on a sphere.

    Spherical and ellipsoidal distances differ by less than 0.7%; a band of 50 km plus 1% of the
    radius holds every city truly within 50 km of the edge.
    """
    keep = np.zeros(len(gazetteer), dtype=bool)
    for p in points:
        d_km = sphere_km(p, gazetteer, slice(None))
        for s in systems:
            for edge in (s.min_range_km, s.max_range_km):
                if edge > 0:
                    keep |= np.abs(d_km - edge) <= band_km + 0.01 * edge
    return np.flatnonzero(keep)


def check_rows_against(rows: pd.DataFrame, expected: dict, subset: np.ndarray) -> None:
    """The rows for cities in ``subset`` are exactly the expected set, to 1 mm and 1e-6 deg."""
    mine = rows[rows["city_index"].isin(subset)]
    got = {
        (int(k), int(i), s): (d, b)
        for k, i, s, d, b in zip(
            mine["city_index"],
            mine["launch_index"],
            mine["system"],
            mine["distance_km"],
            mine["bearing_deg"],
            strict=True,
        )
    }
    assert len(got) == len(mine), "a (city, launch, system) row is repeated"
    missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
    assert not missing and not extra, f"missing {missing[:5]}, extra {extra[:5]}"
    for key, (d, b) in expected.items():
        assert abs(got[key][0] - d) <= MM_KM, (key, got[key][0], d)
        assert angle_diff(got[key][1], b) <= BEARING_TOL_DEG, (key, got[key][1], b)


def check_row_invariants(rows: pd.DataFrame, points, systems, gazetteer) -> None:
    assert list(rows.columns) == ROW_COLUMNS
    assert list(rows.columns[: len(REACH_COLUMNS)]) == REACH_COLUMNS
    if rows.empty:
        return
    rank = {system_id: i for i, system_id in enumerate(sorted(s.id for s in systems))}
    order = [rank[s] for s in rows["system"]]
    key = np.array(order) * 1e12 + rows["launch_index"].to_numpy() * 1e8 + rows["distance_km"]
    assert np.all(np.diff(key.to_numpy()) >= 0), "rows are not sorted by system, launch, distance"
    k = rows["city_index"].to_numpy()
    names, countries = gazetteer.names, gazetteer.countries
    assert list(rows["city"]) == [names[i] for i in k]
    assert list(rows["country"]) == [countries[i] for i in k]
    assert np.array_equal(rows["latitude"].to_numpy(), gazetteer.lats[k])
    assert np.array_equal(rows["longitude"].to_numpy(), gazetteer.lons[k])
    assert np.array_equal(rows["population"].to_numpy(), gazetteer.populations[k])
    labels = [p.label for p in points]
    assert list(rows["launch"]) == [labels[i] for i in rows["launch_index"].to_numpy()]
    bearings = rows["bearing_deg"].to_numpy()
    at_point = rows["distance_km"].to_numpy() == 0.0  # no direction there: NaN
    assert np.array_equal(np.isnan(bearings), at_point)
    bearings = bearings[~at_point]
    assert np.all((bearings >= 0.0) & (bearings < 360.0))
    assert not np.any(np.signbit(bearings))


# --- the forward question against brute force -----------------------------------------------

lats = st.one_of(
    st.sampled_from([89.0, -89.0, 89.9, -89.9, 90.0, 0.0, 50.45]), st.floats(-90.0, 90.0)
)
lons = st.one_of(
    st.sampled_from([179.9, -179.9, 180.0, -180.0, 0.0, 30.5]), st.floats(-180.0, 180.0)
)
max_ranges = st.one_of(
    st.sampled_from([300.0, 2400.0, 10_000.0, 19_990.0, 20_000.0]), st.floats(1.0, 20_000.0)
)


@st.composite
def scenarios(draw):
    points = [LaunchPoint(draw(lats), draw(lons), f"P{i}") for i in range(draw(st.integers(1, 2)))]
    systems = []
    for j in range(draw(st.integers(1, 2))):
        rmax = draw(max_ranges)
        rmin = rmax * draw(st.sampled_from([0.0, 0.0, 0.3, 0.9]))
        systems.append(system(f"s{j}", rmax, rmin))
    return points, systems, draw(st.integers(0, 2**32 - 1))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
@example(  # the antimeridian, the south pole's neighbourhood, and everything but the antipode
    (
        [LaunchPoint(-89.0, 179.9, "S"), LaunchPoint(0.5, -179.9, "AM")],
        [system("s0", 20_000.0), system("s1", 10_000.0, 3000.0)],
        1,
    )
)
@example(([LaunchPoint(89.0, -179.9, "N")], [system("s0", 2400.0)], 2))
@example(([LaunchPoint(90.0, 0.0, "pole")], [system("s0", 5000.0, 4000.0)], 3))
def test_rows_match_geographiclib_brute_force(gazetteer, scenario) -> None:
    points, systems, seed = scenario
    rows = reach_rows(points, systems, gazetteer)
    check_row_invariants(rows, points, systems, gazetteer)
    rng = np.random.default_rng(seed)
    subset = np.union1d(
        rng.choice(len(gazetteer), 400, replace=False), near_edges(points, systems, gazetteer)
    )
    check_rows_against(rows, brute_force(points, systems, gazetteer, subset), subset)


def test_kyiv_over_the_whole_gazetteer(gazetteer, shipped) -> None:
    """Every city of the gazetteer, one at a time, for the four shipped systems from Kyiv."""
    systems = list(shipped.values())
    rows = reach_rows([KYIV], systems, gazetteer)
    check_row_invariants(rows, [KYIV], systems, gazetteer)
    everything = np.arange(len(gazetteer))
    expected = brute_force([KYIV], systems, gazetteer, everything)
    check_rows_against(rows, expected, everything)
    assert len(rows) == len(expected) > 1000


def test_many_launch_points_in_worker_threads(gazetteer, shipped) -> None:
    """Twenty points and 160,000 pairs: the threaded path, cut between points, against brute force
    on a sample, and identical to the points taken one at a time."""
    rng = np.random.default_rng(11)
    points = [
        LaunchPoint(float(a), float(b), f"P{i}")
        for i, (a, b) in enumerate(
            zip(rng.uniform(44, 56, 20), rng.uniform(22, 40, 20), strict=True)
        )
    ]
    systems = [shipped["tomahawk"], shipped["atacms"], system("ring", 1500.0, 900.0)]
    rows = reach_rows(points, systems, gazetteer)
    check_row_invariants(rows, points, systems, gazetteer)
    subset = rng.choice(len(gazetteer), 150, replace=False)
    check_rows_against(rows, brute_force(points, systems, gazetteer, subset), subset)
    singles = pd.concat(
        [reach_rows([p], systems, gazetteer).assign(launch_index=i) for i, p in enumerate(points)]
    )
    ordered = singles.sort_values(["system", "launch_index", "distance_km"], kind="stable")
    pd.testing.assert_frame_equal(rows, ordered.reset_index(drop=True))


# --- boundary exactness -----------------------------------------------------------------------


def synthetic(centre: tuple[float, float], offsets_km: list[float], azimuths: list[float]):
    cities = []
    for d in offsets_km:
        for az in azimuths:
            g = G.Direct(centre[0], centre[1], az, d * 1e3)
            lon = (g["lon2"] + 180.0) % 360.0 - 180.0
            name = f"d{d:.3f}-az{az:g}"
            cities.append(City(name, "XX", "Testland", g["lat2"], lon, 1000, len(cities)))
    return Gazetteer(cities)


@pytest.mark.parametrize(
    ("centre", "rmin", "rmax"),
    [
        ((0.0, 0.0), 0.0, 300.0),  # meridians at the equator: the tightest case of the prefilter
        ((0.0, 0.0), 0.0, 10_000.0),
        ((50.45, 30.52), 100.0, 2400.0),
        ((-10.0, 179.95), 250.0, 1000.0),
        ((89.0, 0.0), 0.0, 5000.0),
        ((0.0, 0.0), 0.0, 19_990.0),
    ],
)
def test_cities_metres_from_the_edge_are_classified_by_true_distance(centre, rmin, rmax) -> None:
    edges = [r for r in (rmin, rmax) if r > 0]
    offsets = [e + dm for e in edges for dm in (-0.5, -0.01, 0.01, 0.5) if 0 < e + dm <= 19_999]
    gaz = synthetic(centre, offsets, [0.0, 45.0, 90.0, 135.0, 180.0, 270.0, 333.3])
    point = LaunchPoint(centre[0], centre[1], "C")
    s = system("edge", rmax, rmin)
    rows = reach_rows([point], [s], gaz)
    expected = set()
    for k in range(len(gaz)):
        d_km = G.Inverse(centre[0], centre[1], gaz.lats[k], gaz.lons[k])["s12"] / 1e3
        if rmin <= d_km <= rmax:
            expected.add(k)
    assert set(rows["city_index"]) == expected
    assert 0 < len(expected) < len(gaz)
    # the union table and the summary decide membership from distance bounds where they can:
    # metres from the edge, they must fall back on the exact distance
    result = compute_reach([point], [s], gaz, borders={"type": "FeatureCollection", "features": []})
    assert set(result.cities["city_index"]) == expected
    assert result.summary["cities"].tolist() == [len(expected)]


def check_union_against_rows(result, systems, gazetteer) -> None:
    """The union table and the summary (bounds, few inversions) equal what the per-pair rows
    (every pair solved) say: same cities, nearest point, distance, bearing, systems, counts."""
    rows = result.rows
    cities = result.cities.set_index("city_index")
    assert set(cities.index) == set(rows["city_index"])
    assert result.summary["cities"].tolist() == [
        rows.loc[rows["system"] == s.id, "city_index"].nunique() for s in systems
    ]
    if rows.empty:
        return
    best = rows.sort_values(["city_index", "distance_km", "launch_index"], kind="stable")
    best = best.drop_duplicates("city_index").set_index("city_index")
    best = best.loc[cities.index]
    assert np.array_equal(cities["distance_km"].to_numpy(), best["distance_km"].to_numpy())
    assert np.array_equal(
        cities["bearing_deg"].to_numpy(), best["bearing_deg"].to_numpy(), equal_nan=True
    )
    assert cities["nearest_launch"].tolist() == best["launch"].tolist()
    systems_of = rows.groupby("city_index")["system"].agg(set)
    order = [s.id for s in systems]
    expected = [",".join(i for i in order if i in systems_of[k]) for k in cities.index]
    assert cities["systems"].tolist() == expected


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
@example(
    (
        [LaunchPoint(-89.0, 179.9, "S"), LaunchPoint(0.5, -179.9, "AM")],
        [system("s0", 20_000.0), system("s1", 10_000.0, 3000.0)],
        1,
    )
)
@example(([LaunchPoint(90.0, 0.0, "pole")], [system("s0", 5000.0, 4000.0)], 3))
@example(
    (
        [LaunchPoint(50.0, 30.0, "A"), LaunchPoint(50.0, 30.0, "B"), LaunchPoint(50.1, 30.0, "C")],
        [system("s0", 300.0), system("s1", 1500.0, 900.0)],
        4,
    )
)
def test_union_table_and_summary_agree_with_the_exact_rows(scenario) -> None:
    points, systems, _ = scenario
    small = default_gazetteer("cities15000")
    no_borders = {"type": "FeatureCollection", "features": []}
    result = compute_reach(points, systems, small, borders=no_borders)
    check_union_against_rows(result, systems, small)


# --- the union table and the summary -----------------------------------------------------------


def test_kyiv_atacms_reaches_ukraine_and_belarus_not_france(gazetteer, shipped) -> None:
    result = compute_reach([KYIV], [shipped["atacms"]], gazetteer)
    row = result.summary.iloc[0]
    names = row["country_names"].split("; ")
    assert {"Ukraine", "Belarus"} <= set(names)
    assert "France" not in names and "Poland" not in names
    assert row["countries"] == len(names)
    assert names == sorted(names)


def test_population_and_cities_count_each_city_once(gazetteer, shipped) -> None:
    near = LaunchPoint(50.9, 31.2, "Near")  # about 70 km from Kyiv: the two rings overlap
    systems = [shipped["tomahawk"], shipped["atacms"]]
    result = compute_reach([KYIV, near], systems, gazetteer)
    rows, cities, summary = result.rows, result.cities, result.summary
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert list(summary["system"]) == ["tomahawk", "atacms"]  # input order
    for s in systems:
        own = rows[rows["system"] == s.id]
        unique = np.unique(own["city_index"])
        line = summary.set_index("system").loc[s.id]
        assert line["cities"] == unique.size < len(own)  # overlap: fewer cities than rows
        counted = unique[gazetteer.counted[unique]]
        assert line["population"] == gazetteer.populations[counted].sum()
        assert line["name"] == s.name
    # the union table: each reached city once, biggest first
    assert list(cities.columns) == CITY_COLUMNS
    assert cities["city_index"].is_unique
    assert set(cities["city_index"]) == set(rows["city_index"])
    assert np.all(np.diff(cities["population"].to_numpy()) <= 0)
    for _, c in cities.sample(300, random_state=1).iterrows():
        own = rows[rows["city_index"] == c["city_index"]]
        best = own.loc[own["distance_km"].idxmin()]
        assert c["distance_km"] == best["distance_km"]
        assert c["bearing_deg"] == best["bearing_deg"]
        assert c["nearest_launch"] == best["launch"]
        expected = [s.id for s in systems if s.id in set(own["system"])]
        assert c["systems"] == ",".join(expected)
        assert c["city"] == gazetteer.names[c["city_index"]]


@pytest.mark.parametrize(
    ("centre", "low", "high"),
    [
        (LaunchPoint(50.4501, 30.5234, "Kyiv"), 2.8e6, 3.4e6),  # 7.3 M with the sections
        (LaunchPoint(55.7558, 37.6173, "Moscow"), 10.5e6, 12.5e6),  # 18.7 M with them
    ],
)
def test_people_within_20_km_count_each_person_once(gazetteer, centre, low, high) -> None:
    """The headline figure: a city's sections (Obolon, Podil...) are listed, not added."""
    result = compute_reach([centre], [system("r20", 20.0)], gazetteer)
    population = int(result.summary["population"].iloc[0])
    assert low <= population <= high
    rows = result.rows
    sections = rows[rows["part_of"] != ""]
    assert len(sections) > 10  # still listed, and findable by name
    assert centre.label in set(sections["part_of"])
    counted = rows[rows["part_of"] == ""]
    assert counted["population"].sum() == population
    assert rows["population"].sum() > 1.5 * population  # what the sum was before
    cities = result.cities
    assert list(cities["part_of"]) == [
        gazetteer.names[k] if k >= 0 else "" for k in gazetteer.section_of[cities["city_index"]]
    ]


def test_rows_are_made_once_on_first_use(gazetteer, shipped, monkeypatch) -> None:
    """``Reach.rows`` is the per-pair table of ``reach_rows``, solved only when asked for."""
    calls = []
    real = reach_module.reach_rows
    monkeypatch.setattr(
        reach_module, "reach_rows", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    systems = [shipped["atacms"]]
    result = compute_reach([KYIV], systems, gazetteer, min_population=10_000)
    assert calls == [] and len(result.cities) > 10
    first = result.rows
    assert result.rows is first and calls == [1]
    expected = real([KYIV], systems, gazetteer, min_population=10_000)
    pd.testing.assert_frame_equal(first, expected)
    assert result.population == result.summary["population"].iloc[0]  # one system: the same
    with pytest.raises(AttributeError):
        result.cities = result.cities  # read-only, as the frozen dataclass it was
    with pytest.raises(TypeError):
        reach_module.Reach(cities=result.cities, summary=result.summary)


def test_min_population_keeps_only_bigger_cities(gazetteer, shipped) -> None:
    systems = [shipped["tomahawk"]]
    every = reach_rows([KYIV], systems, gazetteer)
    threshold = int(every["population"].sort_values().iloc[-200])  # a population that exists
    big = compute_reach([KYIV], systems, gazetteer, min_population=threshold)
    assert (big.rows["population"] >= threshold).all()
    assert (big.rows["population"] == threshold).any()  # "at least", not "more than"
    expected = every[every["population"] >= threshold].reset_index(drop=True)
    pd.testing.assert_frame_equal(big.rows, expected)
    assert 0 < len(big.rows) < len(every)
    assert big.summary["cities"].iloc[0] == len(big.cities) == len(big.rows)
    with pytest.raises(ValueError, match="min_population"):
        reach_rows([KYIV], systems, gazetteer, min_population=-1)


def test_flight_time_from_the_system_speed(gazetteer, shipped) -> None:
    cruise = System(
        id="cruise-880",
        name="Cruise 880",
        kind="cruise",
        max_range_km=500,
        sources=({"title": "t"},),
        speed_kmh=880,
    )
    rows = reach_rows([KYIV], [cruise, shipped["atacms"]], gazetteer)
    timed = rows[rows["system"] == "cruise-880"]
    assert len(timed) > 0
    np.testing.assert_allclose(timed["flight_time_h"], timed["distance_km"] / 880, rtol=1e-15)
    assert rows[rows["system"] == "atacms"]["flight_time_h"].isna().all()
    assert list(rows["system"].unique()) == ["atacms", "cruise-880"]  # alphabetical


def test_without_borders_the_country_columns_are_empty(gazetteer, shipped, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise BordersError("borders file not found: /nowhere")

    monkeypatch.setattr(borders_module, "load_borders", broken)  # reach imports it on use
    result = compute_reach([KYIV], [shipped["atacms"]], gazetteer)
    assert math.isnan(result.summary["countries"].iloc[0])
    assert result.summary["country_names"].iloc[0] == ""
    assert result.summary["cities"].iloc[0] > 0
    corrupt = compute_reach([KYIV], [shipped["atacms"]], gazetteer, borders={"type": "nope"})
    assert math.isnan(corrupt.summary["countries"].iloc[0])


def test_given_rings_are_used_and_checked(gazetteer, shipped) -> None:
    systems = [shipped["atacms"]]
    other = build_rings([LaunchPoint(0.0, 0.0, "elsewhere")], systems)
    result = compute_reach([KYIV], systems, gazetteer, rings=other)
    assert result.summary["area_km2"].iloc[0] == pytest.approx(other[0].area.area_km2, rel=3e-4)
    assert result.summary["country_names"].iloc[0] in ("", "Ghana")  # (0, 0) is in the sea
    with pytest.raises(ValueError, match="rings"):
        compute_reach([KYIV], systems, gazetteer, rings=other * 2)


def test_empty_inputs_give_empty_tables(gazetteer, shipped) -> None:
    none = compute_reach([], [shipped["atacms"]], gazetteer)
    assert list(none.rows.columns) == ROW_COLUMNS and none.rows.empty
    assert list(none.cities.columns) == CITY_COLUMNS and none.cities.empty
    assert none.summary["cities"].tolist() == [0] and none.summary["area_km2"].tolist() == [0.0]
    nothing = compute_reach([KYIV], [], gazetteer)
    assert nothing.rows.empty and nothing.cities.empty and nothing.summary.empty
    assert list(nothing.summary.columns) == SUMMARY_COLUMNS
    unreachable = compute_reach([LaunchPoint(-60.0, -140.0, "ocean")], [system("x", 10)], gazetteer)
    assert unreachable.rows.empty and unreachable.summary["population"].tolist() == [0]


# --- areas ----------------------------------------------------------------------------------


def test_summary_area_is_the_union_not_the_sum(gazetteer, shipped) -> None:
    near = LaunchPoint(50.9, 31.2, "Near")
    s = shipped["atacms"]
    result = compute_reach([KYIV, near], [s], gazetteer)
    area = result.summary["area_km2"].iloc[0]
    single = range_area(KYIV.lat, KYIV.lon, s.max_range_km).area_km2
    assert single < area < 1.5 * single
    union = union_of([r.area.geometry for r in build_rings([KYIV, near], [s])])
    assert area == chart_area_km2(union)


# --- the reverse question ---------------------------------------------------------------------


def test_reverse_reach_against_direct_computation(shipped) -> None:
    target = LaunchPoint(55.75, 37.62, "Moscow")
    points = [
        KYIV,
        LaunchPoint(54.51, 36.26, "Kaluga"),
        LaunchPoint(-33.9, 151.2, "Sydney"),
        LaunchPoint(55.7, 37.6, "Too close"),
    ]
    systems = [shipped["tomahawk"], shipped["atacms"], system("annulus", 1000.0, 100.0)]
    table = reverse_reach(target, points, systems)
    assert list(table.columns) == REVERSE_COLUMNS
    assert len(table) == len(points) * len(systems)
    for n, row in enumerate(table.itertuples()):
        s, i = systems[n // len(points)], n % len(points)
        p = points[i]
        g = G.Inverse(p.lat, p.lon, target.lat, target.lon)
        d = g["s12"] / 1e3
        assert (row.system, row.name, row.launch, row.launch_index) == (s.id, s.name, p.label, i)
        assert abs(row.distance_km - d) <= MM_KM
        assert angle_diff(row.bearing_deg, g["azi1"] % 360.0) <= BEARING_TOL_DEG
        assert row.margin_km == pytest.approx(s.max_range_km - d, abs=MM_KM)
        assert row.min_margin_km == pytest.approx(d - s.min_range_km, abs=MM_KM)
        assert row.reachable == (s.min_range_km <= d <= s.max_range_km)
    flags = table.set_index(["system", "launch"])["reachable"]
    assert flags["tomahawk", "Kyiv"] and not flags["atacms", "Kyiv"]
    assert flags["atacms", "Kaluga"] and not flags["tomahawk", "Sydney"]
    assert not flags["annulus", "Too close"] and flags["tomahawk", "Too close"]


def test_launch_regions_are_the_rings_around_the_target(shipped) -> None:
    target = LaunchPoint(55.75, 37.62, "Moscow")
    systems = [shipped["atacms"], system("annulus", 1000.0, 100.0)]
    regions = launch_regions(target, systems)
    assert len(regions) == 2
    for region, s in zip(regions, systems, strict=True):
        expected = range_area(target.lat, target.lon, s.max_range_km, s.min_range_km)
        assert region.geometry == expected.geometry
        assert region.area_km2 == expected.area_km2
    # a launch point is in the region exactly when reverse_reach says it can reach the target
    rng = np.random.default_rng(5)
    points = [
        LaunchPoint(float(a), float(b))
        for a, b in zip(rng.uniform(45, 65, 300), rng.uniform(20, 55, 300), strict=True)
    ]
    table = reverse_reach(target, points, systems)
    for region, s in zip(regions, systems, strict=True):
        shape = union_of([region.geometry])
        flags = table[table["system"] == s.id]
        for p, reachable, margin, low in zip(
            points, flags["reachable"], flags["margin_km"], flags["min_margin_km"], strict=True
        ):
            if min(abs(margin), abs(low)) > 1.0:  # polygon chords are within 100 m of the circle
                assert shapely.contains_xy(shape, p.lon, p.lat) == reachable


# --- a city at the launch point itself (issue "Everyone counted") -------------------------------


def test_a_city_at_the_launch_point_has_no_bearing() -> None:
    """At distance 0 there is no direction: the bearing is NaN, not the 180 pyproj reports."""
    here = City("Here", "XX", "Testland", 50.45466, 30.5238, 5000, 0)
    east = City("East", "XX", "Testland", 50.45466, 31.0, 4000, 1)
    gaz = Gazetteer([here, east])
    point = LaunchPoint(50.45466, 30.5238, "Here")
    s = system("short", 300.0)
    result = compute_reach([point], [s], gaz)
    rows = result.rows.set_index("city")
    assert rows.loc["Here", "distance_km"] == 0.0
    assert math.isnan(rows.loc["Here", "bearing_deg"])
    assert 0.0 < rows.loc["East", "bearing_deg"] < 180.0  # other rows keep theirs
    assert rows.equals(reach_rows([point], [s], gaz).set_index("city"))
    cities = result.cities.set_index("city")
    assert math.isnan(cities.loc["Here", "bearing_deg"])
    assert not math.isnan(cities.loc["East", "bearing_deg"])
    table = reverse_reach(LaunchPoint(50.45466, 30.5238, "T"), [point], [s])
    assert table["distance_km"].tolist() == [0.0]
    assert math.isnan(table["bearing_deg"].iloc[0])


@settings(max_examples=25, deadline=None)
@given(
    lat=st.floats(-89.0, 89.0),
    lon=st.floats(-180.0, 180.0),
    radii=st.lists(st.floats(1.0, 20_000.0), min_size=1, max_size=4),
)
def test_pairs_grown_shell_by_shell_are_the_pairs_measured_at_once(lat, lon, radii) -> None:
    """``measure_launch`` out to growing radii (the streamed CSV's way: each shell of cities
    solved once) gives the pairs, distances, bearings and order of one measure out to the
    largest radius, and every city within a radius is among them (the screen's bound)."""
    from ranges.geometry.screening import city_normals
    from ranges.reach.pairs import measure_launch

    gazetteer = default_gazetteer("cities15000")
    point = LaunchPoint(lat, lon, "P")
    cities = city_normals(gazetteer, min_population=100_000)
    cos = cities.cosines(point)
    grown = None
    for radius in radii:
        grown = measure_launch(point, cities.rows, cos, gazetteer, radius, grown)
        _, _, dist = _inverse_all(point, gazetteer, cities.rows)
        assert set(cities.rows[dist <= 1e3 * radius]) <= set(grown.city.tolist())
    once = measure_launch(point, cities.rows, cos, gazetteer, max(radii))
    assert grown is not None
    np.testing.assert_array_equal(grown.city, once.city)
    np.testing.assert_array_equal(grown.distance_m, once.distance_m)
    np.testing.assert_array_equal(grown.bearing_deg, once.bearing_deg)
    assert np.all(np.diff(once.distance_m) >= 0)


def _inverse_all(point: LaunchPoint, gazetteer: Gazetteer, rows: np.ndarray):
    """Geod.inv from ``point`` to every city of ``rows`` (no screen)."""
    from ranges.geometry.geodesy import WGS84

    n = rows.size
    return WGS84.inv(
        np.full(n, point.lon), np.full(n, point.lat), gazetteer.lons[rows], gazetteer.lats[rows]
    )


def test_city_cosines_are_the_screens(gazetteer) -> None:
    """One point's cosines (in place) are the (points x cities) matrix's row, to the bit."""
    from ranges.geometry.screening import city_normals, dots, unit_normals

    cities = city_normals(gazetteer, min_population=1000)
    points = [KYIV, LaunchPoint(-33.87, 151.21), LaunchPoint(0.0, -179.99)]
    matrix = dots(
        unit_normals(np.array([p.lat for p in points]), np.array([p.lon for p in points])),
        cities.normals,
    )
    for i, point in enumerate(points):
        np.testing.assert_array_equal(cities.cosines(point), matrix[i])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0.0, 1.5, 2.0, 1e6, 2.5e6]) | st.floats(0, 2e7), st.integers(0, 50)
        ),
        max_size=40,
    )
)
def test_distance_order_is_lexsort_of_distance_then_row(pairs: list[tuple[float, int]]) -> None:
    """The fast order (numpy's quicksort, then runs of equal distances by row) is exactly
    ``np.lexsort((city, distance))``, with many ties (places at the same coordinates)."""
    distance = np.array([d for d, _ in pairs], dtype=float)
    city = np.array([c for _, c in pairs], dtype=np.int64)
    order = distance_order(distance, city)
    expected = np.lexsort((city, distance))
    np.testing.assert_array_equal(distance[order], distance[expected])
    np.testing.assert_array_equal(city[order], city[expected])
