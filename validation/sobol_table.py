"""Put a finished Sobol study on the validation page: copy its indices and say where they
come from.

    .venv/bin/python run.py batch scenarios/experiments/sobol_levers_town.yaml \
        --out results/sobol_town
    .venv/bin/python run.py analyze results/sobol_town
    .venv/bin/python -m validation.sobol_table results/sobol_town

copies `analysis/sobol.csv` of the batch folder to docs/sobol_levers.csv and writes
docs/sobol_levers.json with the design's base sample, the number of runs, the model revision
and the date the batch was made (from the folder's manifest.json), which the page's Sobol
section (`validation.page_honesty.sobol_section`) quotes.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from validation.facts import ROOT

TABLE = ROOT / "docs" / "sobol_levers.csv"
PROVENANCE = ROOT / "docs" / "sobol_levers.json"


def provenance(folder: Path) -> dict:
    """What the page says about the study, from the batch folder's manifest."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {"experiment": manifest["experiment_file"],
            "samples": manifest["design"]["samples"],
            "runs": len(manifest["runs"]),
            "model_revision": manifest["git_revision"],
            "made": manifest["created"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the batch folder, analysed")
    args = parser.parse_args()
    source = args.folder / "analysis" / "sobol.csv"
    if not source.exists():
        raise SystemExit(f"{source}: not found; run `run.py analyze {args.folder}` first")
    shutil.copyfile(source, TABLE)
    PROVENANCE.write_text(json.dumps(provenance(args.folder), indent=1) + "\n",
                          encoding="utf-8")
    print(f"wrote {TABLE} and {PROVENANCE}")


if __name__ == "__main__":
    main()
