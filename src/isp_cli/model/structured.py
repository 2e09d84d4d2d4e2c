"""The structured parts of a protocol, beside the items' free text.

Information flows (who shares what with whom, on what condition), the legal
authorities that bind the members, one point person per agency, and the breach
notification steps. Each is optional; none replaces an item's own answer.
"""

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from isp_cli.model.vocabulary import and_list

# The items each part belongs to: asked after the item's decision, shown in its section.
FLOWS_ITEM = "shared.providers_recipients"
FLOW_ITEMS = ("shared.details", FLOWS_ITEM, "shared.circumstances_exceptions")
AUTHORITIES_ITEM = "requirements.mandates"
POINT_PERSONS_ITEM = "process.responsible"
BREACH_ITEM = "process.breach"

OTHER_KIND = "other"
KINDS = {
    "aggregate-data": "De-identified aggregate data",
    "tips-leads": "Tips and leads",
    "referral-with-consent": "A referral, with the victim's consent",
    "case-status": "Case status updates",
    "victim-identifying": "Identifying information about a victim",
    "health-information": "Protected health information",
    "minor-information": "Information about a minor",
    OTHER_KIND: "Other information",
}
NEVER = "never"
CONDITIONS = {
    "written-release": "The victim's written, time-limited release",
    "de-identified": "De-identified only",
    "aggregate-only": "Aggregate counts only",
    "supervisor-approval": "Supervisor approval",
    "legal-mandate": "Court order or legal mandate",
    NEVER: "Never shared",
}
UNDECIDED = "Not yet decided"
# Shared with everyone, or with the members that hold the case: alone in shared_with.
GROUPS = {
    "all-members": "All members",
    "case-holding-members": "Case-holding members only",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Flow(_Model):
    """One flow of information: what, from whom, to whom, on what condition, why."""

    information: str  # a key of KINDS
    label: str = ""  # the short name of "other" information
    provided_by: list[str] = Field(default_factory=list)  # agency names
    # agency names, or one key of GROUPS
    shared_with: list[str] = Field(default_factory=list)
    condition: str | None = None  # a key of CONDITIONS; None: not yet decided
    purpose: str = ""

    @property
    def information_label(self) -> str:
        """'Tips and leads', or the user's own label for other information."""
        if self.information == OTHER_KIND and self.label.strip():
            return self.label.strip()
        return KINDS.get(self.information, self.information)

    @property
    def condition_label(self) -> str:
        """The condition in words; 'Not yet decided' when there is none."""
        return CONDITIONS.get(self.condition, self.condition) if self.condition else UNDECIDED

    @property
    def shared_with_label(self) -> str:
        """'All members', or the agencies' names."""
        if len(self.shared_with) == 1 and self.shared_with[0] in GROUPS:
            return GROUPS[self.shared_with[0]]
        return "; ".join(self.shared_with)

    def summary(self) -> str:
        """One line naming the flow, for menus and reports."""
        provided = "; ".join(self.provided_by) or "?"
        shared = self.shared_with_label or "?"
        return f"{self.information_label}: {provided} → {shared} ({self.condition_label})"


NO_AGENCY_YET = "No member agency named yet"


def _in_order(names: Iterable[str], agencies: Sequence[str]) -> list[str]:
    """``names`` without repeats, in the order of the member agencies (others last)."""
    unique = list(dict.fromkeys(names))
    return sorted(unique, key=lambda n: agencies.index(n) if n in agencies else len(agencies))


class FederalAuthority(_Model):
    """An authority of the catalog (authorities.yaml) and the member agencies it binds."""

    id: str  # an id from authorities.yaml
    binds: list[str] = Field(default_factory=list)  # member agencies, by name


class LocalAuthority(_Model):
    """A state or local authority the user names (isp ships only federal ones)."""

    name: str = Field(min_length=1)
    citation: str = ""
    applies_to: str = ""  # whom it binds, as its text says (free text)
    binds: list[str] = Field(default_factory=list)  # member agencies, by name
    description: str = ""


class Authorities(_Model):
    """The legal authorities that bind the members: catalog entries and the user's own,
    each with the member agencies it binds.

    An authority may bind no agency yet (an agency removed, or a file upgraded from
    schema version 2): it stays, and the protocol's table says no agency is named.
    """

    federal: list[FederalAuthority] = Field(default_factory=list)
    state_local: list[LocalAuthority] = Field(default_factory=list)

    @property
    def count(self) -> int:
        """How many authorities are named."""
        return len(self.federal) + len(self.state_local)

    @property
    def ids(self) -> list[str]:
        """The catalog ids of the federal authorities, in the session's order."""
        return [entry.id for entry in self.federal]

    @property
    def every(self) -> list[FederalAuthority | LocalAuthority]:
        """Every authority: the federal ones, then the state or local ones."""
        return [*self.federal, *self.state_local]

    @property
    def unbound(self) -> int:
        """How many authorities name no member agency yet."""
        return sum(not a.binds for a in self.every)

    def get(self, authority_id: str) -> FederalAuthority | None:
        """The federal authority with this catalog id, if the session names it."""
        return next((a for a in self.federal if a.id == authority_id), None)

    def binding(self, agency: str) -> list[str]:
        """The ids of the federal authorities that bind ``agency``."""
        return [a.id for a in self.federal if agency in a.binds]

    def naming(self, agency: str) -> list[FederalAuthority | LocalAuthority]:
        """Every authority, federal or state or local, that binds ``agency``."""
        return [a for a in self.every if agency in a.binds]

    def choose_for(
        self,
        agency: str,
        offered: Sequence[str],
        ticked: Collection[str],
        *,
        order: Sequence[str],
        agencies: Sequence[str],
    ) -> None:
        """One agency's choice: of the ``offered`` ids, those ``ticked`` bind it, the rest not.

        No other agency's bindings change. An authority that this choice leaves binding no
        agency is removed (its last agency unticked it); one that bound none before stays.
        Authorities are kept in ``order`` (the catalog's), agencies in ``agencies``'.
        """
        entries = {a.id: a for a in self.federal}
        for authority_id in offered:
            entry = entries.get(authority_id)
            if authority_id in ticked:
                if entry is None:
                    entry = entries[authority_id] = FederalAuthority(id=authority_id)
                entry.binds = _in_order([*entry.binds, agency], agencies)
            elif entry is not None and agency in entry.binds:
                entry.binds = [name for name in entry.binds if name != agency]
                if not entry.binds:
                    del entries[authority_id]
        self.federal = sorted(
            entries.values(), key=lambda a: order.index(a.id) if a.id in order else len(order)
        )

    def rename_agency(self, old: str, new: str) -> None:
        """An agency's new name, wherever an authority binds it."""
        for entry in self.every:
            entry.binds = [new if name == old else name for name in entry.binds]

    def drop_agency(self, name: str) -> None:
        """Forget an agency: the authorities that bound it stay, without its name."""
        for entry in self.every:
            entry.binds = [n for n in entry.binds if n != name]

    def to_data(self) -> dict[str, Any]:
        """As plain data in the file's order; ``binds`` is always written, even empty."""
        data: dict[str, Any] = {}
        if self.federal:
            data["federal"] = [{"id": a.id, "binds": list(a.binds)} for a in self.federal]
        if self.state_local:
            data["state_local"] = [
                {k: v for k, v in local.model_dump().items() if v or k in ("name", "binds")}
                for local in self.state_local
            ]
        return data


class Contact(_Model):
    """A person at an agency and their own work contact."""

    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""

    def line(self) -> str:
        """'Name, Title' for a table cell."""
        return ", ".join(part for part in (self.name.strip(), self.title.strip()) if part)

    def contact(self) -> str:
        """'email; phone' for a table cell."""
        return "; ".join(part for part in (self.email.strip(), self.phone.strip()) if part)


class PointPerson(Contact):
    """An agency's point person for this protocol, and the alternate."""

    agency: str = Field(min_length=1)
    alternate: Contact | None = None


class Breach(_Model):
    """Who tells whom within how many hours when shared information is breached."""

    coordinator: str = ""  # who receives the first report, e.g. "the task force coordinator"
    report_hours: int | None = Field(default=None, ge=1, le=720)
    notify_hours: int | None = Field(default=None, ge=1, le=720)

    @property
    def empty(self) -> bool:
        """Nothing is recorded yet."""
        return not self.coordinator.strip() and self.report_hours is self.notify_hours is None


def hours(value: int | None) -> str:
    """'24 hours', '1 hour', or a placeholder."""
    if value is None:
        return "[number of] hours"
    return f"{value} hour" + ("" if value == 1 else "s")


def breach_steps(breach: Breach) -> list[str]:
    """The protocol's one breach procedure, one sentence a step.

    The oversight provision and the binding duties refer to it rather than state
    deadlines of their own; the hours and who is told first are the session's.
    """
    who = breach.coordinator.strip() or "the task force coordinator"
    first = [who, "the agency that provided the information"]
    if "coordinator" not in who.lower():
        first.append("the task force coordinator")
    return [
        "The member agency that discovers or suspects a breach of information shared under "
        f"this protocol tells {and_list(first)} within {hours(breach.report_hours)} of "
        "discovering it, and works with them to limit the harm.",
        f"{who[0].upper() + who[1:]} tells every member agency within "
        f"{hours(breach.notify_hours)} of that report what happened and what is being done, "
        "without any personally identifying information about the victims concerned.",
        "The agency that provided the information decides, with the victim service provider "
        "that serves the victim, whether, how and when each affected victim is told, as the "
        "law that applies to each of them requires.",
        "A member agency bound by them also follows the breach notification rules of HIPAA "
        "(45 CFR 164.400-414) and of 42 CFR Part 2 (42 CFR 2.16, as amended in 2024), with "
        "their own recipients and deadlines; this procedure does not replace them.",
    ]


class StructuredParts(_Model):
    """The structured parts of a session (schema version 2), each optional."""

    flows: list[Flow] = Field(default_factory=list)
    authorities: Authorities | None = None
    point_persons: list[PointPerson] = Field(default_factory=list)
    breach: Breach | None = None

    def agency_names(self) -> list[str]:
        """The member agencies' names (the session defines its agencies)."""
        return [agency.name for agency in getattr(self, "agencies", [])]

    def structured_data(self) -> dict[str, Any]:
        """The parts that hold something, as plain data in the file's order."""
        data: dict[str, Any] = {}
        if self.flows:
            data["flows"] = [flow.model_dump(exclude_defaults=True) for flow in self.flows]
        if self.authorities is not None and self.authorities.count:
            data["authorities"] = self.authorities.to_data()
        if self.point_persons:
            data["point_persons"] = [
                {"agency": p.agency} | p.model_dump(exclude_defaults=True, exclude={"agency"})
                for p in self.point_persons
            ]
        if self.breach is not None and not self.breach.empty:
            data["breach"] = self.breach.model_dump(exclude_defaults=True)
        return data

    def rename_agency(self, old: str, new: str) -> None:
        """An agency's new name, in every flow, point-person entry and authority's binds."""

        def renamed(names: list[str]) -> list[str]:
            return [new if name == old else name for name in names]

        for flow in self.flows:
            flow.provided_by, flow.shared_with = (
                renamed(flow.provided_by),
                renamed(flow.shared_with),
            )
        for person in self.point_persons:
            if person.agency == old:
                person.agency = new
        if self.authorities is not None:
            self.authorities.rename_agency(old, new)

    def flows_naming(self, name: str) -> list[Flow]:
        """The flows that name this agency as a provider or recipient."""
        return [f for f in self.flows if name in f.provided_by or name in f.shared_with]

    def drop_agency(self, name: str, *, with_flows: bool) -> None:
        """Forget an agency: its point person, its name in the authorities it was bound
        by, and its flows or its name in them."""
        self.point_persons = [p for p in self.point_persons if p.agency != name]
        if self.authorities is not None:
            self.authorities.drop_agency(name)
        if with_flows:
            self.flows = [f for f in self.flows if f not in self.flows_naming(name)]
            return
        for flow in self.flows:
            flow.provided_by = [n for n in flow.provided_by if n != name]
            flow.shared_with = [n for n in flow.shared_with if n != name]

    def structured_texts(self) -> list[tuple[str, str]]:
        """(where, text) of every typed text the privacy scan reads.

        Point persons' names and work contacts are expected in a protocol: not listed.
        """
        texts: list[tuple[str, str]] = []
        for n, flow in enumerate(self.flows, start=1):
            texts += [(f"flows, flow {n} (label)", flow.label)]
            texts += [(f"flows, flow {n} (purpose)", flow.purpose)]
        for n, local in enumerate(self.authorities.state_local if self.authorities else [], 1):
            for name in ("name", "citation", "applies_to", "description"):
                texts.append((f"authorities, state or local {n} ({name})", getattr(local, name)))
        if self.breach is not None:
            texts.append(("breach (who is told first)", self.breach.coordinator))
        return [(where, text) for where, text in texts if text.strip()]

    def structured_count(self) -> dict[str, int]:
        """How many entries each part holds (for isp status)."""
        authorities = self.authorities.count if self.authorities else 0
        breach = 0 if self.breach is None or self.breach.empty else 1
        return {
            "flows": len(self.flows),
            "authorities": authorities,
            "point_persons": len(self.point_persons),
            "breach": breach,
        }
