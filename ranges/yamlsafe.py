"""One hardened reader for the YAML files users hand us: catalogues and scenario files.

Both may be uploads from anyone, so both are read the same strict way:

- The size is checked before anything is decoded or parsed (:func:`decode_text`), then the
  bytes must be UTF-8 (a byte-order mark is allowed).
- YAML is read with ``yaml.safe_load`` semantics (plain data only) and more: any tag outside the
  safe schema (``!!python/object``, ``!custom`` ...) is refused, duplicate mapping keys are
  refused with both line numbers, only a single document is allowed, and nesting deeper than
  ``max_depth`` or more than ``max_values`` values are refused (pure Python PyYAML takes
  seconds per MiB: the limits keep a hostile upload short).
- YAML aliases (``*name``) are refused outright, so "billion laughs" documents that expand a few
  anchors into an exponential amount of data cannot be built. Neither format needs them.
  Anchors without aliases are harmless and allowed; merge keys (``<<``) are refused, since
  without aliases they can only merge a literal mapping.

Every refusal is a :class:`YAMLReadError` with a one-line message (``line 4, column 3: ...``)
and a ``reason``; the caller puts its own words around it (the file name of a catalogue, "not a
YAML or JSON document" for a scenario file) and raises its own error class.
"""

from __future__ import annotations

from typing import Any, Literal

import yaml

from ranges.errors import RangemapError
from ranges.text import value_text

__all__ = ["DEFAULT_MAX_DEPTH", "DEFAULT_MAX_VALUES", "YAMLReadError", "decode_text", "load_yaml"]

DEFAULT_MAX_DEPTH = 20
"""Deepest YAML nesting accepted, in levels; a catalogue needs 6, a scenario file 4."""

DEFAULT_MAX_VALUES = 100_000
"""Most YAML values (scalars, lists and mappings) accepted: some 7,000 catalogue systems."""

Reason = Literal["too large", "not utf-8", "invalid", "refused", "too deep", "too many"]


class YAMLReadError(RangemapError, ValueError):
    """A file refused by this reader. ``reason`` says which rule: ``too large``, ``not utf-8``,
    ``invalid`` (not YAML), ``refused`` (YAML a file of ours must not use), ``too deep``,
    ``too many`` (values)."""

    def __init__(self, message: str, reason: Reason) -> None:
        super().__init__(message)
        self.reason: Reason = reason


def decode_text(data: str | bytes | bytearray | memoryview, max_bytes: int) -> str:
    """The text of a file of at most ``max_bytes`` bytes (UTF-8; a byte-order mark is dropped).

    The size is checked first, without encoding a huge text: a character is at least one byte.
    Raises :class:`YAMLReadError` (``too large`` or ``not utf-8``; the message says the byte and
    its offset) or ``TypeError`` if ``data`` is neither text nor bytes.
    """
    if isinstance(data, str):
        too_long = len(data) > max_bytes
        size = len(data) if too_long else len(data.encode("utf-8", errors="surrogatepass"))
    elif isinstance(data, bytes | bytearray | memoryview):
        data = bytes(data)
        size = len(data)
    else:
        raise TypeError(f"expected the text or bytes of a file, not {type(data).__name__}")
    if size > max_bytes:
        raise YAMLReadError("the file is too large", "too large")
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YAMLReadError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", "not utf-8"
        ) from None


def load_yaml(
    text: str,
    *,
    what: str,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_values: int = DEFAULT_MAX_VALUES,
) -> object:
    """The single YAML document in ``text`` as plain data (dicts, lists, scalars).

    ``what`` names the file in refusals ("the tag !!python/name is not allowed in a
    catalogue"). Raises :class:`YAMLReadError` for anything the module docstring refuses.
    """
    try:
        loader = _StrictLoader(text, what=what, max_depth=max_depth, max_values=max_values)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except _Refused as exc:
        raise YAMLReadError(_where(exc) + str(exc.problem), exc.reason) from None
    except yaml.MarkedYAMLError as exc:
        problem = ", ".join(part for part in (exc.context, exc.problem) if part)
        raise YAMLReadError(f"{_where(exc)}invalid YAML: {problem}", "invalid") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YAMLReadError(
            f"line {line}: invalid YAML: character #x{exc.character:04x} is not allowed",
            "invalid",
        ) from None
    except yaml.YAMLError as exc:
        raise YAMLReadError(f"invalid YAML: {exc}", "invalid") from None
    except RecursionError:
        raise YAMLReadError("the YAML is nested too deeply", "too deep") from None


def _where(exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    return f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""


_YAML_PREFIX = "tag:yaml.org,2002:"


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that our files do not allow (an alias, a tag, a duplicate key ...)."""

    def __init__(self, problem: str, mark: yaml.Mark | None, reason: Reason = "refused") -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.reason: Reason = reason


class _StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that also refuses aliases, merge keys, duplicate keys, any tag outside
    the safe schema, deep nesting and too many values."""

    def __init__(self, stream: str, *, what: str, max_depth: int, max_values: int) -> None:
        super().__init__(stream)  # checks for unprintable characters already
        self._what = what
        self._max_depth = max_depth
        self._max_values = max_values
        self._depth = 0
        self._values = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                f"YAML aliases (*{event.anchor}) are not allowed in {self._what};"
                " write the value out in full",
                event.start_mark,
            )
        self._values += 1
        if self._values > self._max_values:
            raise _Refused(
                f"more than {self._max_values} values; {self._what} is far smaller",
                self.peek_event().start_mark,
                "too many",
            )
        self._depth += 1
        try:
            if self._depth > self._max_depth:
                raise _Refused(
                    f"nested more than {self._max_depth} levels deep",
                    self.peek_event().start_mark,
                    "too deep",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            # e.g. `date: 2024-13-45` matches YAML's timestamp pattern but is no date, and an
            # integer of more than 4,300 digits is refused by int().
            raise _Refused(
                f"invalid value {value_text(node.value)} ({exc})", node.start_mark
            ) from exc

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_seen: dict[object, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _YAML_PREFIX + "merge":
                raise _Refused(
                    f"merge keys (<<) are not allowed in {self._what}", key_node.start_mark
                )
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = self.construct_object(key_node)
            if key in first_seen:
                raise _Refused(
                    f"duplicate key {value_text(key)} in a mapping"
                    f" (first at line {first_seen[key].start_mark.line + 1})",
                    key_node.start_mark,
                )
            first_seen[key] = key_node
        return super().construct_mapping(node, deep=deep)

    def _refuse_tag(self, node: yaml.Node) -> None:
        tag = node.tag
        shown = "!!" + tag.removeprefix(_YAML_PREFIX) if tag.startswith(_YAML_PREFIX) else tag
        raise _Refused(
            f"the tag {shown} is not allowed in {self._what} (only plain YAML data is)",
            node.start_mark,
        )


_StrictLoader.add_constructor(None, _StrictLoader._refuse_tag)
