"""Static pictures: the finished map of a scenario's rings and the chart of people in range.

``ringmap`` lays out and draws the map (:func:`ranges.pictures.ringmap.rings_picture`) from
parts of one job each: ``canvas/`` (the projection and extent, projected shapes, land and the
scale bar), ``graticule``, ``inset`` (the detail map), ``layers`` (rings and launch sites),
``legend``, ``labels`` (placing labels), ``placenames`` and ``targets`` (what is marked and
named), ``captions`` (title, subtitle, footer) and ``launch`` (what a ring is launched from);
``chart`` draws the chart of people and places reached as the range grows; ``figure`` holds
what every picture shares (fonts, colours, style, checked titles, saving). Modules here may
import ``ranges.reach``, ``ranges.geometry``, ``ranges.places``, ``ranges.catalogue``,
``ranges.style`` and the foundations (``ranges.errors``, ``ranges.text``, ``ranges.units``),
and matplotlib, imported only when a picture is made; never ``ranges.web``, ``ranges.ui``,
Streamlit, folium or branca.
"""
