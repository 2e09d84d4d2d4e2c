"""Baseline: a minimal Typer command that only imports the libraries isp render needs."""

import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.command()
def render(file: str) -> None:
    """Import what a render needs, and nothing else."""
    import docx  # noqa: F401
    import jinja2.sandbox  # noqa: F401
    import markdown_it  # noqa: F401
    import yaml  # noqa: F401


app()
