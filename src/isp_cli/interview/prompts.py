"""The one place that talks to the terminal: ``ask`` puts a Question to the user.

Questions are data (questions.py); everything else builds them and calls ``ask``,
``say``, ``rule`` and ``command``; tests patch these to drive the flows without a
terminal. Text answers go to the answer box (terminal/answer_box.py), choices to
questionary; in plain mode (``--plain``, or TERM=dumb) everything is read line by
line (terminal/plain.py), for screen readers and simple terminals.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from isp_cli import system
from isp_cli.errors import NoTerminalError

if TYPE_CHECKING:  # cli.py imports this module: keep `isp --help` fast
    from isp_cli.interview.questions import Question

SELECT_HELP = "(arrow keys, then Enter)"
CHECKBOX_HELP = "(arrow keys; Space ticks or unticks; Enter when done)"
_HELP = {"select": SELECT_HELP, "checkbox": CHECKBOX_HELP}
_SHORT_LABEL = {"select": "Choose:", "confirm": "Yes or no?", "checkbox": "Tick all that apply:"}
_plain = False


def set_plain(plain: bool) -> None:
    """Use the plain mode (or not): no colour, no cursor movement, line by line."""
    global _plain
    _plain = plain


def is_plain() -> bool:
    """Plain mode asked for, or a terminal that cannot do more (TERM=dumb)."""
    return _plain or os.environ.get("TERM") == "dumb"


def ask(question: Question, *, on_idle: Callable[[str], None] | None = None) -> Any:
    """Ask ``question`` on the terminal and return the answer.

    Ctrl-C and Ctrl-D raise KeyboardInterrupt (StoppedTyping, with the text typed, in
    a text field), so the caller can keep what was typed and say how to go on. The
    go-back key of a text field raises GoBack. ``on_idle`` receives a text answer
    after a pause in typing, to save it as a draft.
    """
    if is_plain():
        from isp_cli.interview.terminal import plain

        return plain.ask(question)
    if question.kind in ("text", "multiline"):
        from isp_cli.interview.terminal.answer_box import edit_text
        from isp_cli.interview.terminal.typeahead import keys_as_typed

        with keys_as_typed():  # a key typed while the question prints is not lost or changed
            say(question.message, style="bold")
            if question.instruction:
                say(question.instruction)
            return edit_text(
                default=question.default or "",
                multiline=question.kind == "multiline",
                validate=question.validate,
                can_go_back=question.back,
                on_idle=on_idle,
            )
    if question.kind == "checkbox":
        return _tick(question)
    return _choose(question)


def _tick(question: Question) -> Any:
    """A checkbox list, asked again (with the ticks kept) until its answer is valid.

    questionary's own validation message is drawn blank on some terminals: say it here.
    """
    from dataclasses import replace

    while True:
        values = _choose(question)
        verdict = question.validate(values) if question.validate else True
        if verdict is True:
            return values
        say(str(verdict), style="yellow")
        question = replace(question, default=values)


def _choose(question: Question) -> Any:
    import questionary

    instruction = question.instruction or _HELP.get(question.kind, "")
    message = question.message
    # prompt_toolkit draws a blank screen for a prompt whose first line is wider than
    # the terminal: print a long question first, then prompt briefly.
    if len(message) + len(instruction) + 6 > _width():
        say(message, style="bold")
        message = _SHORT_LABEL[question.kind]
    prompt: Any
    if question.kind == "select":
        # A choice is one line of the list: a longer title would be cut at the right edge
        # mid-word, so it is shortened between words instead.
        room = max(20, _width() - 5)
        choices = [
            questionary.Choice(textwrap.shorten(c.title, room, placeholder=" …"), value=c.value)
            for c in question.choices
        ]
        default = next((c for c in choices if c.value == question.default), None)
        prompt = questionary.select(
            message, choices=choices, default=default, instruction=instruction
        )
    elif question.kind == "checkbox":
        ticked = set(question.default or ())
        prompt = questionary.checkbox(
            message,
            choices=[
                questionary.Choice(c.title, value=c.value, checked=c.value in ticked)
                for c in question.choices
            ],
            instruction=instruction,
        )
    else:
        prompt = questionary.confirm(message, default=bool(question.default))
    _stop_on_ctrl_d(prompt)
    try:
        answer = prompt.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None
    if answer is None:  # prompt_toolkit returns None when input ends
        raise KeyboardInterrupt
    return answer


def _stop_on_ctrl_d(prompt: Any) -> None:
    """Ctrl-D (end of input) stops a choice as Ctrl-C does."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    extra = KeyBindings()

    @extra.add("c-d", eager=True)
    def _end_of_input(event: Any) -> None:
        event.app.exit(exception=EOFError())

    application = prompt.application
    application.key_bindings = merge_key_bindings([application.key_bindings, extra])


_STYLES = {"bold": "1", "italic": "3", "yellow": "33"}


def _width() -> int:
    return shutil.get_terminal_size().columns


def _wrap(text: str, width: int, *, commands: bool = True) -> str:
    lines = []
    for line in text.split("\n"):
        if commands and line.startswith("  ") and not line.lstrip().startswith(("•", "-")):
            lines.append(line)  # a command to copy: whole, on its own line
            continue
        # Keep a list item's indent on its wrapped lines.
        indent = " " * (len(line) - len(line.lstrip(" •-" if commands else " ")))
        wrapped = textwrap.wrap(
            line,
            width,
            subsequent_indent=indent,
            break_long_words=False,  # file names and commands stay whole
            break_on_hyphens=False,
        )
        lines.extend(wrapped or [""])
    return "\n".join(lines)


def for_terminal(text: str, stream: Any) -> str:
    """``text`` wrapped between words when ``stream`` is a terminal (else unchanged)."""
    return _wrap(text, _width() - 1) if stream.isatty() else text


def say(text: str = "", *, style: str | None = None, quoting: bool = False) -> None:
    """Print a paragraph of the interview, wrapped to the terminal's width.

    An indented line is a command to copy, never wrapped; ``quoting``: indented lines
    are quoted text (a document's), wrapped under their indent.
    """
    print(_styled(_wrap(text, min(_width(), 100), commands=not quoting), style), flush=True)


def command(intro: str, line: str) -> None:
    """Print ``intro``, then a command alone on its own line, never wrapped: to copy."""
    say(f"{intro}\n  {line}")


def rule(title: str) -> None:
    """Print a horizontal line with a title, between interview screens."""
    if is_plain():
        print(f"\n{title}", flush=True)
        return
    width = min(_width(), 100)
    line = f"── {title} "
    print("\n" + _styled(line + "─" * max(3, width - len(line)), "bold"), flush=True)


def colour_on(stream: Any) -> bool:
    """Colour only on a terminal that shows it, unless asked for none (NO_COLOR, plain)."""
    return (
        bool(stream.isatty())
        and system.colour_ready()
        and not os.environ.get("NO_COLOR")
        and not is_plain()
    )


def _styled(text: str, style: str | None) -> str:
    if not style or not colour_on(sys.stdout):
        return text
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"


def can_ask() -> bool:
    """Whether there is a terminal to ask questions on."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def require_terminal(command: str, instead: str) -> None:
    """Refuse to ask questions without a terminal, saying what to use instead."""
    if not can_ask():
        raise NoTerminalError(
            f"'isp {command}' asks questions, but there is no terminal to ask them on. "
            f"Run it in a terminal, or {instead}"
        )
