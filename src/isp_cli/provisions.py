"""The general provisions: isp's additions to the ECM checklist, as data (provisions.yaml).

Each provision is model language that the task force keeps, changes or leaves
out, with a few values asked as values (dates, numbers). Until the task force
decides, the protocol shows it as "[Counsel to confirm: ...]".
"""

# Annotations are objects, not strings (no __future__ import): pydantic would parse
# and evaluate each string when the models are defined, 8 million instructions a run.
import datetime as dt
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from isp_cli.yamlio import Document

PROVISION_LABELS: dict[str, str] = {
    "keep": "Keep the model language",
    "edit": "Change the wording",
    "omit": "Leave out of this protocol",
    "skip": "Skip for now",
}
_SLOT = re.compile(r"\{([a-z_]+)\}")


class _Data(BaseModel):
    # defer_build: the built-in provisions are constructed without validation (below),
    # so the schema is built only when something validates them (the test suite).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Value(_Data):
    """A value a provision needs: a date, or a whole number within limits."""

    id: str
    kind: Literal["date", "number"]
    label: str
    question: str
    default: int | None = None
    min: int = 1
    max: int = 1000


class Provision(_Data):
    """One general provision: its heading, what it covers, its model language."""

    id: str
    heading: str
    covers: str
    model: str
    values: list[Value] = Field(default_factory=list)


class Provisions(_Data):
    """The whole part."""

    title: str
    note: str
    provisions: list[Provision]

    def get(self, provision_id: str) -> Provision | None:
        """The provision with this id, or None."""
        return next((p for p in self.provisions if p.id == provision_id), None)


@cache
def builtin_provisions() -> Provisions:
    """The general provisions that ship with isp.

    isp's own file, validated by the test suite (test_signable.py), so it is built
    without validating it again on every run, as the built-in checklist is.
    """
    from isp_cli.resources import built_from

    data = provisions_data()
    with built_from("provisions.yaml"):
        return Provisions.model_construct(
            title=data["title"],
            note=data["note"],
            provisions=[
                Provision.model_construct(
                    **(p | {"values": [Value.model_construct(**v) for v in p.get("values", [])]})
                )
                for p in data["provisions"]
            ],
        )


def provisions_data() -> dict[str, Any]:
    """provisions.yaml as plain data, read by the same strict reader as every file."""
    from isp_cli.resources import builtin_data

    data: dict[str, Any] = builtin_data("provisions.yaml", max_bytes=1_000_000)
    return data


def show_value(value: Value, given: int | dt.date | None) -> str:
    """A value as the protocol prints it, or the placeholder for one not given."""
    if given is None:
        return f"[To be completed: {value.label}]"
    if isinstance(given, dt.date):
        return f"{given:%B} {given.day}, {given:%Y}"  # as schedule.long_date writes dates
    return str(given)


def fill(provision: Provision, values: dict[str, int | dt.date]) -> str:
    """The model language with ``values`` in place."""
    by_id = {v.id: v for v in provision.values}
    return _SLOT.sub(
        lambda m: show_value(by_id[m.group(1)], values.get(m.group(1))), provision.model
    )


def check_value(value: Value, given: object) -> str | None:
    """Why ``given`` is not a valid value for ``value``, or None if it is."""
    if value.kind == "date":
        return None if isinstance(given, dt.date) else "should be a date such as 2027-01-01"
    if not isinstance(given, int) or isinstance(given, bool):
        return "should be a whole number"
    if not value.min <= given <= value.max:
        return f"should be between {value.min} and {value.max}"
    return None


def check_answers(answers: Mapping[str, Any], document: "Document", path: Path) -> None:
    """SessionError unless every provision and value named in ``answers`` exists and fits."""
    from isp_cli.errors import SessionError
    from isp_cli.loading import where
    from isp_cli.vocabulary import closest

    hint = "Correct the session file (it is plain text) and try again."
    known = builtin_provisions()
    for key, answer in answers.items():
        provision = known.get(key)
        loc: tuple[str, ...] = ("provisions", key)
        if provision is None:
            ids = [p.id for p in known.provisions]
            close = closest(key, ids)
            suggestion = f" (did you mean '{close}'?)" if close else ""
            raise SessionError(
                f"{where(path, document.line_of(loc), loc)}: '{key}' is not a general provision"
                f"{suggestion}; use one of: {', '.join(ids)}. {hint}"
            )
        values = {v.id: v for v in provision.values}
        for name, given in answer.values.items():
            loc = ("provisions", key, "values", name)
            if name not in values:
                names = ", ".join(values) or "none"
                raise SessionError(
                    f"{where(path, document.line_of(loc), loc)}: the provision '{key}' has no "
                    f"value '{name}' (its values: {names}). {hint}"
                )
            problem = check_value(values[name], given)
            if problem:
                raise SessionError(
                    f"{where(path, document.line_of(loc), loc)}: the {values[name].label} "
                    f"{problem}. {hint}"
                )


def parse_value(value: Value, text: str) -> tuple[int | dt.date | None, str | None]:
    """The value typed as ``text`` (None when left empty), or the reason it is wrong."""
    text = text.strip()
    if not text:
        return None, None
    if value.kind == "date":
        try:
            return dt.date.fromisoformat(text), None
        except ValueError:
            return None, "Please type a date as YYYY-MM-DD, such as 2027-01-01, or leave it empty."
    if not text.isdigit() or not value.min <= int(text) <= value.max:
        return None, f"Please type a whole number from {value.min} to {value.max}."
    return int(text), None
