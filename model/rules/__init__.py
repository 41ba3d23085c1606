"""The weekly rules (docs/model.md#week), each a small function over arrays and parameters.

They take NumPy columns and return new values; `model/model.py` and `model/help_phase.py`
wire them together, one phase of the week at a time. Each can be tested alone on hand-made
arrays (tests/rules/).
"""
