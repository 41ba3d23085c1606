"""The weekly rules (DESIGN 3.4), each a small function over arrays and parameters.

They take NumPy columns and return new values; the model wires them together in
`model.dynamics`. Each can be tested alone on hand-made arrays.
"""
