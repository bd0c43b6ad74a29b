"""What a worker thread may import ahead of the UI thread: never a module that touches PySide6.

PySide6 makes its classes and their enums on first use (Shiboken's lazy types), and that is not
safe on two threads at once: with the GIL, its table of the types still to make is read and
changed without a lock (PYSIDE-2404), and making a type's enums runs Python, where the interpreter
may switch threads. The app imported the shown tab's module on a worker while the UI thread made
and painted the window; about one start in a few hundred died of a segmentation fault while the
UI thread made an enum.

So a worker imports only the modules of the layers that never import PySide6 (the contract "Only
the ui imports PySide6" in pyproject.toml): the dependencies of the ui modules to come, found by
reading their import statements. The UI thread then imports the ui modules themselves, a few
milliseconds of class statements. A test checks that no worker loads a ui or PySide6 module.
"""

from __future__ import annotations

import ast
import importlib
from functools import cache
from pathlib import Path

PACKAGE = "masterydesk"
UI = (f"{PACKAGE}.ui",)
# The layers kept free of PySide6 by the import contracts: safe to import on any thread.
PLAIN_LAYERS = tuple(f"{PACKAGE}.{layer}" for layer in (
    "domain", "store", "services", "interchange", "reports", "sync", "trust", "paths", "logs",
))
ROOT = Path(__file__).parents[1]


def import_plain_dependencies(modules: tuple[str, ...]) -> None:
    """Import (on this thread, a worker) what the modules will need from the plain layers: the plain
    modules among them, and the plain dependencies of the ui ones (which the UI thread imports)."""
    for name in plain_dependencies(modules):
        importlib.import_module(name)


def plain_dependencies(modules: tuple[str, ...]) -> tuple[str, ...]:
    """The plain modules among modules, then those that importing the ui ones imports at their top
    level, directly or through other ui modules (in the order met)."""
    found = {module: None for module in modules if _is_within(module, PLAIN_LAYERS)}
    seen: set[str] = set()
    waiting = [name for module in modules if _is_within(module, UI) for name in _with_packages(module)]
    while waiting:
        name = waiting.pop(0)
        if name in seen:
            continue
        seen.add(name)
        for imported in _top_level_imports(name):
            if _is_within(imported, UI):
                waiting.extend(_with_packages(imported))
            elif _is_within(imported, PLAIN_LAYERS):
                found[imported] = None
    return tuple(found)


def _is_within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def _with_packages(module: str) -> list[str]:
    """The module and the packages above it (importing it runs their __init__ too)."""
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(2, len(parts) + 1)]


@cache
def _top_level_imports(module: str) -> tuple[str, ...]:
    """The modules a module of this package imports when it is imported (not those imported inside
    functions, nor under TYPE_CHECKING); a `from package import name` counts package.name when it
    is a module."""
    source = _source(module)
    if source is None:
        return ()
    names: list[str] = []
    for statement in _run_at_import(ast.parse(source).body):
        if isinstance(statement, ast.Import):
            names.extend(alias.name for alias in statement.names)
        elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
            names.append(statement.module)
            names.extend(f"{statement.module}.{alias.name}" for alias in statement.names
                         if _source(f"{statement.module}.{alias.name}") is not None)
    return tuple(names)


def _run_at_import(body: list[ast.stmt]):
    """The statements of a module body run when it is imported, looking into if, try and with."""
    for statement in body:
        if isinstance(statement, ast.If):
            if "TYPE_CHECKING" not in ast.unparse(statement.test):
                yield from _run_at_import(statement.body + statement.orelse)
        elif isinstance(statement, ast.Try):
            handlers = [line for handler in statement.handlers for line in handler.body]
            yield from _run_at_import(statement.body + handlers + statement.orelse + statement.finalbody)
        elif isinstance(statement, ast.With):
            yield from _run_at_import(statement.body)
        else:
            yield statement


def _source(module: str) -> str | None:
    """The source of a module of this package, or None (another package's, or not a module)."""
    if not module.startswith(PACKAGE + "."):
        return None
    *folders, last = module.split(".")[1:]
    for path in (ROOT.joinpath(*folders, f"{last}.py"), ROOT.joinpath(*folders, last, "__init__.py")):
        if path.is_file():
            return path.read_text("utf-8")
    return None
