"""The shape of the code, checked: layers, no import cycles, no private names across modules.

``lint-imports`` (scripts/test.sh, contracts in pyproject.toml) holds the layers; this
module checks what its contracts cannot say: no cycle between any two modules (lazy and
``TYPE_CHECKING`` imports counted, as grimp reads them), no module importing another's
private name, each sub-package's public modules (``__all__``) as the only way in from
outside it, and no folder of more than 15 modules.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import grimp
import numpy as np
import pytest
from scipy import sparse
from scipy.sparse.csgraph import connected_components

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("analysis", "components", "app_pages")
MAX_MODULES_PER_FOLDER = 15


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def _python_files() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Modules that import each other, directly or through others: the strongly connected
    components of more than one module."""
    modules = sorted(graph.modules)
    row = {m: k for k, m in enumerate(modules)}
    edges = [(row[a], row[b]) for a in modules for b in graph.find_modules_directly_imported_by(a)]
    a, b = np.array(edges, dtype=np.int64).reshape(-1, 2).T
    adjacency = sparse.csr_matrix((np.ones(len(a)), (a, b)), shape=(len(modules),) * 2)
    _, labels = connected_components(adjacency, directed=True, connection="strong")
    groups: dict[int, list[str]] = {}
    for module, label in zip(modules, labels.tolist(), strict=True):
        groups.setdefault(label, []).append(module)
    return sorted(group for group in groups.values() if len(group) > 1)


def test_no_import_cycles(graph: grimp.ImportGraph) -> None:
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.c", imported="p.a")
    assert _cycles(graph) == [["p.a", "p.b"]]


def _private_imports(files: Iterable[tuple[str, Path]]) -> list[str]:
    """``importer imports module._name`` for each private name taken from another module."""
    found = []
    for name, path in files:
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] not in PACKAGES or source == name:
                continue
            found += [f"{name} imports {source}.{a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_module_imports_a_private_name_of_another() -> None:
    assert _private_imports(_python_files()) == []


def test_the_private_name_check_sees_absolute_and_relative_imports(tmp_path: Path) -> None:
    code = tmp_path / "x.py"
    code.write_text("from analysis.text.textnorm import _SPACES, fold\n"
                    "from .sibling import _hidden\nfrom analysis.a import __version__\n")
    assert _private_imports([("analysis.text.x", code)]) == [
        "analysis.text.x imports analysis.text.textnorm._SPACES",
        "analysis.text.x imports analysis.text.sibling._hidden",
    ]


def _subpackages() -> list[str]:
    return sorted(name for name, path in _python_files()
                  if path.name == "__init__.py" and "." in name)


def test_every_subpackage_says_what_it_holds() -> None:
    for package in _subpackages():
        module = importlib.import_module(package)
        assert (module.__doc__ or "").strip(), f"{package} has no docstring"
        public = getattr(module, "__all__", None)
        assert public, f"{package} has no __all__"
        folder = ROOT / Path(*package.split("."))
        for item in public:
            assert (folder / f"{item}.py").is_file() or (folder / item / "__init__.py").is_file(), (
                f"{package}.__all__ names {item}, which is no module of it")


def test_subpackages_are_entered_through_their_public_modules(graph: grimp.ImportGraph) -> None:
    """A module of a sub-package that its ``__all__`` leaves out is used inside it only."""
    wrong = []
    for package in _subpackages():
        public = importlib.import_module(package).__all__
        for module in graph.find_children(package):
            if module.rsplit(".", 1)[1] in public:
                continue
            for importer in graph.find_modules_that_directly_import(module):
                if not (importer == package or importer.startswith(package + ".")):
                    wrong.append(f"{importer} -> {module}")
    assert wrong == []


def test_no_folder_holds_more_than_15_modules() -> None:
    counts: dict[Path, int] = {}
    for _, path in _python_files():
        if path.name != "__init__.py":
            counts[path.parent] = counts.get(path.parent, 0) + 1
    assert {str(k.relative_to(ROOT)): v for k, v in counts.items()
            if v > MAX_MODULES_PER_FOLDER} == {}
