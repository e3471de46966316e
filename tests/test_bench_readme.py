"""docs/performance.md's table against the measures the bench declares (nothing is run)."""

from __future__ import annotations

import pytest

from bench import readme

ROWS = [("a measure", "1 ms", "< 2 ms", "ok"), ("  an | indented one", "2 ms", "", "")]


def test_the_performance_table_names_exactly_the_declared_measures() -> None:
    text = readme.DOC.read_text(encoding="utf-8")
    names = readme.table_measures(text)
    declared = [m.strip() for m in readme.MEASURES]
    missing = [m for m in declared if m not in names]
    stale = [n for n in names if n not in declared]
    assert not missing and not stale, (
        f"docs/performance.md's table is stale (run `make bench`): "
        f"missing {missing}, no longer measured {stale}"
    )
    assert names == declared


def test_measures_are_unique() -> None:
    assert len(set(readme.MEASURES)) == len(readme.MEASURES)


def test_the_table_is_written_between_the_markers_and_read_back() -> None:
    text = f"intro\n{readme.START}\nold table\n{readme.END}\nafter\n"
    out = readme.replace_table(text, ROWS, note="note")
    assert out.startswith("intro\n") and out.endswith(f"{readme.END}\nafter\n")
    assert "old table" not in out and "\nnote\n" in out
    assert readme.table_measures(out) == ["a measure", "an | indented one"]
    assert readme.replace_table(out, ROWS, note="note") == out  # rewriting is stable
    with pytest.raises(ValueError, match="bench:start"):
        readme.replace_table("no markers", ROWS)


def test_rows_are_checked_against_the_declaration() -> None:
    declared = [(m, "", "", "") for m in readme.MEASURES]
    assert readme.undeclared(declared) == []
    renamed = [("a new name", "", "", ""), *declared[1:]]
    problems = readme.undeclared(renamed)
    assert any("not declared" in p for p in problems)
    assert any("declared but not measured" in p for p in problems)
    assert readme.undeclared(declared[::-1]) == [
        "measured in another order than bench/readme.py declares"
    ]
