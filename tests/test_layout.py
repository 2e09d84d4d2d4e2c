"""The package's layout rules (CONTRIBUTING.md, "The layer rules"), checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "isp_cli"
MODULES = {
    ".".join(("isp_cli", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
        ".__init__"
    ): path
    for path in sorted(PACKAGE.rglob("*.py"))
}
# The only modules that talk to the terminal library: prompts and its terminal/ helpers.
TERMINAL = {"isp_cli.interview.prompts"} | {
    name for name in MODULES if name.startswith("isp_cli.interview.terminal")
}


def _tree(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"))


def _imports(name: str) -> set[str]:
    """Every module that ``name`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(_tree(name)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _own_imports(name: str) -> set[str]:
    return {module for module in _imports(name) if module in MODULES and module != name}


def test_no_import_circle() -> None:
    graph = {name: _own_imports(name) for name in MODULES}
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            pytest.fail("import circle: " + " -> ".join(cycle))
        if name in done:
            return
        for child in sorted(graph[name]):
            visit(child, [*path, name])
        done.add(name)

    for name in MODULES:
        visit(name, [])


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("typer", {"isp_cli.cli", "isp_cli.options"}),
        ("questionary", TERMINAL),
        ("prompt_toolkit", TERMINAL),
        ("rich", {"isp_cli.cli", "isp_cli.commands.status"}),
    ],
)
def test_libraries_stay_in_their_layer(library: str, allowed: set[str]) -> None:
    users = {
        name
        for name in MODULES
        if any(m == library or m.startswith(library + ".") for m in _imports(name))
    }
    assert users <= allowed


def test_only_the_terminal_modules_print() -> None:
    printing = set()
    for name in MODULES:
        for node in ast.walk(_tree(name)):
            calls_print = (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("print", "input")
            )
            writes_stream = (
                isinstance(node, ast.Attribute)
                and node.attr in ("stdout", "stderr")
                and getattr(node.value, "id", "") == "sys"
            )
            if calls_print or writes_stream:
                printing.add(name)
    # system sets the streams' encoding once, at the start, and writes nothing to them.
    assert printing <= TERMINAL | {"isp_cli.cli", "isp_cli.system"}


def test_every_error_class_is_in_errors() -> None:
    from isp_cli import errors

    user_errors = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.IspError)
    }
    for name in MODULES:
        if name == "isp_cli.errors":
            continue
        for node in ast.walk(_tree(name)):
            if isinstance(node, ast.ClassDef):
                bases = {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
                assert not bases & user_errors, (
                    f"{name} defines the error class {node.name}; errors belong in errors.py"
                )


def test_questions_are_data_in_their_modules() -> None:
    for name in MODULES:
        if name.endswith("questions"):  # questions.py, command_ and structured_questions.py
            continue
        for node in ast.walk(_tree(name)):
            if isinstance(node, ast.Call):
                func = node.func
                callee = func.id if isinstance(func, ast.Name) else ""
                if isinstance(func, ast.Attribute) and getattr(func.value, "id", "").endswith(
                    "questions"
                ):
                    callee = func.attr
                assert callee not in ("Question", "Choice"), (
                    f"{name} builds a Question; questions belong in questions.py"
                )


def _layer(name: str) -> str:
    """``storage`` for ``isp_cli.storage.files``; the module's own name at the top."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "isp_cli"


# What each layer may import (besides itself). The foundation is the few top-level
# modules every layer uses: errors, text made safe to print, how to name isp, and what
# differs between Windows, macOS and Linux.
FOUNDATION = {"errors", "printable", "invocation", "system"}
MAY_IMPORT = {
    "model": FOUNDATION,
    "storage": FOUNDATION | {"model"},
    "document": FOUNDATION | {"model", "storage"},
    "interview": FOUNDATION | {"model", "storage"},
    "commands": FOUNDATION | {"model", "storage", "document", "interview", "commands"},
}


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_each_layer_imports_only_those_below_it(layer: str) -> None:
    wrong = {
        f"{name} imports {imported}"
        for name in MODULES
        if _layer(name) == layer
        for imported in _own_imports(name)
        if _layer(imported) not in MAY_IMPORT[layer] | {layer}
        and imported not in ("isp_cli", f"isp_cli.{layer}")
    }
    assert not wrong


def test_the_foundation_imports_only_the_foundation() -> None:
    for name in FOUNDATION:
        imported = {_layer(module) for module in _own_imports(f"isp_cli.{name}")}
        assert imported <= FOUNDATION | {"isp_cli"}, name


def test_the_interview_and_the_output_writer_are_called_by_commands_only() -> None:
    """The core (model, storage, document) never asks a question nor writes a document;
    the command-line layer above the commands may only reach the prompts' settings."""
    for name in MODULES:
        layer = _layer(name)
        for imported in _own_imports(name):
            is_package = MODULES[imported].name == "__init__.py"
            if (
                _layer(imported) == "interview"
                and not is_package
                and layer not in ("interview", "commands")
            ):
                assert (name, imported) in {
                    ("isp_cli.cli", "isp_cli.interview.prompts"),
                    ("isp_cli.options", "isp_cli.interview.prompts"),
                }, f"{name} imports {imported}"
            if imported == "isp_cli.commands.output":
                assert layer == "commands", f"{name} writes documents"


def test_few_modules_at_the_top() -> None:
    top = {name for name, path in MODULES.items() if path.parent == PACKAGE} - {"isp_cli"}
    assert top <= {
        f"isp_cli.{n}"
        for n in ("cli", "options", "errors", "printable", "invocation", "system", "__main__")
    }
