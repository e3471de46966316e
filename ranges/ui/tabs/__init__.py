"""The page's tabs, one module a tab, each with one ``render`` function that says what the tab
shows, in order: the places in range, reaching a target, the exports, a catalogue of one's own and
the link to share. A new tab is one module here and one line in app.py's list of tabs.

May import everything the rest of ``ranges.ui`` may (Streamlit, the engine, ``ranges.web``,
``ranges.export``, ``ranges.pictures``) and ``ranges.ui``'s own modules; nothing imports a tab
but app.py.
"""
