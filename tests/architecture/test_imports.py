"""The house keeps its shape: import contracts, no import loops, no hidden imports.

`lint-imports` (import-linter, contracts in pyproject.toml) runs in `make test` as well; these
tests say the same things in words a failing run shows, and what import-linter cannot say.
"""

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "courses", "assessments", "certificates", "lms")


def strongly_connected(graph, modules: set[str]) -> list[set[str]]:
    """Tarjan's algorithm over the direct imports among `modules`."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            found.append(component)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def test_no_import_loop_of_more_than_two_files_in_assessments(graph):
    modules = {m for m in graph.modules if m.startswith("assessments.") and ".migrations" not in m}
    loops = [sorted(c) for c in strongly_connected(graph, modules) if len(c) > 2]
    assert loops == []


def test_model_modules_import_no_view_service_or_task_module(graph):
    models = {m for m in graph.modules if m == "assessments.models" or ".models." in m + "."}
    above = {
        m
        for m in graph.modules
        if m.rsplit(".", 1)[-1] in {"views", "services", "tasks", "admin"} or ".views." in m
    }
    reached = {
        (model, target) for model in models for target in graph.find_upstream_modules(model) & above
    }
    assert reached == set()


def test_the_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _function_level_imports(path: Path) -> list[str]:
    """Imports inside a function, but for AppConfig.ready() and those with a comment that says
    why (on the line, or the line before)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                here = lines[node.lineno - 1]
                above = node.lineno - 2  # the line above, past a block of imports
                while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
                    above -= 1
                before = lines[above].strip() if above >= 0 else ""
                if "#" not in here and not before.startswith("#"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {here.strip()}")
    return found


def test_no_function_level_import_without_a_reason():
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            found += _function_level_imports(path)
    assert found == []
