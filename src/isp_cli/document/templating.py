"""Jinja2 templates that write the protocol as Markdown: sandboxed, strict, loud."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from isp_cli.document.answer_markdown import blocks, cell, inline
from isp_cli.errors import TemplateError
from isp_cli.resources import data_path

MAX_TEMPLATE_BYTES = 1_000_000


def builtin_template(kind: str = "protocol") -> Path:
    """The template for ``kind`` (protocol, agenda) that ships with isp."""
    return data_path("templates") / f"{kind}.md.j2"


def render_markdown(template: Path, context: dict[str, Any]) -> str:
    """Render ``template`` with ``context``; errors name the template and line.

    Templates run in Jinja2's sandbox with StrictUndefined, and may include only
    files from their own folder.
    """
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    try:
        if template.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"{template}: the template is too large (over 1 MB).")
        template.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateError(f"{template}: there is no such template file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{template}: the template cannot be read ({exc}).") from None
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(template.parent)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(jinja2),
    )
    env.filters.update(md=inline, md_blocks=blocks, md_cell=cell)
    try:
        return env.get_template(template.name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"{template}, line {exc.lineno}: the template has an error: {exc.message}."
        ) from None
    except jinja2.TemplateError as exc:
        line = _template_line(exc, template)
        place = f"{template}, line {line}" if line else str(template)
        raise TemplateError(f"{place}: the template could not be filled in: {exc}.") from None


def _bytecode_cache(jinja2: Any) -> Any:
    """A cache of compiled templates in the user's cache folder, or None.

    Compiling the protocol template is a fifth of a render's time. The cache is keyed
    by the template's text, holds no answers, and is used only by this sandboxed
    environment (its folder is named for it).
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "isp" / f"templates-sandboxed-jinja{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _template_line(exc: BaseException, template: Path) -> int | None:
    """The line of ``template`` where rendering failed, from the traceback."""
    line = None
    tb = exc.__traceback__ or sys.exc_info()[2]
    while tb is not None:
        code = tb.tb_frame.f_code
        if Path(code.co_filename).name == template.name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
