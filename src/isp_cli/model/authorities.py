"""The catalog of federal legal authorities isp ships as data (authorities.yaml).

Read by the same strict YAML reader as every file, into models that forbid
unknown keys. Each entry says what the law covers and whom it binds, never what an
agency should do. Where to read its official text (``official``), where its wording was
checked (``source``, ``checked``) and a short ``verification`` sentence are printed in the
protocol's sources appendix; ``unverified`` notes (what could not be checked against the
official text) stay in the data.
"""

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from isp_cli.model.vocabulary import Discipline

_HINT = "The catalog is part of isp; reinstall isp."
OFFICIAL = "Checked against the official text"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Authority(_Model):
    """One federal authority: what it is called, its citation, whom it binds."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    applies_to: str = Field(min_length=1)
    disciplines: list[Discipline] = Field(min_length=1)
    description: str = Field(min_length=1)
    # Where counsel reads the official text (uscode.house.gov, www.ecfr.gov, the U.S.
    # Reports at tile.loc.gov, the issuing agency): an https URL, printed in Appendix C.
    official: str = Field(pattern=r"^https://[a-z0-9.-]+\.[a-z]{2,}/\S*$", max_length=300)
    source: str = Field(min_length=1)
    checked: dt.date
    # One short sentence printed in the protocol's sources appendix: "Checked against the
    # official text", or what else it was checked against. The long ``unverified`` note
    # says what was not checked; it stays in the data.
    verification: str = Field(pattern=r"^Checked against \S[^\n]*[^.\s]$", max_length=160)
    unverified: str = ""

    @model_validator(mode="after")
    def _official_only_when_all_checked(self) -> "Authority":
        official = self.verification == OFFICIAL
        if official and self.unverified.strip():
            raise ValueError(f"'{self.id}' has an unverified note: it cannot say '{OFFICIAL}'")
        if not official and not self.unverified.strip():
            raise ValueError(
                f"'{self.id}' was not checked against the official text: its unverified "
                "note says what was not checked"
            )
        return self


class Catalog(_Model):
    """The whole catalog, in the order it is offered and printed."""

    version: int
    authorities: list[Authority]

    @model_validator(mode="after")
    def _unique_ids(self) -> "Catalog":
        seen: set[str] = set()
        for entry in self.authorities:
            if entry.id in seen:
                raise ValueError(f"the id '{entry.id}' is used twice")
            seen.add(entry.id)
        return self

    @property
    def ids(self) -> list[str]:
        """Every id, in catalog order."""
        return [entry.id for entry in self.authorities]

    def get(self, authority_id: str) -> Authority | None:
        """The entry with this id, if any."""
        return next((a for a in self.authorities if a.id == authority_id), None)

    def for_discipline(self, discipline: Discipline) -> list[Authority]:
        """The entries a task force would typically consider for ``discipline``.

        A suggestion, offered on each member agency's screen of that discipline; whom an
        authority binds is what its ``applies_to`` states (often funding), not a discipline.
        """
        return [a for a in self.authorities if discipline in a.disciplines]
