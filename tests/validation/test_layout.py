"""validation/ studies the model from outside: it uses the model's public API only, and
nothing in the model, the experiments or the dashboard depends on it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import model

ROOT = Path(__file__).resolve().parents[2]
STUDIES = sorted((ROOT / "validation").glob("*.py"))


def imported_modules(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import statement of `path`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


@pytest.mark.parametrize("path", STUDIES, ids=lambda p: p.name)
def test_validation_imports_only_the_public_api_of_the_model(path: Path) -> None:
    for module, names in imported_modules(path):
        top = module.split(".")[0]
        if top in ("experiments", "dashboards"):
            pytest.fail(f"{path.name} imports {module}")
        if top == "model":
            assert module == "model", f"{path.name} imports {module}: use `from model import`"
            missing = sorted(set(names) - set(model.__all__))
            assert not missing, f"{path.name} imports {missing}, not in model.__all__"


@pytest.mark.parametrize("package", ["model", "experiments", "dashboards"])
def test_nothing_depends_on_validation(package: str) -> None:
    for path in sorted((ROOT / package).rglob("*.py")):
        for module, _ in imported_modules(path):
            assert module.split(".")[0] != "validation", \
                f"{path.relative_to(ROOT)} imports {module}"


@pytest.mark.parametrize("path", STUDIES, ids=lambda p: p.name)
def test_modules_are_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name
