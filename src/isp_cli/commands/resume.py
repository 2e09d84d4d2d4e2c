"""``isp resume``: continue a session at its first unanswered question."""

from __future__ import annotations

import shlex
from pathlib import Path

from isp_cli import prompts, questions
from isp_cli.interview import Interview
from isp_cli.session import load_session
from isp_cli.tally import is_complete


def resume_session(*, file: Path) -> Path:
    """Continue a session at its first unanswered question."""
    prompts.require_terminal("resume")
    session, checklist = load_session(file)
    with Interview(session, checklist, file) as interview:
        if is_complete(session, checklist):
            prompts.say(f"{file} is complete: every item has a decision. {interview.summary()}")
            prompts.say(f"To change an answer: isp edit {file}")
            return file
        interview.ask_everything()
        finish(interview)
    return file


def finish(interview: Interview) -> None:
    """Say where the answers are, and offer to write the Word protocol now."""
    assert interview.path is not None
    prompts.rule("Done")
    prompts.say(f"Your answers are saved in {interview.path}: {interview.summary()}")
    if not prompts.ask(questions.render_now()):
        prompts.say(f"When you are ready: isp render {shlex.quote(str(interview.path))}")
        return
    from isp_cli.document.render import render_protocol

    result = render_protocol(file=interview.path)
    prompts.say(f"Wrote {result.path}")
