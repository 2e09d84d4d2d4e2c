"""The general provisions: isp's additions to the ECM checklist, as data (provisions.yaml).

Each provision is model language that the task force keeps, changes or leaves
out, with a few values asked as values (dates, numbers). Until the task force
decides, the protocol shows it as "[Counsel to confirm: ...]".
"""

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PROVISION_LABELS: dict[str, str] = {
    "keep": "Keep the model language",
    "edit": "Change the wording",
    "omit": "Leave out of this protocol",
    "skip": "Skip for now",
}
_SLOT = re.compile(r"\{([a-z_]+)\}")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    """One general provision: its heading, what it covers, its model language.

    ``retired`` names values an earlier version of the provision asked for and no
    longer uses (oversight's ``breach_notice_hours``, now the breach procedure's):
    a session file that holds one still loads, keeps it, and never prints it.
    """

    id: str
    heading: str
    covers: str
    model: str
    values: list[Value] = Field(default_factory=list)
    retired: list[str] = Field(default_factory=list)


class Provisions(_Data):
    """The whole part."""

    title: str
    note: str
    provisions: list[Provision]

    def get(self, provision_id: str) -> Provision | None:
        """The provision with this id, or None."""
        return next((p for p in self.provisions if p.id == provision_id), None)


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
