"""The catalogue of weapon systems: what a system is, and how a catalogue file is read.

A catalogue is a YAML file with a top-level ``systems:`` list (see ``data/systems.yaml`` and
``docs/INTERFACES.md`` section 1). Each entry becomes a frozen, validated :class:`System`; the
file as a whole becomes a :class:`Catalogue`. Validation happens once, here, where the data
enters: code downstream never re-checks a range or re-parses a string.

Every distance is in kilometres (``*_km``) and every speed in kilometres per hour (``*_kmh``).

Reading is strict, because catalogues are also uploaded by users of the app (the reader is
:mod:`ranges.yamlsafe`, shared with scenario files):

- The file must be UTF-8 (a byte-order mark is allowed) and at most :data:`MAX_CATALOGUE_BYTES`;
  the size is checked before anything is parsed.
- YAML is read with ``yaml.safe_load`` semantics (plain data only) and more: any tag outside the
  safe schema (``!!python/object``, ``!custom`` ...) is rejected, duplicate mapping keys are
  rejected with both line numbers, only a single document is allowed, and nesting deeper than
  :data:`MAX_NESTING_DEPTH` or with more than :data:`MAX_YAML_VALUES` values is rejected (pure
  Python PyYAML takes seconds per MiB: the limits keep a hostile upload short).
- YAML aliases (``*name``) are rejected outright, so "billion laughs" documents that expand a few
  anchors into an exponential amount of data cannot be built. A catalogue never needs them: each
  system is written out in full. Anchors without aliases are harmless and allowed; merge keys
  (``<<``) are rejected, since without aliases they can only merge a literal mapping.
- Unknown fields are errors (they catch typos such as ``rnage_km``); types are strict (``"300"``
  is not a number, nor is ``true``); NaN and infinities are rejected.

A file that breaks any rule is rejected whole with a :class:`CatalogueError` whose message is one
line naming the file, the entry (index and id) and the field, for example::

    data/x.yaml: systems[2] (id 'atacms'): max_range_km: must be greater than 0 (got -5)
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from ranges.catalogue.fields import (
    MAX_RANGE_KM,
    SELECT_ALL,
    SELECTION_FIELDS,
    STRICT,
    VARIANT_SEPARATOR,
    LongText,
    Text,
    check_id_text,
    check_min_below_max_km,
    check_some_sources,
)
from ranges.catalogue.messages import explain_all
from ranges.catalogue.sources import Source, Variant
from ranges.catalogue.template import catalogue_template
from ranges.errors import (
    CatalogueError,
    RangeOverrideError,
    SelectionError,
    UnknownSystemError,
)
from ranges.paths import DATA_DIR
from ranges.text import describe, exact_number, value_text
from ranges.yamlsafe import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_VALUES,
    YAMLReadError,
    decode_text,
    load_yaml,
)

__all__ = [
    "DEFAULT_CATALOGUE_PATH",
    "KINDS",
    "MAX_CATALOGUE_BYTES",
    "MAX_NESTING_DEPTH",
    "MAX_RANGE_KM",
    "MAX_YAML_VALUES",
    "VARIANT_SEPARATOR",
    "Catalogue",
    "CatalogueError",
    "RangeOverrideError",
    "SelectionError",
    "Source",
    "System",
    "UnknownSystemError",
    "Variant",
    "catalogue_template",
    "load_catalogue",
    "parse_catalogue",
]

DEFAULT_CATALOGUE_PATH: Path = DATA_DIR / "systems.yaml"
"""The built-in catalogue, found relative to this package (not the working directory)."""

MAX_CATALOGUE_BYTES: int = 1024 * 1024
"""Largest catalogue file accepted, in bytes (1 MiB), checked before parsing."""

MAX_NESTING_DEPTH: int = DEFAULT_MAX_DEPTH
"""Deepest YAML nesting accepted, in levels; a valid catalogue needs 6."""

MAX_YAML_VALUES: int = DEFAULT_MAX_VALUES
"""Most YAML values (scalars, lists and mappings) accepted: some 7,000 systems."""

Kind = Literal["ballistic", "cruise", "other"]
KINDS: tuple[str, ...] = get_args(Kind)
"""The kinds of system, as written in a catalogue."""

_COLOR_PATTERN = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


class System(BaseModel):
    """One weapon system of the catalogue. Distances are in km, speeds in km/h."""

    model_config = STRICT

    id: str
    """Stable identifier for URLs and command lines: ``^[a-z0-9][a-z0-9-]{0,39}$``, not ``all``."""
    name: Text
    """Display name, e.g. "MGM-140 ATACMS"."""
    kind: Kind
    """``ballistic``, ``cruise`` or ``other``."""
    max_range_km: float = Field(gt=0, le=MAX_RANGE_KM)
    """Maximum range, km: 0 < x <= 20000."""
    min_range_km: float = Field(default=0.0, ge=0)
    """Minimum range, km: 0 <= x < max_range_km. Above 0 the ring becomes an annulus."""
    sources: tuple[Source, ...]
    """Where the figures come from: at least one."""
    aliases: tuple[Text, ...] = ()
    """Other names of the system."""
    origin: Text | None = None
    """Country or countries that make it."""
    operators: tuple[Text, ...] = ()
    """Countries or forces that field it."""
    speed_kmh: float | None = Field(default=None, gt=0)
    """Typical speed, km/h."""
    color: str | None = None
    """Colour of its rings, normalised to lowercase ``#rrggbb`` (``#rgb`` is accepted)."""
    notes: LongText | None = None
    """Free text, e.g. how a figure was reported and where sources disagree."""
    disputed: bool = False
    """True where published figures for the system's own figure disagree (``notes`` says how)."""
    variants: tuple[Variant, ...] = ()
    """Other published figures (versions), each with its own sources; ids unique here."""
    variant: str | None = None
    """Set by a selection, never by a catalogue: the id of the variant these figures are."""
    variant_name: str | None = None
    """Set by a selection, never by a catalogue: that variant's name."""
    _default: System | None = PrivateAttr(default=None)
    # the system with its own figure, kept by a variant's view (published_range_km needs it)

    @field_validator("sources", "aliases", "operators", "variants", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: object) -> object:
        """YAML gives lists; the model holds tuples (immutable and hashable)."""
        return tuple(value) if isinstance(value, list) else value

    @field_validator("id")
    @classmethod
    def _check_id(cls, system_id: str) -> str:
        return check_id_text(system_id)

    @field_validator("min_range_km")
    @classmethod
    def _check_min_below_max(cls, min_range_km: float, info: ValidationInfo) -> float:
        return check_min_below_max_km(min_range_km, info)

    @field_validator("sources")
    @classmethod
    def _check_sources(cls, sources: tuple[Source, ...]) -> tuple[Source, ...]:
        return check_some_sources(sources)

    @field_validator("variants")
    @classmethod
    def _check_variant_ids(cls, variants: tuple[Variant, ...]) -> tuple[Variant, ...]:
        first: dict[str, int] = {}
        for index, variant in enumerate(variants):
            if variant.id in first:
                raise ValueError(
                    f"id {variant.id!r} of variants[{index}] repeats variants[{first[variant.id]}]"
                    " (variant ids are unique within a system)"
                )
            first[variant.id] = index
        return variants

    # --- Variants: which figure is shown ---

    @property
    def key(self) -> str:
        """What selects these figures: the id, or ``id:variant`` for a variant (the same as
        :attr:`id`: a variant's view carries ``id:variant`` as its id, so that every table,
        legend and colour keyed by id tells two figures of one system apart)."""
        return self.id

    @property
    def system_id(self) -> str:
        """The catalogue id of the system, without the variant: ``tomahawk``."""
        return self.id.partition(VARIANT_SEPARATOR)[0]

    @property
    def label(self) -> str:
        """The name to show: "BGM-109 Tomahawk, Block IV" for a variant, else the name."""
        return f"{self.name}, {self.variant_name}" if self.variant_name else self.name

    def find_variant(self, variant_id: str) -> Variant:
        """The variant with this id (case and surrounding spaces ignored), else
        :class:`UnknownSystemError` listing the system's variants."""
        wanted = variant_id.strip().lower()
        for variant in self.variants:
            if variant.id == wanted:
                return variant
        known = ", ".join(f"{self.id}{VARIANT_SEPARATOR}{v.id}" for v in self.variants)
        raise UnknownSystemError(
            f"unknown variant {variant_id.strip()!r} of {self.id!r}"
            + (f" (known: {known})" if known else " (it has no variants)")
        )

    def as_variant(self, variant_id: str | None) -> System:
        """This system showing a variant's figures (range, sources, notes); None: its own.

        The result keeps the system's name, kind and colour; its id becomes ``id:variant``
        (:attr:`system_id` is the catalogue id) and it carries ``variant`` and ``variant_name``,
        so every output can say which figure it drew.
        """
        base = self.base_figure()
        if variant_id is None:
            return base
        variant = base.find_variant(variant_id)
        view = base.model_copy(
            update={
                "id": f"{base.id}{VARIANT_SEPARATOR}{variant.id}",
                "max_range_km": variant.max_range_km,
                "min_range_km": variant.min_range_km,
                "sources": variant.sources,
                "notes": variant.notes if variant.notes is not None else base.notes,
                "disputed": variant.disputed,
                "variant": variant.id,
                "variant_name": variant.name,
            }
        )
        view._default = base
        return view

    def base_figure(self) -> System:
        """The system with its catalogue default figure (undoes :meth:`as_variant`)."""
        return self._default if self._default is not None else self

    def published_range_km(self) -> tuple[float, float]:
        """The smallest and largest maximum range, km, among the system's own figure and its
        variants: where they differ, the caption shows the range of published figures."""
        base = self.base_figure()
        figures = [base.max_range_km, *(v.max_range_km for v in base.variants)]
        return min(figures), max(figures)

    def figure_sources(self) -> tuple[Source, ...]:
        """The sources of the figures shown, publisher first in citations: this figure's own,
        then those of every other figure of the system with the same range (they corroborate
        it)."""
        base = self.base_figure()
        figure = (self.max_range_km, self.min_range_km)
        same = [s for s in base.sources if (base.max_range_km, base.min_range_km) == figure]
        same += [
            source
            for variant in base.variants
            if variant.id != self.variant and (variant.max_range_km, variant.min_range_km) == figure
            for source in variant.sources
        ]
        return tuple(dict.fromkeys([*self.sources, *same]))

    @field_validator("color")
    @classmethod
    def _check_color(cls, color: str | None) -> str | None:
        if color is None:
            return None
        if not _COLOR_PATTERN.fullmatch(color):
            raise ValueError(f"must be #rrggbb or #rgb in hexadecimal (got {value_text(color)})")
        digits = color[1:].lower()
        return "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits))

    def with_max_range(self, max_range_km: float) -> System:
        """A copy of this system with another maximum range, km (a what-if override).

        The new range obeys the catalogue's rules: a finite number, 0 < x <= 20000, and greater
        than the system's ``min_range_km``. Otherwise :class:`RangeOverrideError` (a
        ``ValueError``) is raised with a one-line message naming the system.
        """
        what = f"range for {self.id!r}"
        if isinstance(max_range_km, bool) or not isinstance(max_range_km, numbers.Real):
            raise RangeOverrideError(f"{what} must be a number (got {describe(max_range_km)})")
        value = float(max_range_km)
        if not math.isfinite(value):
            raise RangeOverrideError(f"{what} must not be NaN or infinite (got {value})")
        if not 0 < value <= MAX_RANGE_KM:
            raise RangeOverrideError(
                f"{what} must be greater than 0 and at most {exact_number(MAX_RANGE_KM)} km"
                f" (got {exact_number(value)})"
            )
        if value <= self.min_range_km:
            raise RangeOverrideError(
                f"{what} must be greater than its minimum range of"
                f" {exact_number(self.min_range_km)} km"
                f" (got {exact_number(value)})"
            )
        return self.model_copy(update={"max_range_km": value})


# --- The catalogue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """An ordered set of systems with unique ids, and the name of the file they came from.

    ``source`` is only used in messages (e.g. ``data/systems.yaml`` or ``<upload>``).
    Building a catalogue with no systems or with a repeated id raises :class:`CatalogueError`.
    """

    systems: tuple[System, ...]
    source: str = "<catalogue>"

    def __post_init__(self) -> None:
        object.__setattr__(self, "systems", tuple(self.systems))
        if not self.systems:
            raise CatalogueError(f"{self.source}: the catalogue has no systems")
        first_index: dict[str, int] = {}
        for index, system in enumerate(self.systems):
            if system.id in first_index:
                raise CatalogueError(
                    f"{self.source}: systems[{index}] (id {system.id!r}): id: duplicate of"
                    f" systems[{first_index[system.id]}]"
                )
            first_index[system.id] = index

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the systems, in catalogue order."""
        return tuple(system.id for system in self.systems)

    def get(self, system_id: str) -> System:
        """The system with this id (surrounding spaces and case are ignored).

        ``id:variant`` (``tomahawk:block-iv``) gives the system showing that variant's figures
        (:meth:`System.as_variant`). Raises :class:`UnknownSystemError` listing the known ids
        (or the system's variants) if there is none.
        """
        wanted, _, variant = system_id.strip().lower().partition(VARIANT_SEPARATOR)
        wanted = wanted.strip()
        for system in self.systems:
            if system.id == wanted:
                return system.as_variant(variant.strip()) if variant.strip() else system
        raise UnknownSystemError(
            f"unknown system {wanted!r} (known: {', '.join(sorted(self.ids))})"
        )

    @property
    def keys(self) -> tuple[str, ...]:
        """Every figure a selection can name: each id, then its ``id:variant`` keys."""
        return tuple(
            key
            for system in self.systems
            for key in (
                system.id,
                *(f"{system.id}{VARIANT_SEPARATOR}{v.id}" for v in system.variants),
            )
        )

    def figures(self, system_id: str) -> tuple[System, ...]:
        """A system with its default figure, then showing each of its variants in order."""
        system = self.get(system_id)
        return (system, *(system.as_variant(v.id) for v in system.variants))

    def select(self, specs: Iterable[str]) -> tuple[System, ...]:
        """The systems named by ``specs``, in the order first named, each once.

        Each spec is an id or several separated by commas (``"atacms, tomahawk"``); ``all``
        means every system in catalogue order; ``id:variant`` a variant's figures
        (``tomahawk:block-iv``), and ``id:all`` the system's own figure and every variant of it;
        spaces and case are ignored. A single string is taken as one spec. Raises
        :class:`UnknownSystemError` for an unknown id or variant and :class:`SelectionError` if
        nothing is selected.
        """
        if isinstance(specs, str):
            specs = (specs,)
        chosen: dict[str, System] = {}
        for spec in specs:
            for part in spec.split(","):
                wanted = part.strip().lower()
                if not wanted:
                    continue
                head, _, tail = wanted.partition(VARIANT_SEPARATOR)
                if wanted == SELECT_ALL:
                    named: tuple[System, ...] = self.systems
                elif tail.strip() == SELECT_ALL:
                    named = self.figures(head)
                else:
                    named = (self.get(wanted),)
                for system in named:
                    chosen.setdefault(system.key, system)
        if not chosen:
            raise SelectionError(
                f"no system selected (known: {', '.join(sorted(self.ids))}, or '{SELECT_ALL}')"
            )
        return tuple(chosen.values())

    def merged_with(self, other: Catalogue) -> Catalogue:
        """This catalogue with ``other`` laid over it, e.g. a user's upload over the built-in one.

        A system of ``other`` replaces the system with the same id in place; the others are
        appended in their order.
        """
        incoming = {system.id: system for system in other.systems}
        systems = [incoming.pop(system.id, system) for system in self.systems]
        systems.extend(incoming.values())
        return Catalogue(tuple(systems), source=f"{self.source} + {other.source}")


# --- Reading a catalogue ------------------------------------------------------------------------


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and validate the catalogue at ``path`` (default: :data:`DEFAULT_CATALOGUE_PATH`).

    Messages name the file as ``path`` was given. Raises :class:`CatalogueError` if the file
    cannot be read or breaks any rule.
    """
    file_path = DEFAULT_CATALOGUE_PATH if path is None else Path(path)
    source = str(file_path if path is None else path)
    try:
        with file_path.open("rb") as handle:
            data = handle.read(MAX_CATALOGUE_BYTES + 1)
    except OSError as exc:
        raise CatalogueError(f"{source}: cannot read the file ({exc.strerror or exc})") from exc
    return parse_catalogue(data, source=source)


def parse_catalogue(data: str | bytes, source: str = "<upload>") -> Catalogue:
    """Validate a catalogue given as text or as the bytes of a file (e.g. an upload).

    ``source`` names the file in messages. Raises :class:`CatalogueError` if it breaks any rule.
    """
    text = _decode(data, source)
    document = _parse_yaml(text, source)
    return _build_catalogue(document, source)


def _decode(data: str | bytes, source: str) -> str:
    """The text of ``data``, checked against the size limit first, then decoded from UTF-8."""
    try:
        return decode_text(data, MAX_CATALOGUE_BYTES)
    except YAMLReadError as exc:
        if exc.reason == "too large":
            limit = f"over {MAX_CATALOGUE_BYTES // 1024 // 1024} MiB"
            raise CatalogueError(f"{source}: the file is too large ({limit})") from None
        raise CatalogueError(f"{source}: {exc}; save the file as UTF-8") from None


def _parse_yaml(text: str, source: str) -> object:
    """The single YAML document in ``text``, read by the hardened reader of ranges.yamlsafe."""
    try:
        # the limits are read here, at call time, so that tests can lower them
        return load_yaml(
            text, what="a catalogue", max_depth=MAX_NESTING_DEPTH, max_values=MAX_YAML_VALUES
        )
    except YAMLReadError as exc:
        raise CatalogueError(f"{source}: {exc}") from None


def _build_catalogue(document: object, source: str) -> Catalogue:
    """The catalogue described by the parsed YAML ``document``."""
    expected = "a mapping with a 'systems' list"
    if document is None:
        raise CatalogueError(f"{source}: the file is empty (expected {expected})")
    if not isinstance(document, dict):
        raise CatalogueError(
            f"{source}: the top level must be {expected} (got {describe(document)})"
        )
    if "systems" not in document:
        found = ", ".join(value_text(key) for key in document)
        found = f" (found {found})" if found else ""
        raise CatalogueError(f"{source}: missing 'systems', the list of systems{found}")
    for key in document:
        if key != "systems":
            raise CatalogueError(
                f"{source}: unknown top-level key {value_text(key)} (only 'systems' is allowed)"
            )
    entries = document["systems"]
    if not isinstance(entries, list):
        raise CatalogueError(f"{source}: 'systems' must be a list (got {describe(entries)})")
    if not entries:
        raise CatalogueError(f"{source}: 'systems' is empty (at least one system is needed)")
    systems = tuple(_build_system(entry, index, source) for index, entry in enumerate(entries))
    return Catalogue(systems, source=source)


def _build_system(entry: object, index: int, source: str) -> System:
    """The system of ``systems[index]``, or a :class:`CatalogueError` naming it."""
    where = f"{source}: systems[{index}]"
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        where += f" (id {value_text(entry['id'])})"
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: must be a mapping of fields (got {describe(entry)})")
    if "color" in entry and entry["color"] is None:
        # `color: #d62728` is a YAML comment, not a colour: the most common slip in a catalogue.
        raise CatalogueError(
            f'{where}: color: is empty; write it in quotes, e.g. color: "#d62728"'
            " (an unquoted # starts a YAML comment)"
        )
    for key in SELECTION_FIELDS:
        if key in entry:
            raise CatalogueError(
                f"{where}: unknown field {value_text(key)} (list other figures under 'variants')"
            )
    try:
        return System.model_validate(entry)
    except ValidationError as exc:
        raise CatalogueError(f"{where}: {explain_all(exc.errors(), entry, System)}") from exc
