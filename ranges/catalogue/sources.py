"""Where a figure comes from (:class:`Source`) and another published figure of a system
(:class:`Variant`), as a catalogue writes them. Distances in km.

Imports only pydantic and :mod:`ranges.catalogue.fields`.
"""

from __future__ import annotations

import datetime

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from ranges.catalogue.fields import (
    MAX_RANGE_KM,
    STRICT,
    LongText,
    NonBlank,
    Text,
    check_id_text,
    check_min_below_max_km,
    check_some_sources,
    check_url,
)

__all__ = ["Source", "Variant"]


class Source(BaseModel):
    """Where a figure comes from: a publication, optionally with a link, a quote and a date."""

    model_config = STRICT

    title: Text
    """Title of the publication, e.g. an article headline."""
    publisher: Text | None = None
    """Who published it ("Lockheed Martin", "Agence France-Presse (via SpaceWar.com)"): pictures
    and captions cite a source publisher first."""
    url: NonBlank | None = None
    """Address of the publication: an http or https URL."""
    quote: LongText | None = None
    """The exact sentence the figure comes from."""
    date: Text | None = None
    """Publication date; a YAML date (2024-10-01) is stored as an ISO 8601 string."""

    @field_validator("date", mode="before")
    @classmethod
    def _date_to_iso(cls, value: object) -> object:
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    @field_validator("url")
    @classmethod
    def _check_url(cls, url: str | None) -> str | None:
        return check_url(url)

    @property
    def citation(self) -> str:
        """``publisher: title`` (just the title without a publisher), for footers and captions."""
        return f"{self.publisher}: {self.title}" if self.publisher else self.title


class Variant(BaseModel):
    """Another published figure of a system: a version ("Block IV") or a figure a source gives.

    Distances are in km. The system's own figure stays its default; a variant is shown when it
    is chosen (``tomahawk:block-iv``), with its own sources.
    """

    model_config = STRICT

    id: str
    """Identifier within its system, same pattern as a system's id: ``block-iv``."""
    name: Text
    """Display name, e.g. "Block IV"."""
    max_range_km: float = Field(gt=0, le=MAX_RANGE_KM)
    """Maximum range, km: 0 < x <= 20000."""
    min_range_km: float = Field(default=0.0, ge=0)
    """Minimum range, km: 0 <= x < max_range_km."""
    sources: tuple[Source, ...]
    """Where this figure comes from: at least one."""
    disputed: bool = False
    """True where published figures for this version disagree (``notes`` says how)."""
    notes: LongText | None = None
    """Free text, e.g. where sources disagree."""

    @field_validator("sources", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: object) -> object:
        return tuple(value) if isinstance(value, list) else value

    @field_validator("id")
    @classmethod
    def _check_id(cls, variant_id: str) -> str:
        return check_id_text(variant_id)

    @field_validator("min_range_km")
    @classmethod
    def _check_min_below_max(cls, min_range_km: float, info: ValidationInfo) -> float:
        return check_min_below_max_km(min_range_km, info)

    @field_validator("sources")
    @classmethod
    def _check_sources(cls, sources: tuple[Source, ...]) -> tuple[Source, ...]:
        return check_some_sources(sources)
