"""YAML read as plain text, with the line of every key and item.

Banks and answer files are read without YAML's type guessing: every scalar
stays the text that was typed (``no``, ``010``, ``1e3`` and ``0.10`` are not
turned into False, 8, a string and 0.1), so the format decides what a field
means.  Only an unquoted empty value, ``~`` or ``null`` reads as None.

Mappings become :class:`Map` (a dict that knows its line, the line of each key
and the keys it saw twice) and sequences :class:`Seq` (a list that knows the
line of each item).  Lines count from 1.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import yaml

NULLS = ("", "~", "null", "Null", "NULL")
MAX_NODES = 200_000  # an alias bomb expands to more than this


class YamlSyntaxError(Exception):
    """The text is not YAML; ``line`` is where the parser gave up."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


class Map(dict):
    """A YAML mapping with its ``line``, each key's line in ``lines``, and
    ``duplicates``: (key, line) of every key given a second time."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: Dict[str, int] = {}
        self.duplicates: List[Tuple[str, int]] = []

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class Seq(list):
    """A YAML sequence with its ``line`` and each item's line in ``lines``."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: List[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


def parse(text: str, nulls: Tuple[str, ...] = NULLS) -> Any:
    """The document in ``text`` as Map / Seq / str / None; an unquoted scalar
    in ``nulls`` reads as None.

    Raises :class:`YamlSyntaxError` for text that is not one YAML document."""
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        parts = [p for p in (exc.context, exc.problem) if p]
        raise YamlSyntaxError("; ".join(parts) or str(exc), line) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), 1) from None
    if node is None:
        return None
    return _Builder(nulls).build(node)


class _Builder:
    def __init__(self, nulls: Tuple[str, ...]):
        self.nulls = nulls
        self.count = 0
        self.active: set = set()

    def build(self, node: yaml.Node) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlSyntaxError("the document is too large (aliases expand too far)",
                                  node.start_mark.line + 1)
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if node.style is None and node.value in self.nulls:
                return None
            return node.value
        if id(node) in self.active:
            raise YamlSyntaxError("an alias refers to the node that contains it", line)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                seq = Seq(line)
                for item in node.value:
                    seq.append(self.build(item))
                    seq.lines.append(item.start_mark.line + 1)
                return seq
            mapping = Map(line)
            for key_node, value_node in node.value:
                key = self._key(key_node)
                key_line = key_node.start_mark.line + 1
                if key in mapping:
                    mapping.duplicates.append((key, key_line))
                    continue
                mapping[key] = self.build(value_node)
                mapping.lines[key] = key_line
            return mapping
        finally:
            self.active.discard(id(node))

    @staticmethod
    def _key(node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode):
            return node.value
        # A list or mapping used as a key: keep a readable stand-in so the
        # validator reports it as an unknown key on its line.
        return "<{}>".format("list" if isinstance(node, yaml.SequenceNode) else "mapping")


def scalar_line(container: Any, key: Any, default: int = 1) -> int:
    """The line of ``container[key]`` when the container knows it."""
    if isinstance(container, (Map, Seq)):
        return container.line_of(key)
    return default


def as_text(value: Any) -> Optional[str]:
    """``value`` when it is a scalar's text, else None."""
    return value if isinstance(value, str) else None
