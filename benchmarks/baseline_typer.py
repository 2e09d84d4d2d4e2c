"""Baseline: a minimal Typer app with one command and isp's help rendering (plain)."""

from typing import Annotated

import typer

app = typer.Typer(rich_markup_mode=None, add_completion=False)


def _version(value: bool) -> None:
    if value:
        typer.echo("baseline 1.0")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
) -> None:
    """A minimal app."""


@app.command()
def show() -> None:
    """Print a line."""
    typer.echo("a line")


app()
