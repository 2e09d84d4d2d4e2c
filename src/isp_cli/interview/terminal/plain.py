"""The plain mode: questions read line by line, for screen readers and simple terminals.

No colour, no cursor movement, no redraws, no escape sequences: each question is
printed once, choices are numbered and picked by typing the number, and a long answer
is typed line by line and ends with a line holding only a full stop.
"""

from __future__ import annotations

import sys
from typing import Any

from isp_cli.errors import GoBack, StoppedTyping
from isp_cli.interview.questions import Question
from isp_cli.interview.terminal.answer_box import tidy

END = "."
BACK = "<"  # alone on the first line of an answer: back to the item's decision


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _line(prompt: str, typed: list[str]) -> str:
    """One line from the user; Ctrl-C or end of input stops, keeping ``typed``."""
    _write(prompt)
    try:
        line = sys.stdin.readline()
    except KeyboardInterrupt:
        _write("\n")
        raise StoppedTyping(tidy("\n".join(typed), draft=True)) from None
    if not line:  # Ctrl-D: end of input
        _write("\n")
        raise StoppedTyping(tidy("\n".join(typed), draft=True))
    return line.rstrip("\r\n")


def ask(question: Question) -> Any:
    """Ask ``question`` in plain lines and return the answer."""
    _write(f"\n{question.message}\n")
    if question.instruction:
        _write(f"{question.instruction}\n")
    if question.kind == "select":
        return _choose(question)
    if question.kind == "confirm":
        return _confirm(question)
    if question.kind == "checkbox":
        return _tick(question)
    while True:
        text = _multiline(question) if question.kind == "multiline" else _text(question)
        verdict = question.validate(text) if question.validate else True
        if verdict is True:
            return text
        _write(f"{verdict}\n")


def _choose(question: Question) -> Any:
    current = 1
    for number, choice in enumerate(question.choices, start=1):
        if choice.value == question.default:
            current = number
        _write(f"{number}. {choice.title}\n")
    count = len(question.choices)
    while True:
        typed = _line(f"Type a number from 1 to {count}, then Enter (Enter alone: {current}): ", [])
        if not typed.strip():
            return question.choices[current - 1].value
        if typed.strip().isdigit() and 1 <= int(typed) <= count:
            return question.choices[int(typed) - 1].value
        _write(f"'{typed.strip()}' is not one of the numbers 1 to {count}.\n")


def _tick(question: Question) -> list[Any]:
    """Several choices by their numbers, such as 1,3; 0 for none; Enter alone keeps them."""
    current = [
        n for n, c in enumerate(question.choices, start=1) if c.value in (question.default or ())
    ]
    for number, choice in enumerate(question.choices, start=1):
        mark = "[x]" if number in current else "[ ]"
        _write(f"{number}. {mark} {choice.title}\n")
    count = len(question.choices)
    now = ",".join(map(str, current)) or "none"
    while True:
        typed = _line(
            f"Type the numbers of all that apply, such as 1,3 (0 for none; Enter alone: {now}): ",
            [],
        )
        numbers = [part.strip() for part in typed.replace(" ", ",").split(",") if part.strip()]
        if not numbers:
            chosen = current
        elif numbers == ["0"]:
            chosen = []
        elif all(p.isdigit() and 1 <= int(p) <= count for p in numbers):
            chosen = sorted({int(p) for p in numbers})
        else:
            _write(f"'{typed.strip()}': type numbers from 1 to {count}, separated by commas.\n")
            continue
        values = [question.choices[n - 1].value for n in chosen]
        verdict = question.validate(values) if question.validate else True
        if verdict is True:
            return values
        _write(f"{verdict}\n")


def _confirm(question: Question) -> bool:
    default = bool(question.default)
    while True:
        typed = _line(f"Type y or n, then Enter (Enter alone: {'y' if default else 'n'}): ", [])
        answer = typed.strip().lower()
        if not answer:
            return default
        if answer in ("y", "yes", "n", "no"):
            return answer.startswith("y")
        _write("Please type y for yes or n for no.\n")


def _text(question: Question) -> str:
    default = question.default or ""
    if default:
        _write(f"Now: {default}\n")
        return tidy(_line("Type a new answer, or press Enter to keep it: ", [default])) or default
    return tidy(_line("Answer: ", []))


def _multiline(question: Question) -> str:
    default = question.default or ""
    if default:
        _write("The answer now:\n" + default + "\n")
        _write("Type a new answer line by line, or only a full stop (.) to keep it.\n")
    else:
        _write("Type the answer line by line; a line with only a full stop (.) ends it.\n")
    if question.back:
        _write("A first line with only < goes back to the decision.\n")
    lines: list[str] = []
    while (line := _line("", lines or [default])) != END:
        if question.back and not lines and line.strip() == BACK:
            raise GoBack(default)
        lines.append(line)
    if not lines and default:
        return default
    return tidy("\n".join(lines)).strip("\n")
