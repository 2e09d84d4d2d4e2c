"""Reading and writing the YAML files isp owns, strictly.

``yaml.safe_load`` silently merges duplicate keys and expands aliases; a session
file is hand-edited and shared between agencies, so both are refused here, and every
value keeps the line it came from so that errors can name it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from isp_cli.printable import quoted
from isp_cli.storage.files import FileProblem, read_limited

try:  # libyaml is 10-20x faster; PyYAML wheels ship it, source builds may not.
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}

Key = str | int


class YamlProblem(Exception):
    """A file that is not acceptable YAML; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Document:
    """Parsed YAML data plus the node tree, for finding the line of a key path."""

    data: Any  # replaced by an upgraded copy (session_file.UPGRADES)
    root: yaml.Node | None

    def line_of(self, path: Sequence[Key]) -> int | None:
        """The 1-based line of the deepest node along ``path`` that exists."""
        node = self.root
        if node is None:
            return None
        line: int = node.start_mark.line + 1
        for key in path:
            child = _child(node, key)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node, key: Key) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return value_node  # type: ignore[no-any-return]
    elif (
        isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value)
    ):
        return node.value[key]  # type: ignore[no-any-return]
    return None


def read_text(path: Path, *, max_bytes: int) -> str:
    """Read a UTF-8 text file (a BOM is allowed), refusing what cannot be one.

    The file is read through a size limit and must be a regular file (not a pipe,
    device or folder). Raises YamlProblem with a plain-English reason.
    """
    try:
        raw = read_limited(path, max_bytes=max_bytes)
    except FileProblem as problem:
        raise YamlProblem(problem.message) from None
    if b"\x00" in raw:
        raise YamlProblem("it holds binary data, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem("it is not UTF-8 text", line) from None
    return text


def parse(text: str) -> Document:
    """Parse one YAML document, refusing aliases, duplicate keys and custom tags."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return Document(None, None)
        _check_nodes(root)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "it is not valid YAML"
        raise YamlProblem(
            f"it is not valid YAML: {what}", mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        reason = str(exc).strip().split("\n")[0] or "it cannot be parsed"
        raise YamlProblem(f"it is not valid YAML: {reason}") from None
    finally:
        loader.dispose()
    return Document(data, root)


def _check_nodes(root: yaml.Node) -> None:
    seen: set[int] = set()
    for node in _walk(root):
        line = node.start_mark.line + 1
        if id(node) in seen:
            # libyaml's composer hands back the anchored node again for an alias.
            raise YamlProblem("it uses a YAML alias (*name); write the value out in full", line)
        seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            raise YamlProblem(
                f"it uses the YAML tag {quoted(node.tag)}, which isp does not accept", line
            )
        if isinstance(node, yaml.ScalarNode) and node.tag in _CHECKED_SCALARS:
            _check_scalar(node, line)
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                    raise YamlProblem("it uses a YAML merge key (<<); write the keys out", line)
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in keys:
                        raise YamlProblem(
                            f"the key {key_node.value!r} appears twice; keep one of them",
                            key_node.start_mark.line + 1,
                        )
                    keys.add(key_node.value)


# Scalars that YAML can parse but Python cannot always build: 2026-02-30, hour 25,
# a +99:00 offset, year 0, a !!timestamp tag on text, !!int on "1e3", a 5,000-digit
# number. Each is built alone here, so that the error can name its line.
_CHECKED_SCALARS = {
    "tag:yaml.org,2002:" + name for name in ("int", "float", "bool", "null", "timestamp")
}
MAX_DIGITS = 100


def _check_scalar(node: yaml.ScalarNode, line: int) -> None:
    value = node.value
    if node.tag.endswith(":int") and len(value) > MAX_DIGITS:
        raise YamlProblem(
            f"the number {quoted(value, 20)} has {len(value):,} digits, far more than any "
            "value isp reads",
            line,
        )
    try:
        _SCALARS.construct_object(node, deep=True)
    except Exception:  # ValueError, OverflowError, KeyError, or no match for tagged text
        what = "a real date and time" if node.tag.endswith(":timestamp") else "a valid value"
        hint = (
            " (check the day, month, hour and time zone; dates are written YYYY-MM-DD)"
            if node.tag.endswith(":timestamp")
            else f" for the YAML tag {quoted(node.tag)}"
        )
        raise YamlProblem(f"{quoted(value)} is not {what}{hint}", line) from None
    finally:
        _SCALARS.constructed_objects.clear()


_SCALARS = yaml.SafeLoader("")


def _walk(node: yaml.Node) -> Iterator[yaml.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in reversed(current.value):
                stack.append(value_node)
                stack.append(key_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))


def _represent_str(dumper: Any, value: str) -> yaml.Node:
    # Multi-line text as a block scalar, so that a diff shows the lines that changed.
    # The emitter falls back to a quoted style where a block cannot hold the text.
    style = "|" if "\n" in value else None
    node: yaml.Node = dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)
    return node


class _BlockDumper(_Dumper):
    def ignore_aliases(self, _data: Any) -> bool:
        # The same object twice (a date, a list) must be written out twice: isp's
        # own loader refuses aliases, as every safe reader of a shared file should.
        return True


_BlockDumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    """YAML text for ``data``: keys in the given order, multi-line strings as blocks."""
    return yaml.dump(
        data,
        Dumper=_BlockDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
