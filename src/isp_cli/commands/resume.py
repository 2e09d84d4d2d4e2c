"""``isp resume``: continue a session at its first unanswered question, or at any item."""

from __future__ import annotations

from pathlib import Path

from isp_cli.interview import command_questions, prompts
from isp_cli.interview.items import Interview
from isp_cli.invocation import isp_command
from isp_cli.model.tally import is_complete
from isp_cli.storage.session_file import load_session


def resume_session(*, file: Path, start: str | None = None) -> Path:
    """Continue a session at its first unanswered question, or at the item ``start``."""
    from isp_cli.commands.edit import check_target

    prompts.require_terminal(
        "resume", f"see how far it has come with: {isp_command('status', file)}"
    )
    session, checklist = load_session(file)
    if start is not None:
        check_target(start, checklist.item_ids)
    with Interview(session, checklist, file) as interview:
        if start is None and is_complete(session, checklist) and not session.drafts:
            prompts.say(f"{file} is complete: every item has a decision. {interview.summary()}")
            prompts.command("To change an answer:", isp_command("edit", file))
            return file
        if start is None:
            interview.ask_everything()
        else:
            interview.ask_items(start)
        finish(interview)
    return file


def finish(interview: Interview) -> None:
    """Say where the answers are, and offer to write the Word protocol now."""
    assert interview.path is not None
    prompts.rule("Done")
    prompts.say(f"Your answers are saved in {interview.path}: {interview.summary()}")
    if not interview.ask(command_questions.render_now()):
        prompts.command("When you are ready, make the Word protocol with:", render_line(interview))
        return
    from isp_cli.commands.render import render_protocol

    result = render_protocol(file=interview.path)
    prompts.say(f"Wrote {result.path}")


def render_line(interview: Interview) -> str:
    """The command that writes this session's Word protocol."""
    assert interview.path is not None
    return isp_command("render", interview.path)
