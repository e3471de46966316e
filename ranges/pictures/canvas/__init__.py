"""The canvas a picture's rings are drawn on: ``frame`` (the projection and the extent),
``shapes`` (projected shapes as matplotlib paths), ``land`` (countries, the launch areas'
hatching) and ``scalebar``.

Modules here may import each other, ``ranges.pictures.figure`` (the shared style),
``ranges.geometry``, ``ranges.places``, the foundations and matplotlib; never what draws on
them (the rest of ``ranges.pictures``), ``ranges.web``, ``ranges.ui``, Streamlit or folium.
"""
