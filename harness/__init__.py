"""The harness the browser tests and the bench share: what runs the app and drives it, and
nothing that asserts or reports.

- :mod:`harness.server`: the app on a free localhost port (as ``deploy/process.py`` starts it),
  Debian's chromium and its flags, a Playwright route that keeps a page on this machine.
- :mod:`harness.pages`: a page's map frame, rings, URL, and waits for a positive sign (the app
  idle, the map's view reported, rings drawn), never for a time.
- :mod:`harness.procs`: a process's memory and CPU from ``/proc``, the machine's busy time,
  a percentile.
- :mod:`harness.stclient`: Streamlit's websocket protocol spoken from Python (sessions without
  a browser).
- :mod:`harness.capacity`: N such sessions moving sliders (the capacity load);
  :mod:`harness.load`: N chromium sessions moving sliders and adding points (the browser load).

Layers: ``tests`` and ``bench`` import ``harness``; ``harness`` imports ``deploy`` and
``ranges`` only, never a test or the bench; no test imports the bench's measuring code and
the bench imports no test module (``pyproject.toml``'s import contracts).
"""
