"""The live map and the standalone HTML map: folium and branca live here, and nowhere else in
the engine.

:mod:`~ranges.web.basemap` builds the map that stays put (tiles, borders, controls);
:mod:`~ranges.web.layers`, :mod:`~ranges.web.cities` and :mod:`~ranges.web.areas` the layers that
change with the state; :mod:`~ranges.web.legend` and :mod:`~ranges.web.caption` say what is shown;
:mod:`~ranges.web.labels` places ring labels (pure geometry); :mod:`ranges.web.elements` holds
the Leaflet elements, one idea a class, whose JavaScript lives in ``ranges/web/js/*.js``
(:mod:`~ranges.web.scripts`); :mod:`~ranges.web.assets`, :mod:`~ranges.web.vendor_bundle`,
:mod:`~ranges.web.standalone` and :mod:`~ranges.web.loadguard` serve the map's scripts and
styles from the app, or write them into one file. Modules here may import
:mod:`ranges.scenario`, :mod:`ranges.reach`, :mod:`ranges.geometry`, :mod:`ranges.places`,
:mod:`ranges.catalogue`, :mod:`ranges.style` and the foundations (:mod:`ranges.text`,
:mod:`ranges.units`, :mod:`ranges.errors`, :mod:`ranges.paths`); never :mod:`ranges.ui` or
streamlit.
"""
