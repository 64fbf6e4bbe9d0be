"""A draft's YAML: what PyYAML writes, with the draft's sentences written here.

:func:`dump` is PyYAML with the settings of seeds/ (lists of names and offsets
in flow style, blocks elsewhere, lines of about 100 characters). A draft of a
megabyte holds some 170,000 scalars in its sentences, and PyYAML spent a third
of an ingest on them: building a node for each, asking Python twice per scalar
which tag it resolves to, and libyaml's emitter converting each node back. For
the shapes a sentence's entry holds (mappings of plain keys; strings of
printable characters on one line; numbers, booleans, dates, None; lists of
those in flow style and lists of mappings), :func:`sentences` writes the same
text itself, following libyaml's emitter (emitter.c: the scalar analysis, the
choice of plain or single-quoted style, and where it breaks lines) for those
shapes. An entry holding anything else (a tab, a line break, an empty string,
a float) is written by PyYAML. tests/test_draft_yaml.py holds the two to the
same bytes, on generated entries and on the drafts of tests/data.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

_STR, _INT, _BOOL = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "bool"))
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
WIDTH = 100  # libyaml breaks a line at the first space past this column
INDENT = 2


# The C emitter where PyYAML has libyaml: the same text, five times as fast.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The nodes PyYAML's safe representer and resolver would make, made directly.

    Half the time of a dump went to finding, entry by entry, the representer of a
    type and the tag of a string, which the emitter asks twice of every scalar.
    """

    def ignore_aliases(self, data: object) -> bool:
        return True  # the entries share no objects; no anchor is worth looking for

    def represent_data(self, data: object) -> yaml.Node:
        kind = type(data)
        if kind is str:
            return yaml.ScalarNode(_STR, data)
        if kind is dict:
            items = data.items()  # type: ignore[attr-defined]
            pairs = [(self.represent_data(k), self.represent_data(v)) for k, v in items]
            return yaml.MappingNode(_MAP, pairs, flow_style=False)
        if kind is list:
            flow = all(isinstance(item, str | int) for item in data)  # type: ignore[attr-defined]
            nodes = [self.represent_data(item) for item in data]  # type: ignore[attr-defined]
            return yaml.SequenceNode(_SEQ, nodes, flow_style=flow)
        if kind is int:
            return yaml.ScalarNode(_INT, str(data))
        if kind is bool:
            return yaml.ScalarNode(_BOOL, "true" if data else "false")
        node: yaml.Node = super().represent_data(data)  # dates, None, floats
        return node

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        """The resolver's answer, its implicit resolvers grouped by first character once."""
        if kind is not yaml.ScalarNode:
            tag: str = super().resolve(kind, value, implicit)
            return tag
        if implicit[0]:
            return _plain_tag(value)
        return str(self.DEFAULT_SCALAR_TAG)


# The safe resolver's implicit resolvers: those for a string's first character, then
# those for any (BaseResolver.resolve's order). It has no path resolvers.
assert not _Dumper.yaml_path_resolvers
_ANYWHERE = _Dumper.yaml_implicit_resolvers.get(None, [])
_IMPLICIT = {
    first: resolvers + _ANYWHERE
    for first, resolvers in _Dumper.yaml_implicit_resolvers.items()
    if first is not None
}


def _plain_tag(value: str) -> str:
    """The tag a plain scalar of this text is read as: "yes" a bool, "12" an int."""
    for tag, pattern in _IMPLICIT.get(value[:1], _ANYWHERE):
        if pattern.match(value):
            return str(tag)
    return _STR


def dump(data: object) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=WIDTH,
        default_flow_style=False,
    )


def sentences(entries: list[dict[str, Any]]) -> str:
    """What ``dump(entries)`` gives for a list of sentence entries."""
    written = []
    for entry in entries:
        try:
            written.append(_Entry(entry).text)
        except _Unhandled:
            written.append(dump([entry]))
    return "".join(written)


class _Unhandled(Exception):
    """A value this writer leaves to PyYAML."""


# libyaml's printable characters (IS_PRINTABLE) but for its line breaks (U+2028,
# U+2029; NEL is not printable): a scalar of others, or of none, is left to PyYAML.
_ONE_LINE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+")
# analyze_scalar's indicators: what rules out the plain style in a block...
_BLOCK_INDICATOR = re.compile(r"---|\.\.\.|[#,\[\]{}&*!|>'\"%@`]|[?:-](?: |\Z)|.*?(?:: |:\Z| #)")
# ... and in a flow sequence.
_FLOW_INDICATOR = re.compile(r"---|\.\.\.|[#&*!|>'\"%@`]|- |-\Z|.*?[,?\[\]{}:]|.*? #")
_KEY = re.compile(r"[a-z_]+")
_KEYS_SEEN: set[str] = set()  # keys that matched _KEY


class _Entry:
    """One item of a block sequence at column 0, written as libyaml's emitter writes it.

    ``column`` is the emitter's column; ``whitespace`` whether what was last written
    ends in white space (an indicator such as ":" does not, "[" does).
    """

    def __init__(self, entry: dict[str, Any]):
        self.parts: list[str] = []
        self.column = 0
        self.whitespace = True
        self._sequence_item(entry, 0)
        self.text = "".join(self.parts) + "\n"

    def _put(self, text: str) -> None:
        self.parts.append(text)
        self.column += len(text)

    def _indent(self, indent: int) -> None:
        """write_indent, where what was written last is never an indentation."""
        self.parts.append(("\n" if self.parts else "") + " " * indent)
        self.column = indent
        self.whitespace = True

    def _sequence_item(self, value: Any, indent: int) -> None:
        if type(value) is not dict or not value:
            raise _Unhandled
        self._indent(indent)
        self._put("-")  # the mapping's first key follows on this line
        self._mapping(value, indent + INDENT, first_on_line=True)

    def _mapping(self, value: dict[str, Any], indent: int, first_on_line: bool = False) -> None:
        for key, item in value.items():
            if key not in _KEYS_SEEN:
                if type(key) is not str or not _KEY.fullmatch(key):
                    raise _Unhandled
                _KEYS_SEEN.add(key)
            if first_on_line:
                self._put(" " + key + ":")
                first_on_line = False
            else:
                self._indent(indent)
                self._put(key + ":")
            self.whitespace = False
            self._value(item, indent)

    def _value(self, value: Any, indent: int) -> None:
        kind = type(value)
        if kind is dict:
            if not value:
                raise _Unhandled  # PyYAML writes {}
            self._mapping(value, indent + INDENT)
        elif kind is list:
            if all(isinstance(item, str | int) for item in value):
                self._flow_sequence(value, indent + INDENT)
            else:
                for item in value:  # a sequence in a mapping is not indented
                    self._sequence_item(item, indent)
        else:
            self._scalar(value, indent + INDENT, flow=False)

    def _flow_sequence(self, items: list[str | int], indent: int) -> None:
        self._put(" [" if not self.whitespace else "[")
        self.whitespace = True
        for number, item in enumerate(items):
            if number:
                self._put(",")
                self.whitespace = False
            if self.column > WIDTH:
                self._indent(indent)
            self._scalar(item, indent + INDENT, flow=True)
        self._put("]")
        self.whitespace = False

    def _scalar(self, value: Any, indent: int, flow: bool) -> None:
        kind = type(value)
        if kind is str:
            self._string(value, indent, flow)
            return
        if kind is bool:
            text = "true" if value else "false"
        elif kind is int:
            text = str(value)
        elif value is None:
            text = "null"
        elif kind is dt.date:
            text = value.isoformat()
        else:
            raise _Unhandled  # floats, datetimes
        self._put(text if self.whitespace else " " + text)

    def _string(self, value: str, indent: int, flow: bool) -> None:
        if not _ONE_LINE.fullmatch(value):
            raise _Unhandled  # empty, or holding a break or a character to escape
        indicator = _FLOW_INDICATOR if flow else _BLOCK_INDICATOR
        plain = (
            value[0] != " "
            and value[-1] != " "
            and not indicator.match(value)
            and _plain_tag(value) == _STR
        )
        space = "" if self.whitespace else " "
        if plain:
            self._put(space)
            self._folded(value, indent, quoted=False)
        else:
            self._put(space + "'")
            self._folded(value, indent, quoted=True)
            self._put("'")
        self.whitespace = False

    def _folded(self, value: str, indent: int, quoted: bool) -> None:
        """Write ``value``, breaking the line at a single space past WIDTH.

        Quoted, each ' is written twice, and neither the first nor the last
        character gives way to a break.
        """
        text = value.replace("'", "''") if quoted else value
        start, end = 0, len(text)
        # The first space past WIDTH, then the next after it if it is one of several.
        at = text.find(" ", max(0, WIDTH + 1 - self.column))
        while at >= 0:
            if (
                text[at - 1 : at] != " "
                and text[at + 1 : at + 2] != " "
                and not (quoted and (at == 0 or at == end - 1))
            ):
                self._put(text[start:at])
                self._indent(indent)
                start = at + 1
                at = text.find(" ", start + WIDTH + 1 - self.column)
            else:
                at = text.find(" ", at + 1)
        self._put(text[start:])
