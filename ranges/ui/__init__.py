"""The Streamlit user interface: only ``app.py`` imports it, and nothing in the engine does.

``state`` names every session-state key; ``sidebar``, ``map`` and ``tabs/<one per tab>`` hold the
widgets; ``resources`` the cached data.
"""
