"""Scenarios from CBS "Kerncijfers wijken en buurten": one municipality's wijken or buurten
as neighbourhoods, from the yearly kwb file or a StatLine table (docs/scenarios.md, "From
CBS figures"). Used by `run.py scenario from-cbs`; the dashboard can call the same
functions on an upload's bytes.
"""

from cbs.build import CbsImport, municipalities, scenario_from_cbs
from cbs.read import CbsError, Table, read_table
from cbs.to_scenario import LEVELS, Finding

__all__ = ["LEVELS", "CbsError", "CbsImport", "Finding", "Table", "municipalities",
           "read_table", "scenario_from_cbs"]
