"""ranges.yamlsafe: the one hardened YAML reader of catalogues and scenario files."""

from __future__ import annotations

import pytest

from ranges.errors import RangemapError
from ranges.yamlsafe import YAMLReadError, decode_text, load_yaml


def _refused(text: str, **limits: int) -> YAMLReadError:
    with pytest.raises(YAMLReadError) as info:
        load_yaml(text, what="a test file", **limits)
    assert "\n" not in str(info.value)
    return info.value


def test_plain_data_is_read() -> None:
    assert load_yaml("a: [1, 2.5, x, null, true]\nb: &anchor {c: d}\n", what="x") == {
        "a": [1, 2.5, "x", None, True],
        "b": {"c": "d"},
    }


@pytest.mark.parametrize(
    ("text", "reason", "message"),
    [
        ("a: &x 1\nb: *x\n", "refused", "line 2, column 4: YAML aliases (*x) are not allowed"),
        ("a: 1\na: 2\n", "refused", "line 2, column 1: duplicate key 'a' in a mapping"),
        ("<<: {a: 1}\n", "refused", "merge keys (<<) are not allowed in a test file"),
        ("a: !!python/name:os.system\n", "refused", "!!python/name:os.system is not allowed"),
        ("a: !custom 1\n", "refused", "the tag !custom is not allowed"),
        ("a: 2024-13-45\n", "refused", "invalid value '2024-13-45'"),
        ("a: [1\n", "invalid", "line 2, column 1: invalid YAML:"),
        ("a: 1\n---\nb: 2\n", "invalid", "single document"),
        ("a: \x07\n", "invalid", "line 1: invalid YAML: character #x0007 is not allowed"),
        ("a: " + "[" * 30, "too deep", "nested more than 20 levels deep"),
    ],
)  # fmt: skip
def test_what_is_refused(text: str, reason: str, message: str) -> None:
    error = _refused(text)
    assert error.reason == reason
    assert message in str(error)
    assert isinstance(error, RangemapError) and isinstance(error, ValueError)


def test_limits_are_the_callers() -> None:
    assert _refused("[1, 2, 3, 4]", max_values=3).reason == "too many"
    assert _refused("[[[1]]]", max_depth=2).reason == "too deep"
    assert load_yaml("[[[1]]]", what="x", max_depth=4) == [[[1]]]


def test_a_python_tag_is_never_run(tmp_path) -> None:
    marker = tmp_path / "ran"
    _refused(f'!!python/object/apply:os.system ["touch {marker}"]')
    assert not marker.exists()


def test_an_alias_bomb_is_refused_at_once() -> None:
    lines = ['a: &a "' + "x" * 1000 + '"'] + [
        f"{c}: &{c} [" + f"*{chr(ord(c) - 1)}, " * 10 + "]" for c in "bcdefghij"
    ]
    # refused for what it is (aliases), before anything is expanded: no wall-clock bound,
    # which a loaded machine breaks and the reason already proves
    assert _refused("\n".join(lines)).reason == "refused"


def test_decode_text() -> None:
    assert decode_text("\ufeffabc", 10) == "abc"
    assert decode_text(b"\xef\xbb\xbfabc", 10) == "abc"
    assert decode_text(bytearray(b"abc"), 3) == "abc"
    assert decode_text("é" * 5, 10) == "é" * 5
    for data in ("é" * 6, b"x" * 11, "x" * 10**8):
        with pytest.raises(YAMLReadError, match="too large") as info:
            decode_text(data, 10)
        assert info.value.reason == "too large"
    with pytest.raises(YAMLReadError, match=r"not UTF-8 text \(byte 0xff at offset 1\)"):
        decode_text(b"a\xff", 10)
    with pytest.raises(TypeError, match="not int"):
        decode_text(5, 10)  # type: ignore[arg-type]
