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

from isp_cli import system
from isp_cli.errors import GoBack, StoppedTyping
from isp_cli.interview.terminal.editor import chosen_editor, edit_in_editor
from isp_cli.interview.terminal.wrapping import WordWrap

MIN_WIDTH = 40
IDLE_SECONDS = 2.0
TAB = 4  # a pasted or typed tab becomes spaces to the next multiple of 4


def tidy(text: str, *, draft: bool = False) -> str:
    """Text as the session keeps it: \\n line ends, tabs as spaces, no other control
    characters, no spaces at line ends (so that the file stays in block style).

    A ``draft`` (text not finished yet) keeps its spaces at line ends: typing goes on
    after them when the draft is filled in again ("Second, " then "de-identified").
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.expandtabs(TAB) for line in text.split("\n")]
    if not draft:
        lines = [line.rstrip() for line in lines]
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
    box = AnswerBox(
        default, multiline=multiline, validate=validate, can_go_back=can_go_back, on_idle=on_idle
    )
    return box.run()


class AnswerBox:
    """One answer being typed: its buffer, the keys it takes and the lines under it."""

    def __init__(
        self,
        default: str,
        *,
        multiline: bool,
        validate: Callable[[str], bool | str] | None,
        can_go_back: bool,
        on_idle: Callable[[str], None] | None,
    ) -> None:
        self.multiline = multiline
        self.validate = validate
        self.can_go_back = can_go_back
        self.on_idle = on_idle
        self.buffer = Buffer(document=Document(default, len(default)), multiline=multiline)
        self.armed = 0  # after Esc: counted down after each key, so Enter next finishes
        self.error = ""
        self.idle: asyncio.Task[None] | None = None
        self.buffer.on_text_changed += self._changed

    def run(self) -> str:
        """Show the box until the answer is finished; the text, tidied."""
        app: Application[str] = Application(
            layout=self._layout(),
            key_bindings=merge_key_bindings(
                [load_basic_bindings(), load_emacs_bindings(), self._bindings()]
            ),
            style=Style.from_dict({"keys": "reverse", "error": "bold"}),
            erase_when_done=False,
            mouse_support=False,
        )
        app.key_processor.after_key_press += self._count_down
        return tidy(app.run())

    # What the keys do ------------------------------------------------------------------

    def _bindings(self) -> KeyBindings:
        bindings = KeyBindings()
        add = bindings.add
        can_go_back = Condition(lambda: self.can_go_back)
        add("escape", eager=True)(self._arm)
        add("enter", eager=True)(self._enter)
        add("c-j", eager=True)(self._line_feed)
        add("c-s", eager=True)(self._finish)
        add("c-c", eager=True)(self._stop)
        add("c-d", eager=True)(self._stop)
        add("c-b", eager=True, filter=can_go_back)(self._back)
        add("pageup", eager=True, filter=can_go_back)(self._back)
        add("c-e", eager=True, filter=Condition(lambda: self.multiline))(self._editor)
        add("tab", eager=True)(self._tab)
        add(Keys.BracketedPaste, eager=True)(self._paste)
        return bindings

    def _finish(self, event: KeyPressEvent) -> None:
        text = self.buffer.text
        verdict = self.validate(tidy(text)) if self.validate else True
        if verdict is not True:
            self.error = str(verdict) if verdict else "Please check this answer."
            return
        event.app.exit(result=text)

    def _arm(self, _event: KeyPressEvent) -> None:
        self.armed = 2

    def _count_down(self, _: Any) -> None:
        if self.armed:
            self.armed -= 1

    def _enter(self, event: KeyPressEvent) -> None:
        if self.armed or not self.multiline:
            self._finish(event)
        else:
            self.buffer.newline(copy_margin=False)

    def _line_feed(self, event: KeyPressEvent) -> None:
        # CRLF typed as keys arrives as Enter then Ctrl-J: one line break, not two.
        previous = event.previous_key_sequence
        if previous and previous[-1].key == Keys.ControlM:
            return
        self._enter(event)

    def _stop(self, event: KeyPressEvent) -> None:
        event.app.exit(exception=StoppedTyping(tidy(self.buffer.text, draft=True)))

    def _back(self, event: KeyPressEvent) -> None:
        event.app.exit(exception=GoBack(tidy(self.buffer.text, draft=True)))

    def _editor(self, event: KeyPressEvent) -> None:
        command = chosen_editor()
        if command is None:
            self.error = (
                "To write in your own editor, set EDITOR first (for example: "
                f"{system.editor_advice()}) and start isp again."
            )
            return

        async def edit() -> None:
            edited = await run_in_terminal(
                lambda: edit_in_editor(command, self.buffer.text), in_executor=True
            )
            if edited is None:
                self.error = f"The editor ({command}) did not finish well; nothing changed."
            else:
                self.buffer.document = Document(tidy(edited), len(tidy(edited)))

        event.app.create_background_task(edit())

    def _tab(self, _event: KeyPressEvent) -> None:
        column = self.buffer.document.cursor_position_col
        self.buffer.insert_text(" " * (TAB - column % TAB))

    def _paste(self, event: KeyPressEvent) -> None:
        text = tidy(event.data)
        self.buffer.insert_text(text if self.multiline else " ".join(text.split("\n")))

    # Saving a draft after a pause ------------------------------------------------------

    def _changed(self, _: Buffer) -> None:
        self.error = ""
        if self.on_idle is None:
            return
        if self.idle is not None:
            self.idle.cancel()
        self.idle = get_app().create_background_task(self._idle_save(self.buffer.text))

    async def _idle_save(self, text: str) -> None:
        await asyncio.sleep(IDLE_SECONDS)
        assert self.on_idle is not None
        self.on_idle(tidy(text, draft=True))

    # What the screen shows -------------------------------------------------------------

    def _keys(self) -> str:
        width = get_app().output.get_size().columns
        if self.armed:
            line = "Esc pressed: now press Enter to finish (any other key goes on typing)"
        else:
            line = keys_line(multiline=self.multiline, can_go_back=self.can_go_back)
        return "\n".join(textwrap.wrap(line, max(width - 1, 10)))

    def _error(self) -> str:
        width = get_app().output.get_size().columns
        return "\n".join(textwrap.wrap(self.error, max(width - 1, 10)))

    def _layout(self) -> Layout:
        wide = Condition(lambda: get_app().output.get_size().columns >= MIN_WIDTH)
        box = Window(
            BufferControl(self.buffer, input_processors=[WordWrap()], focus_on_click=True),
            wrap_lines=True,
            height=Dimension(min=1),
            dont_extend_height=True,
            style="class:answer",
        )
        narrow = f"The window is too narrow: make it at least {MIN_WIDTH} columns wide."
        return Layout(
            HSplit(
                [
                    ConditionalContainer(box, filter=wide),
                    ConditionalContainer(
                        self._line(self._error, "class:error"),
                        filter=wide & ~is_done & Condition(lambda: bool(self.error)),
                    ),
                    ConditionalContainer(
                        self._line(self._keys, "class:keys"), filter=wide & ~is_done
                    ),
                    ConditionalContainer(
                        Window(FormattedTextControl(narrow), dont_extend_height=True),
                        filter=~wide,
                    ),
                ]
            ),
            focused_element=box,
        )

    @staticmethod
    def _line(text: Callable[[], str], style: str) -> Window:
        return Window(FormattedTextControl(text), style=style, dont_extend_height=True)
