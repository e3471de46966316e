"""Floats as CSV cells (ranges.export.cells.float_cells) are Python's ``repr`` for coordinates of
any precision (OurAirports': up to 9 decimals, or float32 values with 14 digits)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ranges.export.cells import float_cells


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.builds(round, st.floats(-180.0, 180.0), st.integers(0, 12)),
            st.builds(round, st.floats(-1e7, 1e7), st.integers(5, 10)),
            st.builds(round, st.floats(-1e-3, 1e-3), st.integers(3, 11)),
            st.floats(allow_nan=True, allow_infinity=True),
            st.sampled_from([0.0, -0.0, 1e-4, 9.999999999, 4194304.000000001, 123.4560001]),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_float_cells_are_python_repr_up_to_nine_decimals(values) -> None:
    numbers = np.array(values, dtype=float)
    expected = ["" if math.isnan(v) else repr(float(v)) for v in numbers]
    assert float_cells(numbers).to_pylist() == expected


def test_the_airfields_coordinates() -> None:
    from ranges.targets.airfields import airfields

    lats = np.asarray(airfields().lats)
    assert float_cells(lats).to_pylist() == [repr(v) for v in lats.tolist()]
