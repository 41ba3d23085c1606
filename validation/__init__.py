"""zelfsturing's studies of its model: calibration, stylized facts, Granovetter's cascade.

Nothing here is part of the simulation. These modules run the model as any user would and
measure it: `calibration` (the 2015 targets and the runs that compare the baseline with
them; `calibrate` fits the free parameters and writes model/calibrated.json),
`stylized_facts` (the experiments behind each stylized fact and the verdicts on them),
`cascade` (Granovetter's threshold model on the full model), and the scripts that write the
documentation: `make_validation` (docs/validation.md and its figures) and `parameter_docs`
(docs/parameters.md and the ODD's parameter table).

Imports go one way: this package imports only the model's public API (`from model import
...`, the names `model/__init__.py` exports); nothing in `model/`, `experiments/` or
`dashboards/` imports it.
"""

__all__: list[str] = []
