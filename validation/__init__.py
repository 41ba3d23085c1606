"""zelfsturing's studies of its model: calibration, stylized facts, Granovetter's cascade.

Nothing here is part of the simulation. These modules run the model as any user would and
measure it:

- `calibration`: the 2015 targets and the runs that compare the baseline with them;
- `facts`: the machinery of the stylized facts (verdicts, paired statistics, runs over
  seeds); `lever_facts` (crowding out, hysteresis, boundaries) and `budget_facts` (cuts,
  inequality, scale) hold the experiments, `stylized_facts` lists them;
- `cascade`: Granovetter's threshold cascade on the full model, and the sweep over spreads.

and the scripts that write files (each run as `python -m validation.<name>`): `calibrate`
(fits the free parameters, writes model/calibrated.json), `make_validation` (docs/validation.md
and its figures, drawn by `figures` and written by `page`) and `parameter_docs`
(docs/parameters.md and the ODD's parameter table).

Imports go one way: this package imports only the model's public API (`from model import
...`, the names in `model.__all__`); nothing in `model/`, `experiments/` or `dashboards/`
imports it (tests/validation/test_layout.py checks both).
"""

from validation import budget_facts, calibration, cascade, facts, lever_facts, stylized_facts

__all__ = ["budget_facts", "calibration", "cascade", "facts", "lever_facts", "stylized_facts"]
