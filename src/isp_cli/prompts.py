"""The one place that talks to the terminal: ``ask`` puts a Question to the user.

Questions are data (questions.py); everything else builds them and calls ``ask``,
``say`` and ``rule``; tests patch these to drive the flows without a terminal.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from isp_cli.errors import NoTerminalError
from isp_cli.questions import Question

MULTILINE_HELP = "(Enter starts a new line; to finish, press Esc then Enter)"
SELECT_HELP = "(arrow keys, then Enter)"
_SHORT_LABEL = {
    "text": "Answer:",
    "multiline": "Answer:",
    "select": "Choose:",
    "confirm": "Yes or no?",
}


def ask(question: Question) -> Any:
    """Ask ``question`` on the terminal and return the answer.

    Ctrl-C and Ctrl-D raise KeyboardInterrupt, so the caller can keep what was
    answered and say how to go on.
    """
    import shutil

    import questionary

    instruction = question.instruction or {"multiline": MULTILINE_HELP, "select": SELECT_HELP}.get(
        question.kind, ""
    )
    message = question.message
    # prompt_toolkit draws a blank screen for a multi-line prompt whose first line is
    # wider than the terminal: print a long question first, then prompt briefly.
    if len(message) + len(instruction) + 6 > shutil.get_terminal_size().columns:
        say(message, style="bold")
        message = _SHORT_LABEL[question.kind]
    prompt: Any
    if question.kind in ("text", "multiline"):
        prompt = questionary.text(
            message,
            default=question.default or "",
            multiline=question.kind == "multiline",
            instruction=instruction or None,
            validate=question.validate,
        )
    elif question.kind == "select":
        choices = [questionary.Choice(c.title, value=c.value) for c in question.choices]
        default = next((c for c in choices if c.value == question.default), None)
        prompt = questionary.select(
            message, choices=choices, default=default, instruction=instruction
        )
    else:
        prompt = questionary.confirm(message, default=bool(question.default))
    if question.kind in ("select", "confirm"):
        _stop_on_ctrl_d(prompt)
    try:
        answer = prompt.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None
    if answer is None:  # prompt_toolkit returns None when input ends
        raise KeyboardInterrupt
    return answer


def _stop_on_ctrl_d(prompt: Any) -> None:
    """Ctrl-D (end of input) stops a choice as Ctrl-C does; text prompts do it already."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    extra = KeyBindings()

    @extra.add("c-d", eager=True)
    def _end_of_input(event: Any) -> None:
        event.app.exit(exception=EOFError())

    application = prompt.application
    application.key_bindings = merge_key_bindings([application.key_bindings, extra])


_STYLES = {"bold": "1", "italic": "3", "yellow": "33"}


def say(text: str = "", *, style: str | None = None) -> None:
    """Print a paragraph of the interview, wrapped to the terminal's width."""
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size().columns, 100)
    lines = []
    for line in text.split("\n"):
        # Keep a list item's indent on its wrapped lines.
        indent = " " * (len(line) - len(line.lstrip(" •-")))
        wrapped = textwrap.wrap(
            line,
            width,
            subsequent_indent=indent,
            break_long_words=False,  # file names and commands stay whole
            break_on_hyphens=False,
        )
        lines.extend(wrapped or [""])
    print(_styled("\n".join(lines), style), flush=True)


def rule(title: str) -> None:
    """Print a horizontal line with a title, between interview screens."""
    import shutil

    width = min(shutil.get_terminal_size().columns, 100)
    line = f"── {title} "
    print("\n" + _styled(line + "─" * max(3, width - len(line)), "bold"), flush=True)


def _styled(text: str, style: str | None) -> str:
    # Colour only on a terminal, and never when the user asked for none (NO_COLOR).
    if not style or not sys.stdout.isatty() or os.environ.get("NO_COLOR"):
        return text
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"


def require_terminal(command: str) -> None:
    """Refuse to start an interview without a terminal, saying what to use instead."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NoTerminalError(
            f"'isp {command}' asks questions, but there is no terminal to ask them on. "
            "Run it in a terminal, or give the answers in a file with "
            "'isp new FILE --answers ANSWERS.yaml --no-input'."
        )
