"""Baseline: a minimal Typer command that shows one questionary text prompt.

Running a Typer command (not only importing Typer) is part of the floor: isp is a
Typer app, and Typer builds its parameter converters when a command runs.
"""

import questionary
import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.command()
def new(file: str = "") -> None:  # noqa: ARG001 (the option isp new takes, unused here)
    """Ask one question."""
    questionary.text("Name of the task force:").unsafe_ask()


app()
