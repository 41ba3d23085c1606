"""Write the stored reference outputs: `.venv/bin/python tests/reference/make_reference.py`.

Run this only when a change is *meant* to alter the model's results (a new rule, a new
calibration), and say so in the commit; speed work must leave the reference untouched.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from model import ParticipationModel  # noqa: E402
from model.results import tables  # noqa: E402


def run() -> dict:
    model = ParticipationModel(HERE / "scenario.yaml")
    model.run()
    return tables(model)


if __name__ == "__main__":
    for name, frame in run().items():
        frame.to_parquet(HERE / f"{name}.parquet", index=False)
        print(f"wrote {HERE / name}.parquet: {frame.shape}")
