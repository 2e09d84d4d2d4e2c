"""Templates that would run for ever or fill the memory (issue 12): each ends in one line
naming the template and line, within bounded time and memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers.platforms import needs_memory_cap, needs_resource, needs_signals
from helpers.sessions import minimal_data, write_session
from isp_cli.commands.render import render_protocol
from isp_cli.document.template import budget as template_budget
from isp_cli.errors import TemplateError

TEMPLATES = {
    "macro calling itself": (
        "{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n",
        "line 1: the template was stopped: it calls or includes itself",
    ),
    "template including itself": (
        "Title\n{% include 'mine.md.j2' %}\n",
        "line 2: the template was stopped: it calls or includes itself",
    ),
    "range(10**9)": (
        "a\n{% for i in range(10**9) %}{% endfor %}\n",
        "line 2: the template could not be filled in: OverflowError: Range too big",
    ),
    "1/0": ("a\n\n{{ 1/0 }}\n", "line 3: the template could not be filled in: ZeroDivisionError"),
    "'x' * 10**9": ("{{ 'x' * 10**9 }}\n", "line 1: the template was stopped: it multiplies"),
    "a huge power": ("{{ 7 ** 100000000 }}\n", "line 1: the template was stopped: it raises"),
    "nested loops that never end": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n",
        "line 1: the template was stopped: it ran for more than 1 seconds",
    ),
    "loops over text that never end": (
        "\n{% for c in 'x' * 100000 %}{% for d in 'y' * 100000 %}{% endfor %}{% endfor %}\n",
        "line 2: the template was stopped: it ran for more than 1 seconds",
    ),
    "a gigabyte of centred text": (
        "{{ 'x'|center(10**9) }}\n",
        "line 1: the template was stopped: it needs more memory",
    ),
    "endless output": (
        "{% for a in range(100000) %}{% for b in range(100000) %}xxxxxxxx{% endfor %}{% endfor %}",
        "the template was stopped: it writes more than 1,000,000 characters",
    ),
    "an include from outside the folder": (
        "{% include '../s.isp.yaml' %}\n",
        "line 1: the template includes '../s.isp.yaml', which is not a file in the template's",
    ),
    "text plus a number": ("\n{{ 'a' + 1 }}\n", "line 2: the template could not be filled in:"),
}


# Where isp sets no memory cap (macOS, Windows) the output cap stops this one first.
CASES = [
    pytest.param(case, marks=needs_memory_cap) if case == "a gigabyte of centred text" else case
    for case in TEMPLATES
]


@pytest.mark.parametrize("case", CASES)
def test_runaway_template_ends_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.setattr(template_budget, "MAX_SECONDS", 1.0)  # 10 s in real use
    monkeypatch.setattr(template_budget, "MAX_OUTPUT_CHARS", 1_000_000)
    text, expected = TEMPLATES[case]
    folder = tmp_path / "templates"
    folder.mkdir()
    template = folder / "mine.md.j2"
    template.write_text(text, encoding="utf-8")
    session = write_session(tmp_path, minimal_data())
    with pytest.raises(TemplateError) as caught:
        render_protocol(file=session, template=template, fmt="md")
    message = str(caught.value)
    assert message.startswith(f"{template}") and expected in message, message
    assert "\n" not in message
    assert not (tmp_path / "s.md").exists()


@needs_resource
def test_the_memory_cap_is_lifted_after_the_run(tmp_path: Path) -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    session = write_session(tmp_path, minimal_data())
    template = tmp_path / "big.md.j2"
    template.write_text("{{ 'x'|center(10**9) }}\n", encoding="utf-8")
    with pytest.raises(TemplateError):
        render_protocol(file=session, template=template, fmt="md")
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len(bytearray(600 << 20)) == 600 << 20  # as much memory as before the render


@needs_signals
def test_the_alarm_is_put_back(tmp_path: Path) -> None:
    import signal

    def mine(signum: int, frame: Any) -> None:
        pass

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        session = write_session(tmp_path, minimal_data())
        assert render_protocol(file=session, fmt="md").path.exists()
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)
