"""Helpers shared by the Streamlit pages in ``views/`` (routed by ``app.py``).

Conventions for a page (see ``views/explorer.py``; pages are thin: controls -> backend -> draw):

1. Controls and URL state. Declare the controls once as a list of ``state.Param`` (the standard ones
   are in ``params``: ``teacher()``, ``alpha()``, ``temperature()``, ``rho_train()``, ``rho_test()``,
   ``learn_bias()``, ``family()``) and call ``values = state.controls(PAGE, PARAMS, PRESETS)``. It
   draws the widgets in the sidebar, takes each value from the URL (a shared link, browser Back), else
   from the session-wide state (``state.SHARED``: b0/rho0, alpha, T, rho_train, rho_test, learn_b are
   one state for all pages), else its default (a malformed or out-of-range URL value falls back with a
   visible ``st.warning`` naming the parameter and its range), and writes every visible control back to
   ``st.query_params``. ``PAGE`` prefixes the session-state keys (``state.key(PAGE, name)``); URL
   parameter names are the plain ``name``. Controls that only part of a page depends on can be drawn
   in an ``st.fragment`` by a second ``controls(..., section=...)`` call (see the explorer), so that
   moving them reruns only that part.
2. Presets. ``PRESETS = {"Reproduce Fig. N": {name: value, ...}}``: one button each, which sets the
   documented values; ``state.apply_preset(PAGE, values)`` is the callback for any button that moves
   controls (e.g. ``layout.jump_buttons``).
3. Numbers. Only through ``backend`` (st.cache_data over ``analysis.figures``, itself over the solver's
   disk cache). No numerics in pages; new figure data goes into ``solver/figures.py`` (unit-tested)
   with a cached wrapper in ``backend``. Long computations cache each part and take a
   ``progress(fraction, text)`` callback (see ``backend.optimal_rho_train``, ``layout.progress_step``).
4. Plots. ``plots.figure(x, y)`` (axis labels from ``plots.LABELS`` with the paper's symbols),
   ``plots.curve`` (gaps where a point is not informative), ``plots.points`` (stars, diamonds),
   ``plots.vline/hline/shade``, Okabe-Ito colours via ``plots.style(i)``; ``sweep_charts`` has the
   standard charts against rho_train. Show with ``layout.chart(fig, name, data)``: full width,
   PNG export named ``name`` from the toolbar, and a CSV download of ``data``. The browser takes ~0.2 s
   to draw each chart: a page with more than 3 splits them into lazy tabs (``tabs``: only the open tab's
   charts are built and sent; its sentences and export numbers are computed for every tab).
5. Words. Each control has a ``help`` sentence, each chart a ``st.caption`` saying what to look at;
   ``explain`` turns a solved point into sentences. No "nan", "None" or "inf" reaches a reader: tables
   through ``layout.table``, numbers through ``explain.fmt``/``fmt_b``, a missing optimum by its
   ``reason`` (``explain.optimum_notes``); a value from outside (URL) only through ``untrusted.code_span``.
6. Export. End the page with ``downloads.export_view(TITLE, PARAMS, values, numbers, findings)``: the
   view's summary (Markdown/HTML: its controls, the key numbers the page computed, date, version, link);
   ``downloads.table_numbers`` turns a table the page shows into key numbers. CSVs only through
   ``downloads.csv_button`` / ``layout.chart`` (one CSV convention, see the README).
7. Tests. Add the page to the case table of ``tests/app/test_pages.py`` (renders, control changes
   numbers, preset, malformed URL), its URL controls to ``SPECS`` of ``tests/app/test_pages_property.py``
   (every control over its range, no nan/None/inf shown) and to the page list of ``tests/e2e``.
"""

import os
from pathlib import Path

# The app keeps the solver's disk cache in the repository's cache/ folder unless IMBALANCE_CACHE_DIR is set
# (the solver alone defaults to a per-user folder: it knows no repository paths).
os.environ.setdefault("IMBALANCE_CACHE_DIR", str(Path(__file__).resolve().parent.parent / "cache"))
