"""``isp new`` and ``isp resume``: start a session or continue it where it stopped.

The first question of ``isp new`` is asked before the models are loaded, so that
it is on screen at once; the rest loads while the user types.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli import prompts, questions
from isp_cli.errors import Interrupted
from isp_cli.prompts import Question
from isp_cli.saving import refuse_existing

if TYPE_CHECKING:
    from isp_cli.interview import Interview


def new_session(
    *, file: Path | None, answers: Path | None, no_input: bool, checklist_file: Path | None = None
) -> Path:
    """Start a new session, from an answers file and/or the interview; return its path.

    Never overwrites an existing file. Without a terminal, only ``no_input`` works.
    ``checklist_file`` is a checklist of the task force's own instead of the built-in one.
    """
    if not no_input:
        prompts.require_terminal("new")
    if file is not None:
        refuse_existing(file)
    task_force = None
    if answers is None and not no_input:
        _welcome()
        try:
            task_force = prompts.ask(questions.task_force(None)).strip()
        except KeyboardInterrupt:
            raise Interrupted(
                "Stopped before anything was saved. To start again: isp new"
            ) from None

    from isp_cli.checklist import builtin_checklist, load_checklist
    from isp_cli.interview import Interview
    from isp_cli.session import Session, default_filename, load_answers

    checklist = load_checklist(checklist_file) if checklist_file else builtin_checklist()
    if answers is not None:
        session, checklist = load_answers(answers, checklist)
    else:
        session = Session.start(checklist)
        session.protocol.task_force = task_force
    if checklist_file is not None:
        session.checklist_version = checklist.version
        session.checklist_file = str(checklist_file.resolve())  # made relative when named
    if file is None and (no_input or (session.protocol.task_force and session.protocol.topic)):
        file = Path(default_filename(session.protocol))
        refuse_existing(file)
    with Interview(session, checklist, file) as interview:
        interview.save(task_force or "")
        if no_input:
            assert interview.path is not None
            return interview.path
        _interview(interview)
        assert interview.path is not None
        return interview.path


def _welcome() -> None:
    prompts.rule("New information sharing protocol")
    prompts.say(
        "isp asks about the protocol, its member agencies, and then each checklist "
        "item. Every answer is saved as soon as you give it; press Ctrl-C at any "
        "time to stop and continue later."
    )


def resume_session(*, file: Path) -> Path:
    """Continue a session at its first unanswered question."""
    prompts.require_terminal("resume")
    from isp_cli.interview import Interview
    from isp_cli.progress import is_complete
    from isp_cli.session import load_session

    session, checklist = load_session(file)
    with Interview(session, checklist, file) as interview:
        if is_complete(session, checklist):
            prompts.say(f"{file} is complete: every item has a decision. {interview.summary()}")
            prompts.say(f"To change an answer: isp edit {file}")
            return file
        _interview(interview)
    return file


def _interview(interview: Interview) -> None:
    try:
        prompts.rule("Protocol details")
        interview.ask_details()
        session = interview.session
        if not session.items and not session.skipped:
            interview.ask_agencies()
        interview.ask_items()
    except KeyboardInterrupt:
        raise interview.interrupted() from None
    prompts.rule("Done")
    prompts.say(f"Your answers are saved in {interview.path}: {interview.summary()}")
    offer_render(interview)


def offer_render(interview: Interview) -> None:
    """Offer to write the Word protocol now."""
    assert interview.path is not None
    try:
        wanted = prompts.ask(
            Question("render.now", "confirm", "Make the Word protocol now?", default=True)
        )
    except KeyboardInterrupt:
        wanted = False
    if not wanted:
        prompts.say(f"When you are ready: isp render {shlex.quote(str(interview.path))}")
        return
    from isp_cli.render import render_protocol

    result = render_protocol(file=interview.path)
    prompts.say(f"Wrote {result.path}")
