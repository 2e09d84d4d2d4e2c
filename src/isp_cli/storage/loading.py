"""Load a YAML file into a pydantic model, with errors that name the file, line and key."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from isp_cli.errors import IspError
from isp_cli.model.vocabulary import closest
from isp_cli.printable import printable, quoted
from isp_cli.storage.yamlio import Document, Key, YamlProblem, parse, read_text

M = TypeVar("M", bound=BaseModel)


def describe_path(path: Sequence[Key]) -> str:
    """``items → intro.rationale → status`` for a key path, or '' for the top."""
    return " → ".join(printable(part) for part in path)


def where(source: Path, line: int | None, path: Sequence[Key] = ()) -> str:
    """``file.yaml, line 12 (items → x)``: the place an error message starts with."""
    place = printable(source, 300)
    if line is not None:
        place += f", line {line}"
    if path:
        place += f" ({describe_path(path)})"
    return place


def read_document(source: Path, *, kind: str, error: type[IspError], max_bytes: int) -> Document:
    """Read and parse ``source``; any problem becomes ``error`` naming the file."""
    try:
        return parse(read_text(source, max_bytes=max_bytes))
    except YamlProblem as problem:
        raise error(
            f"{where(source, problem.line)}: this {kind} cannot be read: {problem.message}."
        ) from None


def validate(
    document: Document,
    model: type[M],
    *,
    source: Path,
    kind: str,
    error: type[IspError],
    hint: str,
) -> M:
    """Validate parsed data into ``model``; the first problem becomes one-line ``error``."""
    if not isinstance(document.data, dict):
        found = "empty" if document.data is None else f"a {_yaml_type(document.data)}"
        raise error(
            f"{where(source, document.line_of(()))}: this {kind} is {found}, "
            f"but it should be a set of 'key: value' lines. {hint}"
        )
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        # An unknown key is often a misspelt one that is then also "missing":
        # report the unknown key, whose message suggests the right spelling.
        errors = exc.errors(include_url=False)
        first = min(errors, key=lambda e: e["type"] != "extra_forbidden")
        loc = tuple(first["loc"])
        message = explain(first, model)
        raise error(f"{where(source, document.line_of(loc), loc)}: {message}. {hint}") from None


def explain(err: Any, model: type[BaseModel]) -> str:
    """Plain-English text for one pydantic error."""
    loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        name = printable(loc[-1])
        allowed = fields_at(model, loc[:-1])
        close = closest(name, allowed)
        text = f"'{name}' is not a key isp knows here"
        if close:
            return f"{text}; did you mean '{close}'?"
        if allowed:
            return f"{text}; the keys allowed here are: {', '.join(allowed)}"
        return text
    if kind == "missing":
        return f"{quoted(loc[-1])} is required but missing"
    if kind == "literal_error":
        expected = (err.get("ctx") or {}).get("expected", "")
        return f"{quoted(err.get('input'))} is not allowed here; use {expected}"
    text = str(err["msg"])
    if text.startswith("Value error, "):
        text = text[len("Value error, ") :]
    text = text[0].lower() + text[1:] if text else text
    value = err.get("input")
    if isinstance(value, str | int | float | bool) and value != "":
        return f"{quoted(value)}: {text}"
    return text


def fields_at(model: type[BaseModel], loc: Sequence[Key]) -> list[str]:
    """The field names of the model found by following ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _yaml_type(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "single piece of text"
    return "single value"
