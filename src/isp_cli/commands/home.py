"""``isp`` with no command: the sessions in this folder, and where to go next."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from isp_cli.errors import IspError
from isp_cli.interview import prompts
from isp_cli.model.tally import tally_all
from isp_cli.model.vocabulary import SUFFIX
from isp_cli.printable import printable
from isp_cli.storage.session_file import load_session


class Found(NamedTuple):
    """A session file in the folder, with its progress or why it cannot be read."""

    path: Path
    title: str
    progress: str
    readable: bool


def find_sessions(folder: Path) -> list[Found]:
    """Every ``*.isp.yaml`` in ``folder``, newest first."""
    paths = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
    found = []
    for path in paths:
        try:
            session, checklist = load_session(path)
        except IspError:
            found.append(Found(path, "", "cannot be read: run 'isp status' on it", False))
            continue
        _, total = tally_all(session, checklist)
        found.append(
            Found(
                path,
                session.protocol.display_title(checklist),
                f"{total.answered} of {total.total} items decided",
                True,
            )
        )
    return found


def choose_action(folder: Path) -> tuple[str, dict[str, Path]]:
    """Greet the user and ask what to do: (new, quit, or a command's name; its arguments).

    With several sessions here, the user picks the session first, then what to do. A
    copy of a session's protocol that someone edited (counsel, in Word) is offered for
    ``isp import``.
    """
    prompts.rule("isp: Information Sharing Protocol")
    prompts.say(
        "Write your task force's information sharing protocol, one checklist item at a time."
    )
    sessions = find_sessions(folder)
    if sessions:
        prompts.say("Sessions in this folder:" if folder == Path() else f"Sessions in {folder}:")
        for found in sessions:
            prompts.say(
                printable(f"  • {found.path.name}: {found.title or '?'} ({found.progress})", 200)
            )
    else:
        prompts.say("There are no session files (*.isp.yaml) in this folder yet.")
    from isp_cli.interview import (
        command_questions,  # not needed by the commands that only take a file
    )

    readable = [(found.path, found.path.name) for found in sessions if found.readable]
    if len(readable) > 1:
        action, path = prompts.ask(command_questions.home(readable, pick=True))
        if action != "pick":
            return action, {}
        readable = [(path, path.name)]
    from isp_cli.commands.import_edits import edited_copies

    edited = [(doc, doc.name) for path, _ in readable[:1] for doc in edited_copies(path)]
    action, path = prompts.ask(command_questions.home(readable, edited=edited))
    if action == "import_":
        return action, {"file": readable[0][0], "document": path}
    return action, {"file": path} if path is not None else {}


def session_argument(file: Path | None, command: str) -> Path:
    """The session file a command was given; when missing or not there, say what to type.

    Lists the session files in this folder, so the user can pick the right name.
    """
    from isp_cli.errors import SessionError, UsageError

    if file is not None and file.exists():
        return file
    here = sorted(p.name for p in Path().glob(f"*{SUFFIX}"))
    if file is None:
        example = here[0] if here else f"metro{SUFFIX}"
        message = f"isp {command} needs a session file, for example: isp {command} {example}"
    else:
        message = f"{file}: there is no such file."
    if here:
        return_to = " The session files in this folder: " + ", ".join(here) + "."
    else:
        return_to = f" There are no session files (*{SUFFIX}) in this folder; 'isp new' starts one."
    # No argument is a usage error; a name that is not there, a file problem like any other.
    raise (UsageError if file is None else SessionError)(message + return_to)
