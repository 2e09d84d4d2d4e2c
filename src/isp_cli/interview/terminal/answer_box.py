"""The answer box: a full-width text area below the question, built on prompt_toolkit.

The answer starts at the left edge on its own line, uses the whole width of the
terminal, wraps between words and grows downward. The line below it says which keys
do what. Finishing never depends on timing: Esc is remembered until the next key,
however long the pause (Alt-Enter sends the same two keys), and Ctrl-S finishes too.
Ctrl-C and Ctrl-D stop and hand back what was typed, so it can be kept as a draft.
"""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Callable
from typing import Any

from prompt_toolkit.application import Application, get_app, run_in_terminal
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition, is_done
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.key_binding.bindings.basic import load_basic_bindings
from prompt_toolkit.key_binding.bindings.emacs import load_emacs_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import (
    BufferControl,
    ConditionalContainer,
    FormattedTextControl,
    HSplit,
    Layout,
    Window,
)
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.styles import Style

from isp_cli.errors import GoBack, StoppedTyping
from isp_cli.interview.terminal.editor import chosen_editor, edit_in_editor
from isp_cli.interview.terminal.wrapping import WordWrap

MIN_WIDTH = 40
IDLE_SECONDS = 2.0
TAB = 4  # a pasted or typed tab becomes spaces to the next multiple of 4


def tidy(text: str) -> str:
    """Text as the session keeps it: \\n line ends, tabs as spaces, no other control
    characters, no spaces at line ends (so that the file stays in block style)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.expandtabs(TAB).rstrip() for line in text.split("\n")]
    return "".join(c for c in "\n".join(lines) if c == "\n" or c.isprintable())


def keys_line(*, multiline: bool, can_go_back: bool) -> str:
    """What the line under the box says."""
    parts = (
        ["Esc then Enter, or Ctrl-S: finish", "Enter: new line"] if multiline else ["Enter: finish"]
    )
    if can_go_back:
        parts.append("Ctrl-B: back to the decision")
    if multiline and chosen_editor():
        parts.append("Ctrl-E: your editor")
    parts.append("Ctrl-C: stop (what you typed is kept)")
    return " · ".join(parts)


def edit_text(
    *,
    default: str,
    multiline: bool,
    validate: Callable[[str], bool | str] | None = None,
    can_go_back: bool = False,
    on_idle: Callable[[str], None] | None = None,
) -> str:
    """Let the user type an answer; return it.

    Raises StoppedTyping (Ctrl-C, Ctrl-D) or GoBack (Ctrl-B, Page Up: one step back),
    carrying the text typed.
    ``on_idle`` is called with the text after a pause in typing, to save a draft.
    """
    buffer = Buffer(document=Document(default, len(default)), multiline=multiline)
    state: dict[str, Any] = {"armed": 0, "error": "", "idle": None}
    bindings = KeyBindings()

    def finish(event: KeyPressEvent) -> None:
        text = buffer.text
        verdict = validate(tidy(text)) if validate else True
        if verdict is not True:
            state["error"] = str(verdict) if verdict else "Please check this answer."
            return
        event.app.exit(result=text)

    @bindings.add("escape", eager=True)
    def _escape(_event: KeyPressEvent) -> None:
        state["armed"] = 2  # counted down after each key: Enter next finishes

    @bindings.add("enter", eager=True)
    def _enter(event: KeyPressEvent) -> None:
        if state["armed"] or not multiline:
            finish(event)
        else:
            buffer.newline(copy_margin=False)

    @bindings.add("c-j", eager=True)
    def _line_feed(event: KeyPressEvent) -> None:
        # CRLF typed as keys arrives as Enter then Ctrl-J: one line break, not two.
        previous = event.previous_key_sequence
        if previous and previous[-1].key == Keys.ControlM:
            return
        _enter(event)

    @bindings.add("c-s", eager=True)
    def _save(event: KeyPressEvent) -> None:
        finish(event)

    @bindings.add("c-c", eager=True)
    @bindings.add("c-d", eager=True)
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit(exception=StoppedTyping(tidy(buffer.text)))

    @bindings.add("c-b", eager=True, filter=Condition(lambda: can_go_back))
    @bindings.add("pageup", eager=True, filter=Condition(lambda: can_go_back))
    def _back(event: KeyPressEvent) -> None:
        event.app.exit(exception=GoBack(tidy(buffer.text)))

    @bindings.add("c-e", eager=True, filter=Condition(lambda: multiline))
    def _editor(event: KeyPressEvent) -> None:
        command = chosen_editor()
        if command is None:
            state["error"] = (
                "To write in your own editor, set EDITOR first (for example: export "
                "EDITOR=nano) and start isp again."
            )
            return

        async def edit() -> None:
            edited = await run_in_terminal(
                lambda: edit_in_editor(command, buffer.text), in_executor=True
            )
            if edited is None:
                state["error"] = f"The editor ({command}) did not finish well; nothing changed."
            else:
                buffer.document = Document(tidy(edited), len(tidy(edited)))

        event.app.create_background_task(edit())

    @bindings.add("tab", eager=True)
    def _tab(_event: KeyPressEvent) -> None:
        column = buffer.document.cursor_position_col
        buffer.insert_text(" " * (TAB - column % TAB))

    @bindings.add(Keys.BracketedPaste, eager=True)
    def _paste(event: KeyPressEvent) -> None:
        text = tidy(event.data)
        buffer.insert_text(text if multiline else " ".join(text.split("\n")))

    def changed(_: Buffer) -> None:
        state["error"] = ""
        if on_idle is None:
            return
        if state["idle"] is not None:
            state["idle"].cancel()
        state["idle"] = get_app().create_background_task(idle_save(buffer.text))

    async def idle_save(text: str) -> None:
        await asyncio.sleep(IDLE_SECONDS)
        assert on_idle is not None
        on_idle(tidy(text))

    buffer.on_text_changed += changed

    def keys() -> str:
        width = get_app().output.get_size().columns
        if state["armed"]:
            line = "Esc pressed: now press Enter to finish (any other key goes on typing)"
        else:
            line = keys_line(multiline=multiline, can_go_back=can_go_back)
        return "\n".join(textwrap.wrap(line, max(width - 1, 10)))

    def error() -> str:
        width = get_app().output.get_size().columns
        return "\n".join(textwrap.wrap(state["error"], max(width - 1, 10)))

    wide = Condition(lambda: get_app().output.get_size().columns >= MIN_WIDTH)
    box = Window(
        BufferControl(buffer, input_processors=[WordWrap()], focus_on_click=True),
        wrap_lines=True,
        height=Dimension(min=1),
        dont_extend_height=True,
        style="class:answer",
    )
    layout = HSplit(
        [
            ConditionalContainer(box, filter=wide),
            ConditionalContainer(
                Window(FormattedTextControl(error), style="class:error", dont_extend_height=True),
                filter=wide & ~is_done & Condition(lambda: bool(state["error"])),
            ),
            ConditionalContainer(
                Window(FormattedTextControl(keys), style="class:keys", dont_extend_height=True),
                filter=wide & ~is_done,
            ),
            ConditionalContainer(
                Window(
                    FormattedTextControl(
                        f"The window is too narrow: make it at least {MIN_WIDTH} columns wide."
                    ),
                    dont_extend_height=True,
                ),
                filter=~wide,
            ),
        ]
    )
    app: Application[str] = Application(
        layout=Layout(layout, focused_element=box),
        key_bindings=merge_key_bindings([load_basic_bindings(), load_emacs_bindings(), bindings]),
        style=Style.from_dict({"keys": "reverse", "error": "bold"}),
        erase_when_done=False,
        mouse_support=False,
    )

    def count_down(_: Any) -> None:
        if state["armed"]:
            state["armed"] -= 1

    app.key_processor.after_key_press += count_down
    return tidy(app.run())
