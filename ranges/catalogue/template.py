"""A commented example catalogue for users to download and fill in.

Imports nothing; ``tests/test_catalogue.py`` checks that it parses and names every field.
"""

from __future__ import annotations

__all__ = ["catalogue_template"]


_TEMPLATE = """\
# A rangemap catalogue. Fill it in, save it as UTF-8 and load it in the app or with
# `python -m ranges ... --catalogue FILE`. One entry per system under `systems:`.
# Required: id, name, kind, max_range_km and at least one source with a title.
# Unknown fields are errors, so a misspelt field is reported rather than ignored.
systems:
  - id: example-missile        # lowercase letters, digits and hyphens (at most 40)
    name: Example Missile      # display name
    kind: cruise               # ballistic, cruise or other
    max_range_km: 500          # maximum range in km: more than 0, at most 20000
    min_range_km: 0            # optional: minimum range in km (the ring becomes an annulus)
    sources:                   # where the figures come from: at least one
      - title: Example Article Title
        publisher: Example Publisher          # optional: cited first in pictures and captions
        url: https://example.org/article      # optional: http or https
        quote: The exact sentence the range figure comes from.   # optional
        date: 2024-10-01       # optional
    aliases: [EXM-1]           # optional: other names
    origin: Example Country    # optional
    operators: []              # optional: countries or forces that field it
    speed_kmh: 800             # optional: typical speed in km/h (cite it in sources)
    color: "#ff7f0e"           # optional: ring colour; keep the quotes (# starts a comment)
    notes: Optional free text; say here where sources disagree.   # optional
    disputed: false            # optional: true where published figures for it disagree
    variants:                  # optional: other published figures, each with its own sources;
                               # choose one with --system example-missile:block-2 (or in the app)
      - id: block-2            # same pattern as a system id, unique within the system
        name: Block 2          # display name of the version
        max_range_km: 800      # its own maximum range in km
        min_range_km: 0        # optional
        sources:               # at least one, same fields as above
          - title: Example Fact Sheet
            publisher: Example Manufacturer
            quote: The exact sentence giving 800 km.
        disputed: false        # optional
        notes: Optional free text.   # optional
    # variant: and variant_name: are set when a variant is chosen; a catalogue never writes them.
"""


def catalogue_template() -> str:
    """A commented example catalogue with one system, for users to download and fill in."""
    return _TEMPLATE
