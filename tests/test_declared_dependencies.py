"""Every package the app imports is declared in pyproject.toml, and every declared runtime package is imported.

A package imported but not declared works in the development environment and breaks for anyone who installs the
wheel; one declared but never imported costs every user its download (librosa pulls in numba and LLVM).
"""

from __future__ import annotations

import ast
import re
import sys
from functools import lru_cache
from importlib.metadata import packages_distributions
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL_EXTRAS = ("dask",)
"""Extras a user opts into for one feature; the imports behind them are guarded with a clear message."""


def _imported_top_level_modules() -> set[str]:
    modules: set[str] = set()
    for path in (ROOT / "src/voice_deesc").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m != "voice_deesc"}


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=;\[ ]", r, maxsplit=1)[0].strip().lower().replace("_", "-") for r in requirements}


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    optional = set().union(*(_names(extras[name]) for name in OPTIONAL_EXTRAS))
    return _names(project["dependencies"]), optional


@lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    return dict(packages_distributions())


def _distribution(module: str) -> str:
    return _distributions().get(module, [module])[0].lower().replace("_", "-")


def test_every_imported_package_is_declared() -> None:
    runtime, optional = _declared()
    undeclared = {m for m in _imported_top_level_modules() if _distribution(m) not in runtime | optional}
    undeclared.discard("tomli")  # the tomllib backport, declared for Python < 3.11 only
    assert not undeclared, f"imported by src/ but not in pyproject.toml dependencies: {sorted(undeclared)}"


def test_every_declared_runtime_package_is_imported() -> None:
    from voice_deesc.wording.encoder import MODEL_PACKAGE  # weights read as package files, never imported

    runtime, _ = _declared()
    imported = {_distribution(m) for m in _imported_top_level_modules()} | {"tomli"}
    imported.add(MODEL_PACKAGE.replace("_", "-"))
    unused = runtime - imported
    assert not unused, f"declared in pyproject.toml but never imported by src/: {sorted(unused)}"
