"""The catalogue of weapon systems: what a system is (its ranges, kind, colour and the sources
of every figure), and how a catalogue file is read and checked (docs/INTERFACES.md section 1).
The built-in catalogue is data/systems.yaml; users may load their own, checked by the same rules.
Modules: ``systems`` (System, Catalogue, reading, selection of ``id:variant``), ``sources`` (Source,
Variant), ``fields`` (bounds, id and text rules), ``messages`` (errors as one line), ``template``.

May import only the foundations (``ranges.errors``, ``ranges.text``, ``ranges.yamlsafe``,
``ranges.paths``) and pydantic; nothing else of rangemap imports below it.
"""
