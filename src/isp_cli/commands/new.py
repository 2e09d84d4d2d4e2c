"""``isp new``: start a session, from an answers file and/or the interview.

The first question is asked before the models are loaded, so that it is on
screen at once; the rest loads while the user types.
"""

from __future__ import annotations

from pathlib import Path

from isp_cli.errors import Interrupted, StoppedTyping
from isp_cli.interview import prompts, questions
from isp_cli.invocation import isp_command
from isp_cli.storage.saving import refuse_existing


def new_session(
    *, file: Path | None, answers: Path | None, no_input: bool, checklist_file: Path | None = None
) -> Path:
    """Start a new session, from an answers file and/or the interview; return its path.

    Never overwrites an existing file. Without a terminal, only ``no_input`` works.
    ``checklist_file`` is a checklist of the task force's own instead of the built-in one.
    """
    if not no_input:
        prompts.require_terminal(
            "new", "give the answers in a file with: isp new FILE --answers ANSWERS.yaml --no-input"
        )
    if file is not None:
        refuse_existing(file)
    task_force = None
    if answers is None and not no_input:
        _welcome()
        try:
            task_force = prompts.ask(questions.task_force(None)).strip()
        except StoppedTyping as stop:
            typed = f' You had typed "{stop.typed}".' if stop.typed.strip() else ""
            raise Interrupted(
                f"Stopped before anything was saved.{typed} To start again:\n  "
                + isp_command("new")
            ) from None

    from isp_cli.commands.resume import finish
    from isp_cli.interview.items import Interview
    from isp_cli.model.session import Session, default_filename
    from isp_cli.storage.resources import builtin_checklist, load_checklist
    from isp_cli.storage.session_file import load_answers

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
        if not no_input:
            interview.ask_everything()
            finish(interview)
    assert interview.path is not None
    return interview.path


def _welcome() -> None:
    prompts.rule("New information sharing protocol")
    prompts.say(
        "isp asks about the protocol, its member agencies, and then each checklist "
        "item. Every answer is saved as soon as you give it; press Ctrl-C at any "
        "time to stop and continue later."
    )
