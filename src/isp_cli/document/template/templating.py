"""Jinja2 templates that write the protocol as Markdown: sandboxed, strict, loud."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from isp_cli.document.template import budget
from isp_cli.document.template.answer_markdown import blocks, cell, definitions, inline
from isp_cli.errors import TemplateError
from isp_cli.storage.resources import data_path

MAX_TEMPLATE_BYTES = 1_000_000


def builtin_template(kind: str = "protocol") -> Path:
    """The template for ``kind`` (protocol, agenda) that ships with isp."""
    return data_path("templates") / f"{kind}.md.j2"


def render_markdown(template: Path, context: dict[str, Any]) -> str:
    """Render ``template`` with ``context``; errors name the template and line.

    Templates run in Jinja2's sandbox with StrictUndefined, may include only files
    from their own folder, and run within a budget of time, memory and output
    (budget).
    """
    import jinja2

    from isp_cli.document.template.budget import Deadline, OverBudget, generate_within, limits

    _read_template(template)
    deadline = Deadline(budget.MAX_SECONDS)
    env = _environment(jinja2, template.parent, deadline)
    try:
        with limits(deadline):
            return generate_within(env.get_template(template.name).generate(context))
    except jinja2.TemplateSyntaxError as exc:
        place = _place(exc, template, exc.lineno)
        raise TemplateError(f"{place}: the template has an error: {exc.message}.") from None
    except TemplateError:
        raise
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"{_place(exc, template)}: the template includes {exc.name!r}, which is not a file "
            "in the template's own folder."
        ) from None
    except jinja2.TemplateError as exc:
        place = _place(exc, template)
        raise TemplateError(
            f"{place}: the template could not be filled in: {_reason(exc)}."
        ) from None
    except OverBudget as exc:
        place = _place(exc, template)
        raise TemplateError(f"{place}: the template was stopped: {exc}.") from None
    except RecursionError as exc:
        raise TemplateError(
            f"{_place(exc, template)}: the template was stopped: it calls or includes itself "
            "without end."
        ) from None
    except MemoryError as exc:
        raise TemplateError(
            f"{_place(exc, template)}: the template was stopped: it needs more memory than "
            "any document does."
        ) from None
    except Exception as exc:  # 1/0, 'a' + 1, range(10**9): a mistake in the template
        place = _place(exc, template)
        raise TemplateError(
            f"{place}: the template could not be filled in: {type(exc).__name__}: {_reason(exc)}."
        ) from None


def _reason(exc: BaseException) -> str:
    return str(exc).strip().rstrip(".")


def _read_template(template: Path) -> None:
    """TemplateError unless ``template`` is a readable regular file of sane size."""
    from isp_cli.storage.files import MISSING, FileProblem, read_limited

    try:
        read_limited(template, max_bytes=MAX_TEMPLATE_BYTES).decode("utf-8")
    except FileProblem as problem:
        if problem.message == MISSING:
            raise TemplateError(f"{template}: there is no such template file.") from None
        raise TemplateError(
            f"{template}: this template cannot be read: {problem.message}."
        ) from None
    except UnicodeDecodeError:
        raise TemplateError(f"{template}: this template is not UTF-8 text.") from None


def _environment(jinja2: Any, folder: Path, deadline: Any) -> Any:
    from jinja2.loaders import split_template_path
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from isp_cli.document.template.budget import guarded_binop
    from isp_cli.storage.files import MISSING, FileProblem, read_limited

    class FolderLoader(jinja2.BaseLoader):  # type: ignore[misc]
        """Templates from one folder only, read through the same guards as every file."""

        def get_source(self, _environment: Any, name: str) -> tuple[str, str, Any]:
            path = folder.joinpath(*split_template_path(name))
            try:
                inside = path.resolve().is_relative_to(folder.resolve())
                data = read_limited(path, max_bytes=MAX_TEMPLATE_BYTES) if inside else None
            except FileProblem as problem:
                if problem.message == MISSING:
                    raise jinja2.TemplateNotFound(name) from None
                raise TemplateError(
                    f"{path}: this template cannot be read: {problem.message}."
                ) from None
            if data is None:
                raise TemplateError(
                    f"{path}: a template may include only files from its own folder."
                )
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise TemplateError(f"{path}: this template is not UTF-8 text.") from None
            mtime = _mtime(path)
            return text, str(path), lambda: _mtime(path) == mtime

    class BudgetedEnvironment(ImmutableSandboxedEnvironment):
        # Intercepted, so that they are also never folded at compile time.
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, _context: Any, operator: str, left: Any, right: Any) -> Any:
            deadline.check()
            return guarded_binop(operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            deadline.check()
            return super().call(__context, __obj, *args, **kwargs)

    env = BudgetedEnvironment(
        loader=FolderLoader(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters.update(md=inline, md_blocks=blocks, md_cell=cell, md_definitions=definitions)
    return env


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _place(exc: BaseException | None, template: Path, line: int | None = None) -> str:
    """``folder/t.md.j2, line 3``: the template (perhaps an included one) and line."""
    name, found = template, line
    tb = exc.__traceback__ if exc is not None else sys.exc_info()[2]
    if found is None:
        folder = template.parent.resolve()
        while tb is not None:
            filename = Path(tb.tb_frame.f_code.co_filename)
            if filename.suffix == ".j2" and filename.resolve().parent == folder:
                name, found = filename, tb.tb_lineno
            tb = tb.tb_next
    return f"{name}, line {found}" if found else str(name)
