"""Who is within reach: the cities a set of systems reaches from launch points and areas.

What lives here, in the order the work flows: the column names of the tables (``schema``); the
screen that skips cities out of range from one dot product, with the distance bounds it rests on
(``screening``); Karney's exact distances of the pairs left, solved and sorted in threads
(``pairs``); each city's nearest reaching launch decided from those bounds (``nearest``); the
gazetteer's string tables and the arrow/pandas columns (``columns``, with ``arrowfn``, pyarrow's
kernels without ``pyarrow.compute``); the per-pair table (``pairtable``: ``reach_rows``,
``reach_columns``, ``ReachQuery``); the ground each system covers (``territory``); the forward
question with its three tables (``forward``: ``Reach``, ``compute_reach``); launch areas' pairs
(``areas``); the reverse question (``reverse``); the people-in-range curve (``growth``). The
package may import ``ranges.geometry``, ``ranges.places``, ``ranges.catalogue`` and the top-level
``ranges.errors``, ``ranges.text``, ``ranges.units``, ``ranges.paths``; never
``ranges.scenario``, ``ranges.web``, ``ranges.export``, ``ranges.pictures`` or ``ranges.ui``, nor
streamlit, folium, branca or matplotlib. Within it, imports point down the list above (no module
imports one that imports it back).
"""
