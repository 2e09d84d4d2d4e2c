"""The one error hierarchy: everything a user can fix is an IspError.

The CLI prints the message of an IspError on one line and exits with its
``exit_code``; anything else is a bug and keeps its traceback. Every IspError
subclass is defined here.
"""

from __future__ import annotations

from pathlib import Path

# Exit codes, documented in docs/reference/exit-codes.md.
EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_FOUND = 3  # isp check found personal information
EXIT_INTERRUPTED = 130


class IspError(Exception):
    """A problem the user can fix: the message says what, where, and what to do."""

    exit_code = EXIT_USER_ERROR


class ChecklistError(IspError):
    """The checklist file is missing or malformed."""


class SessionError(IspError):
    """A session file cannot be read, is malformed, or cannot be written."""


class SessionExistsError(SessionError):
    """``isp new`` would overwrite an existing session."""


class SessionLockedError(SessionError):
    """Another isp is working on the same session."""


class SaveFailedError(SessionError):
    """A save during an interview failed; ``typed`` is the answer that must not be lost.

    ``reason`` is why the save failed; ``recovery`` the file that holds everything
    answered so far, or None when even that could not be written.
    """

    def __init__(
        self, message: str, typed: str = "", *, reason: str = "", recovery: Path | None = None
    ) -> None:
        super().__init__(message)
        self.typed = typed
        self.reason = reason or message
        self.recovery = recovery


class RenderError(IspError):
    """The protocol could not be rendered or written."""


class TemplateError(RenderError):
    """A template that cannot be read or rendered."""


class StyleDocumentError(RenderError):
    """The style document (letterhead) cannot be used."""


class ImportEditsError(IspError):
    """An edited Word document cannot be brought back into the session."""


class NoTerminalError(IspError):
    """A question must be asked but there is no terminal to ask it on."""


class UsageError(IspError):
    """An option or argument is wrong in a way Typer cannot see."""

    exit_code = EXIT_USAGE


class PersonalInformationFound(IspError):
    """``isp check`` found answers that seem to identify an individual."""

    exit_code = EXIT_FOUND


class Interrupted(IspError):
    """The user pressed Ctrl-C or Ctrl-D; what was answered is saved."""

    exit_code = EXIT_INTERRUPTED


# What a Ctrl-C outside an interview means: no session was open, so nothing changed.
# Inside one, the Interview says what is saved and how to go on.
STOPPED_NOTHING_CHANGED = "Stopped; nothing was saved or changed."


# Not errors but signals from the answer box to the interview, carrying the text typed
# so far, so that nothing typed is ever lost.
class StoppedTyping(KeyboardInterrupt):
    """Ctrl-C or Ctrl-D in a text field; ``typed`` is what the field held."""

    def __init__(self, typed: str = "") -> None:
        super().__init__(typed)
        self.typed = typed


class GoBack(Exception):
    """The user asked to go back to the previous item; ``typed`` is the field's text."""

    def __init__(self, typed: str = "") -> None:
        super().__init__(typed)
        self.typed = typed
