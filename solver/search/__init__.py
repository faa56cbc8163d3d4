"""The searches behind ``solver.solve``, one module per idea.

- ``by_blocks``: the default search (``Search.BLOCKS``); ``by_columns``: ``Search.COLUMNS``.
- ``full``: the full model on CP-SAT, which every search ends with or hands over to.
- ``blocks``: the first roster agent by agent, sweeps and block search over whole agents;
  ``allocation``: the month-level plan of shops and phases that guides that first roster;
  ``incumbent``: their roster with its running cover, and a block's problem against it.
- ``columns``: column generation over whole agent rosters; ``run_pricing``: its day-by-day
  pricing; ``cells``: large-neighbourhood search over cells of the full model.
- ``alone``: one agent's month on its own; ``weekends``: whole weekends for a first roster.
- ``by_windows``: ``Search.WINDOWS``, long horizons window by window; ``windows``: a
  window's sub-problem.

This package re-exports nothing: ``solver.solve`` imports the modules it needs.
"""
