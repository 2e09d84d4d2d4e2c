"""Checks of a loaded session beyond its models: every name, id and value must be known.

An unknown agency in a flow, a point-person entry or the agencies an authority binds,
an unknown kind of information or condition, or an unknown authority id is refused with
the file, line and key, and the closest valid value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isp_cli.errors import SessionError
from isp_cli.model.structured import CONDITIONS, GROUPS, KINDS, OTHER_KIND
from isp_cli.model.vocabulary import closest

if TYPE_CHECKING:
    from isp_cli.model.structured import Authorities, StructuredParts
    from isp_cli.storage.yamlio import Document

Loc = tuple[str | int, ...]
_HINT = "Correct the session file (it is plain text) and try again."


def check_structured(session: StructuredParts, place: Callable[[Loc], str]) -> None:
    """Raise SessionError at the first unknown name or id; ``place`` names a key path."""
    names = session.agency_names()
    for n, flow in enumerate(session.flows):
        loc: Loc = ("flows", n)
        _known(flow.information, list(KINDS), "kind of information", (*loc, "information"), place)
        if flow.information == OTHER_KIND and not flow.label.strip():
            raise SessionError(
                f"{place((*loc, 'information'))}: other information needs a short 'label' "
                f"saying what it is. {_HINT}"
            )
        if flow.condition is not None:
            _known(flow.condition, list(CONDITIONS), "condition", (*loc, "condition"), place)
        for k, name in enumerate(flow.provided_by):
            _known(name, names, "member agency", (*loc, "provided_by", k), place)
        groups = [g for g in flow.shared_with if g in GROUPS]
        if groups and len(flow.shared_with) > 1:
            raise SessionError(
                f"{place((*loc, 'shared_with'))}: '{groups[0]}' stands alone; list either it or "
                f"member agencies. {_HINT}"
            )
        if not groups:
            for k, name in enumerate(flow.shared_with):
                _known(name, names + list(GROUPS), "member agency", (*loc, "shared_with", k), place)
    if session.authorities is not None:
        _check_authorities(session.authorities, names, place)
    seen: set[str] = set()
    for n, person in enumerate(session.point_persons):
        _known(person.agency, names, "member agency", ("point_persons", n, "agency"), place)
        if person.agency in seen:
            raise SessionError(
                f"{place(('point_persons', n, 'agency'))}: {person.agency} has two point-person "
                f"entries; keep one. {_HINT}"
            )
        seen.add(person.agency)


def _check_authorities(
    authorities: Authorities, names: list[str], place: Callable[[Loc], str]
) -> None:
    """Every catalog id known and listed once; every agency an authority binds a member."""
    from isp_cli.storage.resources import catalog

    ids = catalog().ids
    seen: set[str] = set()
    for n, entry in enumerate(authorities.federal):
        loc: Loc = ("authorities", "federal", n)
        _known(entry.id, ids, "authority id", (*loc, "id"), place)
        if entry.id in seen:
            raise SessionError(
                f"{place((*loc, 'id'))}: '{entry.id}' is listed twice; keep one entry and list "
                f"in its 'binds' every agency it binds. {_HINT}"
            )
        seen.add(entry.id)
        _check_binds(entry.binds, names, (*loc, "binds"), place)
    for n, local in enumerate(authorities.state_local):
        _check_binds(local.binds, names, ("authorities", "state_local", n, "binds"), place)


def _check_binds(binds: list[str], names: list[str], loc: Loc, place: Callable[[Loc], str]) -> None:
    for k, name in enumerate(binds):
        _known(name, names, "member agency", (*loc, k), place)
        if name in binds[:k]:
            raise SessionError(
                f"{place((*loc, k))}: '{name}' is listed twice in 'binds'; keep one. {_HINT}"
            )


def _known(
    value: str, valid: Sequence[str], what: str, loc: Loc, place: Callable[[Loc], str]
) -> None:
    if value in valid:
        return
    close = closest(value, list(valid))
    hint = f" (did you mean '{close}'?)" if close else ""
    if what == "member agency":
        end = "Use an agency's name exactly as it is in 'agencies'."
    else:
        end = "Use one of: " + ", ".join(valid) + "."
    raise SessionError(f"{place(loc)}: '{value}' is not a known {what}{hint}. {end} {_HINT}")


def check_provisions(answers: Mapping[str, Any], document: Document, path: Path) -> None:
    """SessionError unless every provision and value named in ``answers`` exists and fits.

    A value the provision has retired (``Provision.retired``) is accepted as it is, so
    that a session file written before it was retired still loads.
    """
    from isp_cli.model.provisions import check_value
    from isp_cli.storage.loading import where
    from isp_cli.storage.resources import builtin_provisions

    hint = _HINT
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
            if name in provision.retired:
                continue  # asked by an earlier version: kept as it was, no longer printed
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
