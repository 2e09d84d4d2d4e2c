"""The command line: thin Typer adapters over the core modules.

Heavy libraries are imported inside the commands that use them, so that
``isp --help`` stays fast.
"""

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from isp_cli import __version__
from isp_cli.errors import STOPPED_NOTHING_CHANGED, Interrupted, IspError
from isp_cli.interview import prompts
from isp_cli.model.vocabulary import ApprovalStatus
from isp_cli.options import (
    AcceptAllFlag,
    AnswersOption,
    ChecklistOption,
    DiffFormatOption,
    DocFormatOption,
    DryRunFlag,
    EditedDocument,
    ForceOption,
    JsonFlag,
    NoInputFlag,
    OutOption,
    PlainOption,
    RedlineOutOption,
    ReferenceOption,
    SessionFile,
    TemplateOption,
)

T = TypeVar("T")


app = typer.Typer(
    name="isp",
    help=(
        "Write your task force's Information Sharing Protocol, one checklist item at a time.\n\n"
        "Example: isp new   (start the interview; every answer is saved as you go)"
    ),
    invoke_without_command=True,
    epilog=(
        "\b\nExamples:\n"
        "  isp                          see the sessions here and choose what to do\n"
        "  isp new                      start a protocol (the file name is chosen for you)\n"
        "  isp resume FILE.isp.yaml     continue where you stopped\n"
        "  isp edit FILE.isp.yaml       change an answer\n"
        "  isp render FILE.isp.yaml     write the Word protocol\n"
        "  isp agenda FILE.isp.yaml     write the agenda for the next meeting\n"
        "  isp import FILE EDITED.docx  bring counsel's Word edits back into the session\n"
        "\nEach command's --help shows its options."
    ),
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _run(action: Callable[[], T]) -> T:
    """Run a core action; a user-fixable error becomes one line on stderr and an exit code.

    The one handler: a Ctrl-C that no interview turned into Interrupted (no session was
    open) is reported here the same way.
    """
    try:
        return action()
    except IspError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        _fail(Interrupted(STOPPED_NOTHING_CHANGED))


def _session(file: Path | None, command: str) -> Path:
    """The session file argument; missing or not there, say what to type instead."""
    from isp_cli.commands.home import session_argument

    return _run(lambda: session_argument(file, command))


def _fail(exc: IspError) -> NoReturn:
    from isp_cli.printable import with_commands

    # Printable and short, however long or strange the file text the message quotes;
    # wrapped between words on a terminal, a command to copy on a line of its own.
    typer.echo(prompts.for_terminal(f"isp: {with_commands(str(exc))}", sys.stderr), err=True)
    raise typer.Exit(exc.exit_code) from None


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _plain_too(plain: bool) -> None:
    """A command's own --plain (``isp new --plain``), as well as ``isp --plain new``."""
    if plain:
        prompts.set_plain(True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"isp {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[  # noqa: ARG001 (its callback does the work, before any command)
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show isp's version."),
    ] = False,
    plain: PlainOption = False,
) -> None:
    """Write your task force's Information Sharing Protocol, one checklist item at a time."""
    prompts.set_plain(plain)  # each run starts from the option, never from an earlier run
    if ctx.invoked_subcommand is not None:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        typer.echo(ctx.get_help())
        raise typer.Exit()
    from isp_cli.commands.home import choose_action

    action, arguments = _run(lambda: choose_action(Path()))
    if action == "new":
        new()
    elif arguments:  # none: quit; else one of the commands below, and its arguments
        _home_commands()[action](**arguments)


@app.command()
def new(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Where to save the session (default: a name made from the task force and topic).",
            show_default=False,
        ),
    ] = None,
    answers: AnswersOption = None,
    no_input: NoInputFlag = False,
    checklist_file: ChecklistOption = None,
    plain: PlainOption = False,
) -> None:
    """Start a new protocol: the interview, saved as you go. Example: isp new"""
    _plain_too(plain)
    from isp_cli.commands.new import new_session

    path = _run(
        lambda: new_session(
            file=file, answers=answers, no_input=no_input, checklist_file=checklist_file
        )
    )
    if no_input:
        from isp_cli.invocation import isp_command

        typer.echo(f"Saved {path}. To continue:\n  {isp_command('resume', path)}")


@app.command()
def resume(
    file: SessionFile = None,
    item: Annotated[
        str | None,
        typer.Argument(
            help="Start at this item (an id from 'isp checklist'), even if it is answered.",
            show_default=False,
        ),
    ] = None,
    plain: PlainOption = False,
) -> None:
    """Continue a session where it stopped. Example: isp resume my-protocol.isp.yaml"""
    _plain_too(plain)
    from isp_cli.commands.resume import resume_session

    path = _session(file, "resume")
    _run(lambda: resume_session(file=path, start=item))


@app.command()
def edit(
    file: SessionFile = None,
    item: Annotated[
        str | None,
        typer.Argument(
            help="An item id (see 'isp checklist'), 'details' or 'agencies'; "
            "without it, choose from a list.",
            show_default=False,
        ),
    ] = None,
    plain: PlainOption = False,
) -> None:
    """Change any answer, the details or the agencies. Example: isp edit FILE process.breach"""
    _plain_too(plain)
    from isp_cli.commands.edit import edit_session

    path = _session(file, "edit")
    _run(lambda: edit_session(file=path, target=item))


@app.command()
def example(
    folder: Annotated[
        Path,
        typer.Argument(
            help="The folder to copy it into.", show_default="the current folder", metavar="FOLDER"
        ),
    ] = Path(),
) -> None:
    """Copy a sample session here, to try isp on. Example: isp example"""
    from isp_cli.commands.example import write_example
    from isp_cli.invocation import isp_command

    path = _run(lambda: write_example(folder))
    typer.echo(
        f"Wrote {path}:\na sample session of an imaginary task force, part-way to approval.\n"
        f"Make its Word protocol with:\n  {isp_command('render', path)}"
    )


@app.command()
def checklist(
    file: Annotated[
        Path | None,
        typer.Argument(help="A checklist file of your own to check and show.", show_default=False),
    ] = None,
    json_output: JsonFlag = False,
    yaml_output: Annotated[
        bool, typer.Option("--yaml", help="Print the checklist file itself, to start your own.")
    ] = False,
) -> None:
    """Show the checklist the interview walks through. Example: isp checklist"""
    from isp_cli.commands.checklist import checklist_data, checklist_file_text, checklist_text

    if yaml_output:
        typer.echo(_run(lambda: checklist_file_text(file)), nl=False)
        return
    data = _run(lambda: checklist_data(file))
    if json_output:
        _print_json(data)
    else:
        typer.echo(checklist_text(data))


@app.command()
def status(file: SessionFile = None, json_output: JsonFlag = False) -> None:
    """Show how far a session has come. Example: isp status my-protocol.isp.yaml"""
    from isp_cli.storage.session_file import load_session

    file = _session(file, "status")
    session, loaded = _run(lambda: load_session(file))
    if json_output:
        from isp_cli.commands.status import status_report

        _print_json({"file": str(file)} | status_report(session, loaded))
        return
    from isp_cli.commands.status import print_status

    print_status(session, loaded, file)


@app.command()
def check(file: SessionFile = None) -> None:
    """Check a session, and look for personal information in answers. Example: isp check FILE"""
    from isp_cli.commands.check import check_report
    from isp_cli.errors import PersonalInformationFound

    path = _session(file, "check")
    lines, still_open = _run(lambda: check_report(file=path))
    typer.echo("\n".join(lines))
    if still_open:
        _fail(
            PersonalInformationFound(
                f"{still_open} place(s) in {path} seem to identify an individual. A protocol is "
                "shared among agencies and describes policy: remove such details with 'isp edit'."
            )
        )


@app.command()
def render(
    file: SessionFile = None,
    out: OutOption = None,
    fmt: DocFormatOption = "docx",
    reference_docx: ReferenceOption = None,
    template: TemplateOption = None,
    force: ForceOption = False,
) -> None:
    """Write the protocol as a Word document. Example: isp render my-protocol.isp.yaml"""
    from isp_cli.commands.render import render_protocol

    file = _session(file, "render")
    result = _run(
        lambda: render_protocol(
            file=file,
            out=out,
            fmt=fmt,
            reference_docx=reference_docx,
            template=template,
            force=force,
        )
    )
    for located in result.findings:
        typer.echo(located.warning_line(), err=True)
    typer.echo(f"Wrote {result.path}")


@app.command()
def agenda(
    file: SessionFile = None,
    out: OutOption = None,
    fmt: DocFormatOption = "docx",
    force: ForceOption = False,
) -> None:
    """Write the agenda for the next meeting: what is still open. Example: isp agenda FILE"""
    from isp_cli.commands.render import render_protocol

    file = _session(file, "agenda")
    result = _run(lambda: render_protocol(file=file, out=out, fmt=fmt, force=force, kind="agenda"))
    typer.echo(f"Wrote {result.path}")


@app.command("import")
def import_(
    file: SessionFile = None,
    document: EditedDocument = None,
    accept_all: AcceptAllFlag = False,
    dry_run: DryRunFlag = False,
    template: TemplateOption = None,
    plain: PlainOption = False,
) -> None:
    """Bring counsel's edits of the Word protocol back into the session.

    Example: isp import my-protocol.isp.yaml my-protocol-counsel.docx
    """
    _plain_too(plain)
    from isp_cli.commands.import_edits import import_edits
    from isp_cli.errors import UsageError

    path = _session(file, "import")
    if document is None:
        _fail(UsageError("Name the edited protocol too: isp import FILE.isp.yaml EDITED.docx"))
    result = _run(
        lambda: import_edits(
            file=path, document=document, accept_all=accept_all, dry_run=dry_run, template=template
        )
    )
    for located in result.findings:
        typer.echo(located.warning_line(), err=True)
    typer.echo(prompts.for_terminal(result.line, sys.stdout))


@app.command()
def approve(
    file: SessionFile = None,
    agency: Annotated[
        str | None, typer.Option("--agency", help="The agency's name (to ask nothing).")
    ] = None,
    status: Annotated[
        ApprovalStatus | None,
        typer.Option("--status", help="Where the approval stands.", show_default=False),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who approved (name and title).")] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", help="Date of the approval, YYYY-MM-DD (default: today)."),
    ] = None,
    final: Annotated[
        bool | None,
        typer.Option("--final/--not-final", help="Mark final once every agency has approved."),
    ] = None,
    plain: PlainOption = False,
) -> None:
    """Record an agency's approval of the protocol. Example: isp approve FILE"""
    _plain_too(plain)
    from isp_cli.commands.approve import approve_session

    path = _session(file, "approve")
    line = _run(
        lambda: approve_session(
            file=path,
            agency=agency,
            status=status,
            by=by,
            on=on,
            final=final,
        )
    )
    typer.echo(line)


@app.command()
def review(file: SessionFile = None, plain: PlainOption = False) -> None:
    """Review every answer, then record a new version. Example: isp review FILE"""
    _plain_too(plain)
    from isp_cli.commands.review import review_session

    path = _session(file, "review")
    typer.echo(_run(lambda: review_session(file=path)))


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier session file.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later session file.", show_default=False)],
    fmt: DiffFormatOption = "text",
    out: RedlineOutOption = None,
    force: ForceOption = False,
) -> None:
    """Show what changed between two drafts. Example: isp diff v0.2.isp.yaml v0.3.isp.yaml"""
    from isp_cli.commands.diff import diff_command

    on = prompts.colour_on(sys.stdout)  # md ignores it
    report = _run(lambda: diff_command(old=old, new=new, fmt=fmt, colour=on, out=out, force=force))
    typer.echo(report, nl=False)


def _home_commands() -> dict[str, Callable[..., None]]:
    """The commands the home menu (``isp`` alone) can run, by the name it returns."""
    return {
        "resume": resume,
        "edit": edit,
        "render": render,
        "agenda": agenda,
        "status": status,
        "review": review,
        "approve": approve,
        "import_": import_,
    }


def main() -> None:
    """Entry point of the ``isp`` command."""
    from isp_cli import system

    system.prepare_console()
    app(prog_name="isp")
