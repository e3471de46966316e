"""Scenario: the state a shared link or a scenario file carries, and its codecs.

``model`` holds the :class:`~ranges.scenario.model.Scenario` value and its limits; ``params``
the one table of parameters (one row a parameter, the one place a parameter is declared), whose
rows read link values with ``linkvalues`` (sharing ``reading``) and file values with
``filevalues``; ``link`` is the URL codec (``parse_query``/``to_query``), ``scenariofile`` the
YAML file codec (``scenario_to_file``/``scenario_from_file``) and ``arealink`` the compact link
form of a launch area. Modules here may import ``ranges.catalogue``, ``ranges.places``,
``ranges.geometry`` and the foundations (``ranges.errors``, ``ranges.text``, ``ranges.units``,
``ranges.yamlsafe``); never ``ranges.reach``, ``ranges.web``, ``ranges.ui``, ``ranges.pictures``,
``ranges.export``, Streamlit, folium, branca or matplotlib.
"""
