"""The compact link form of long lines and polygons (ranges.scenario.arealink)."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ranges.scenario.arealink import COMPACT_ABOVE, AreaLinkError, link_text, plain_text
from ranges.text import number_text

coordinate = st.tuples(
    st.integers(-9_000_000, 9_000_000), st.integers(-18_000_000, 17_999_999)
).map(lambda p: (number_text(p[0] / 1e5, 5), number_text(p[1] / 1e5, 5)))


def form_of(kind: str, pairs) -> str:
    return f"{kind}:" + ";".join(f"{lat},{lon}" for lat, lon in pairs)


def form_of_parts(kind: str, parts) -> str:
    return f"{kind}:" + "/".join(";".join(f"{lat},{lon}" for lat, lon in p) for p in parts)


@given(
    st.sampled_from(["line", "poly"]),
    st.lists(st.lists(coordinate, min_size=2, max_size=300), min_size=1, max_size=3),
    st.one_of(st.none(), st.text(min_size=1, max_size=30)),
)
def test_round_trip_is_exact(kind, parts, label) -> None:
    form = form_of_parts(kind, parts)
    text = link_text(form, label)
    expected = form if label is None or label == form else f"{form}|{label}"
    assert plain_text(text) == expected
    if len(form) > COMPACT_ABOVE:
        assert text.startswith("e" + kind + ":")
        head = text.partition("|")[0]
        # URL-safe as it is: quoting changes nothing
        assert urllib.parse.quote(head, safe=":") == head
    else:
        assert text.startswith(kind + ":")


def test_a_drawn_line_of_200_vertices_is_short() -> None:
    # a front line drawn with the mouse: vertices a few km apart
    pairs = [
        (number_text(47.0 + i * 0.01234, 5), number_text(37.0 + (i % 7) * 0.0321, 5))
        for i in range(200)
    ]
    form = form_of("line", pairs)
    text = link_text(form, "Front line")
    assert len(form) > 3_000
    assert len(text) < 1_500
    assert len(urllib.parse.quote(text)) < 1_600


def test_countries_and_short_forms_stay_readable() -> None:
    assert link_text("UKR", "Ukraine") == "UKR|Ukraine"
    assert link_text("UKR", "UKR") == "UKR"
    assert link_text("line:1,2;3,4") == "line:1,2;3,4"
    assert plain_text("Ukraine|x") == "Ukraine|x"


@pytest.mark.parametrize(
    "text",
    ["eline:", "eline:|label", "epoly:@@@", "eline:" + "_" * 100, "eline:a b", "eline:AAAA..AA"],
)
def test_bad_compact_forms_are_one_message(text) -> None:
    with pytest.raises(AreaLinkError) as info:
        plain_text(text)
    assert "\n" not in str(info.value)


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."))
def test_any_compact_text_decodes_or_is_refused(encoded) -> None:
    try:
        text = plain_text("epoly:" + encoded)
    except AreaLinkError:
        return
    assert re.fullmatch(r"poly:[-0-9.,;/]+", text)
