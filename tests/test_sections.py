"""Counted once (ranges/places/sections.py): sections of a city are listed but not summed."""

from __future__ import annotations

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from ranges.places.extracts import default_gazetteer
from ranges.places.gazetteer import Gazetteer
from ranges.places.sections import CORE_KM_PER_SQRT, REGION_KM_PER_SQRT, find_sections

EXTRACTS = ["cities15000", "cities1000", "cities500"]


def _within_km(places: Gazetteer, lat: float, lon: float, km: float) -> np.ndarray:
    """Rows within ``km`` of a point, by geographiclib's geodesic distance."""
    near = np.flatnonzero(
        (np.abs(places.lats - lat) < km / 100) & (np.abs(places.lons - lon) < km / 50)
    )
    geod = Geodesic.WGS84
    distances = [geod.Inverse(lat, lon, places.lats[i], places.lons[i])["s12"] for i in near]
    return near[np.asarray(distances) <= km * 1000]


def _people(places: Gazetteer, rows: np.ndarray) -> int:
    return int(places.populations[rows][places.counted[rows]].sum())


@pytest.mark.parametrize("extract", EXTRACTS)
@pytest.mark.parametrize(
    ("city", "lat", "lon", "low", "high", "double_counted"),
    [
        # Kyiv and its suburbs, not its raions and neighbourhoods on top (7.7 M in cities500).
        ("Kyiv", 50.45466, 30.5238, 2.9e6, 3.5e6, 7.0e6),
        # Moscow and Moscow Oblast's near suburbs (18.6 M with the districts added).
        ("Moscow", 55.75222, 37.61556, 10.9e6, 12.2e6, 17.0e6),
    ],
)
def test_people_within_20_km(
    extract: str,
    city: str,
    lat: float,
    lon: float,
    low: float,
    high: float,
    double_counted: float,
) -> None:
    places = default_gazetteer(extract)
    rows = _within_km(places, lat, lon, 20.0)
    assert low <= _people(places, rows) <= high
    if extract == "cities500":  # the sections are there, listed, and would double the count
        assert int(places.populations[rows].sum()) > double_counted
        assert places.is_section[rows].sum() > 50


@pytest.mark.parametrize(
    "name", ["Obolon", "Desna", "Shevchenkivskyi", "Paris 13e Arrondissement", "Islington"]
)
def test_sections_stay_findable(name: str) -> None:
    places = default_gazetteer("cities500")
    rows = places.lookup_rows(name)
    assert rows and places.is_section[rows[0]]
    parent = places.city(int(places.section_of[rows[0]]))
    assert parent.name in ("Kyiv", "Paris", "London")


@pytest.mark.parametrize("extract", EXTRACTS)
def test_section_properties(extract: str) -> None:
    places = default_gazetteer(extract)
    sections = np.flatnonzero(places.is_section)
    assert len(sections) > 1000
    parents = places.section_of[sections]
    # The parent is a counted city, at least twice as populous, of the same country.
    assert not places.is_section[parents].any()
    assert np.all(2 * places.populations[sections] <= places.populations[parents])
    codes = np.asarray(places.country_codes)
    assert np.all(codes[sections] == codes[parents])
    # ... and near: within the region radius of the parent's population (plus rounding).
    lat1, lon1 = np.radians(places.lats[sections]), np.radians(places.lons[sections])
    lat2, lon2 = np.radians(places.lats[parents]), np.radians(places.lons[parents])
    hav = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * 6371.0088 * np.arcsin(np.sqrt(hav))
    assert np.all(km <= REGION_KM_PER_SQRT * np.sqrt(places.populations[parents]) + 0.01)
    # Counted and section are complements, and the columns are read-only.
    assert np.array_equal(places.counted, ~places.is_section)
    with pytest.raises(ValueError):
        places.section_of[0] = 1


def _grid(center: tuple[float, float], offsets_km: list[tuple[float, float]]):
    lat0, lon0 = center
    lats = [lat0 + dn / 111.2 for dn, _ in offsets_km]
    lons = [lon0 + de / (111.2 * np.cos(np.radians(lat0))) for _, de in offsets_km]
    return np.array(lats), np.array(lons)


def test_core_radius_claims_only_close_smaller_places_of_the_same_region() -> None:
    # A city of 2 M (core radius 6.5 km) in a large region with far-away places of its own.
    core = CORE_KM_PER_SQRT * np.sqrt(2_000_000)
    offsets = [(0, 0), (core - 1, 0), (core + 1, 0), (0, 2), (0, 3), (150, 0), (200, 0)]
    offsets += [(100 + i, 100) for i in range(30)]
    lats, lons = _grid((48.85, 2.35), offsets)
    pops = np.array([2_000_000, 100_000, 100_000, 1_500_000, 50_000, 5_000, 5_000] + [1_000] * 30)
    regions = np.zeros(len(pops), dtype=np.int64)
    regions[4] = 1  # across a regional border: a municipality of its own
    result = find_sections(lats, lons, pops, regions)
    assert result[1] == 0  # inside the core, a twentieth of the city
    assert result[2] == -1  # just outside the core
    assert result[3] == -1  # too populous to be a part (twin city)
    assert result[4] == -1  # another region
    assert np.all(result[5:] == -1) and result[0] == -1


def test_region_radius_for_a_city_that_is_a_region_of_its_own() -> None:
    region = REGION_KM_PER_SQRT * np.sqrt(3_000_000)  # 20.8 km
    # The city, two places outside its core (8 km) but inside the region radius, one beyond it,
    # and ten villages close in: 13 of the region's 14 places within the radius.
    offsets = [(0, 0), (15, 0), (0, -18), (region + 2, 0)] + [(-i / 2, 1) for i in range(10)]
    lats, lons = _grid((50.45, 30.52), offsets)
    pops = np.array([3_000_000, 300_000, 200_000, 100_000] + [600] * 10)
    # Outside the core but inside the region radius: sections when the region is the city...
    compact = find_sections(lats, lons, pops, np.zeros(len(pops), dtype=np.int64))
    assert list(compact) == [-1, 0, 0, -1] + [0] * 10
    # ... and not when the admin region spreads far beyond the city.
    far = [(300 + i, 0) for i in range(40)]
    lats2, lons2 = _grid((50.45, 30.52), offsets + far)
    pops2 = np.r_[pops, np.full(40, 1_000)]
    spread = find_sections(lats2, lons2, pops2, np.zeros(len(pops2), dtype=np.int64))
    assert spread[1] == spread[2] == -1  # only the core radius applies: 15 and 18 km are out
    assert np.all(spread[4:14] == 0)  # the villages are in the core


def test_no_places() -> None:
    empty = np.array([], dtype=float)
    assert find_sections(empty, empty, np.array([], np.int64), np.array([], np.int64)).shape == (0,)
