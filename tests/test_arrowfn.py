"""ranges.arrowfn calls the kernels of pyarrow.compute without importing it: same results."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from ranges import arrowfn
from ranges.reach.columns import arrow_strings

texts = st.lists(st.text(max_size=12), max_size=30)


@settings(deadline=None)
@given(texts)
def test_arrow_strings_equals_pa_array(values: list[str]) -> None:
    """The joined fast path and the one-at-a-time path (strings holding U+0000) agree with
    ``pa.array``."""
    got = arrow_strings(values)
    got.validate(full=True)
    assert got.equals(pa.array(values, pa.large_string()))


def test_arrow_strings_with_nul_and_empty() -> None:
    for values in ([], [""], ["\0"], ["a\0b", "", "c"], ["", ""], ["Київ", "=1+2"]):
        assert arrow_strings(values).to_pylist() == values


@settings(deadline=None)
@given(texts, st.sampled_from(["^[=+@-]", '[,"\n]', "a"]))
def test_the_kernels_match_pyarrow_compute(values: list[str], pattern: str) -> None:
    array = pa.array(values, pa.large_string())
    sep = pa.scalar(",", pa.large_string())
    assert arrowfn.binary_join_element_wise(array, array, sep).equals(
        pc.binary_join_element_wise(array, array, sep)
    )
    match = arrowfn.match_substring_regex(array, pattern)
    assert match.equals(pc.match_substring_regex(array, pattern))
    assert arrowfn.any(match).equals(pc.any(match))
    assert arrowfn.if_else(match, array, sep).equals(pc.if_else(match, array, sep))
    assert arrowfn.replace_substring(array, "a", "bb").equals(
        pc.replace_substring(array, "a", "bb")
    )
    index = pa.array(list(range(len(values)))[::-1], pa.int64())
    assert arrowfn.take(array, index).equals(array.take(index))
    encoded = arrowfn.dictionary_encode(array)
    assert encoded.equals(pc.dictionary_encode(array))
    with_nulls = pa.array([v or None for v in values], pa.string())
    assert arrowfn.fill_null(
        arrowfn.cast(with_nulls, pa.large_string()), pa.scalar("", pa.large_string())
    ).equals(with_nulls.cast(pa.large_string()).fill_null(""))
