"""Baseline: a minimal Typer command that only imports the libraries isp render needs.

Those are the libraries isp render imports (python -X importtime shows them): python-docx
(with lxml), Jinja2's sandbox, markdown-it, PyYAML, and pydantic, which holds the session
model. Until November 2026 pydantic was missing here, which counted its ~90 ms import as
isp's own work.
"""

import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.command()
def render(file: str) -> None:  # noqa: ARG001 (the argument isp render takes, unused here)
    """Import what a render needs, and nothing else."""
    import docx  # noqa: F401
    import jinja2.sandbox  # noqa: F401
    import markdown_it  # noqa: F401
    import pydantic  # noqa: F401
    import yaml  # noqa: F401


app()
