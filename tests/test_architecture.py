"""The house rules of docs/architecture.md, checked on the code itself.

Which package may import which, no import circles, the model's public API only from other
packages, no private names across objects, and one home for each fact (lever names, weeks
per year) and modules of a readable size. Everything is read with `ast`; nothing is run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from model import LEVERS, WEEKS_PER_YEAR

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("model", "validation", "experiments", "dashboards", "workshop", "cbs")
# What each top-level part may import from the project (besides itself).
ALLOWED = {
    "model": set(),
    "validation": {"model"},
    "experiments": {"model"},
    "dashboards": {"model", "cbs"},
    "workshop": {"model", "dashboards"},
    "cbs": {"model"},
    "benchmarks": {"model", "experiments", "dashboards"},
    "docs": {"model", "validation", "dashboards"},
    "run": {"model", "validation", "experiments", "dashboards", "workshop", "cbs"},
}
# Parts that reach into the model's internals on purpose: timing its primitives.
INTERNALS_ALLOWED = {"benchmarks"}
MAX_LINES = 500
LEVERS_HOME = "model/levers.py"
CALENDAR_HOME = "model/clock.py"


def source_files(include_tests: bool = False) -> list[Path]:
    """The project's Python files (not the virtualenv, not generated files)."""
    roots = [*PACKAGES, "benchmarks", "docs"] + (["tests"] if include_tests else [])
    files = [ROOT / "run.py"]
    for name in roots:
        files += sorted((ROOT / name).rglob("*.py"))
    return [f for f in files if f.exists()]


def part_of(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return rel.parts[0].removesuffix(".py")


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, names taken from it, line) for every import of the file, the ones under
    `if TYPE_CHECKING:` included (a circle there is still a circle to a reader)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
    return found


def project_edges() -> dict[str, set[str]]:
    """Module -> project modules it imports (a name that is a submodule counts as that
    submodule; any other name as the package itself)."""
    edges: dict[str, set[str]] = {}
    for path in source_files():
        here = module_name(path)
        targets = edges.setdefault(here, set())
        for module, names, _ in imports(path):
            if module.split(".")[0] not in (*PACKAGES, "benchmarks"):
                continue
            if not names:
                targets.add(module)
            for name in names:
                sub = f"{module}.{name}"
                targets.add(sub if is_module(sub) else module)
        targets.discard(here)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_circles() -> None:
    assert cycles(project_edges()) == []


def test_packages_import_only_in_the_allowed_directions() -> None:
    wrong = []
    for path in source_files():
        part = part_of(path)
        for module, _, line in imports(path):
            top = module.split(".")[0]
            if top in (*PACKAGES, "benchmarks") and top != part \
                    and top not in ALLOWED.get(part, set()):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert wrong == []


def test_other_packages_use_the_models_public_api() -> None:
    """Outside model/, `from model import ...` only: what model/__init__.py exports."""
    import model

    wrong = []
    for path in source_files():
        part = part_of(path)
        if part in ("model", *INTERNALS_ALLOWED):
            continue
        for module, names, line in imports(path):
            if module.split(".")[0] != "model":
                continue
            if module != "model" or any(n not in model.__all__ for n in names):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module} {names}")
    assert wrong == []


def test_no_private_name_crosses_a_module() -> None:
    """No `from x import _name` of another module, no `getattr(other, "_name")` and no
    `other._name` on an object that is not `self`, `cls` or `super()`."""
    wrong = []
    for path in source_files(include_tests=True):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module \
                    and node.module.split(".")[0] in PACKAGES:
                wrong += [f"{where}:{node.lineno} imports {a.name}" for a in node.names
                          if _private(a.name)]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("getattr", "setattr", "hasattr") and node.args \
                    and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) \
                    and isinstance(node.args[1].value, str) and _private(node.args[1].value) \
                    and not _own(node.args[0]):
                wrong.append(f"{where}:{node.lineno} {node.func.id} {node.args[1].value}")
            elif isinstance(node, ast.Attribute) and _private(node.attr) \
                    and not _own(node.value) and not _public_underscored(node):
                wrong.append(f"{where}:{node.lineno} .{node.attr}")
    assert wrong == []


def _public_underscored(node: ast.Attribute) -> bool:
    return isinstance(node.value, ast.Name) \
        and node.attr in PUBLIC_UNDERSCORED.get(node.value.id, set())


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


# Names with a leading underscore that are public API of the standard library.
PUBLIC_UNDERSCORED = {"os": {"_exit"}, "sys": {"_getframe"}}


def _own(node: ast.expr) -> bool:
    """`self`, `cls` or `super()`: an object's own attributes."""
    if isinstance(node, ast.Name):
        return node.id in ("self", "cls")
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
        and node.func.id == "super"


def constants(path: Path) -> list[tuple[object, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.value, node.lineno) for node in ast.walk(tree)
            if isinstance(node, ast.Constant)]


def test_lever_names_are_written_out_in_one_module() -> None:
    wrong = [f"{path.relative_to(ROOT)}:{line} {value!r}"
             for path in source_files() if path.relative_to(ROOT).as_posix() != LEVERS_HOME
             for value, line in constants(path) if isinstance(value, str) and value in LEVERS]
    assert wrong == []


def test_weeks_per_year_is_written_out_in_one_module() -> None:
    wrong = [f"{path.relative_to(ROOT)}:{line}"
             for path in source_files() if path.relative_to(ROOT).as_posix() != CALENDAR_HOME
             for value, line in constants(path)
             if type(value) in (int, float) and value == WEEKS_PER_YEAR]
    assert wrong == []


@pytest.mark.parametrize("path", source_files(include_tests=True),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_modules_are_of_a_readable_size(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines; split it by job"
