"""What tracker accepts from the user's files: sizes, nesting, Unicode and YAML.

Every reader goes through these limits before it builds anything, so that a
hostile file gets a one-line error rather than exhausting memory, the stack
or the patience of whoever waits: a file is size-checked before it is read
(``/dev/zero`` included), nesting is bounded, text that is not valid Unicode
(a lone surrogate, which JSON and YAML escapes can spell) is refused where
it is read, and YAML's aliases are counted as what they would expand to
before a single one is expanded.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import reprlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from tracker.errors import TrackerError
from tracker.text import is_unicode

MAX_DEPTH = 64  # an annotation nests 6 deep, an import row 2
# What an alias-expanded YAML document may hold: ten times the nodes of the
# largest annotation a statement within MAX_STATEMENT_BYTES makes.
MAX_YAML_NODES = 5_000_000
MAX_STATEMENT_BYTES = 2_000_000
MAX_ANNOTATION_BYTES = 50_000_000

_shown = reprlib.Repr()
_shown.maxstring = _shown.maxother = 60
_shown.maxlevel = 2


def shown(value: Any) -> str:
    """A value for a message: its repr, cut short whatever its size or depth."""
    return _shown.repr(value)


def label(value: Any) -> str:
    """A value that names an entry in a message: as it is if short text, else shown."""
    if isinstance(value, str) and len(value) <= 60 and value.isprintable():
        return value
    return shown(value)


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, refused unread if over ``limit`` (or read only that far)."""
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > limit:
                raise TrackerError(
                    f"{path.name} is {_megabytes(size)}; the limit is {_megabytes(limit)}"
                )
            # A device or pipe has no size to check: read one byte past the limit.
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise TrackerError(f"cannot read {path}: {exc.strerror}") from exc
    if len(raw) > limit:
        raise TrackerError(f"{path.name} is larger than the limit of {_megabytes(limit)}")
    return raw


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def tree_problem(value: Any) -> str | None:
    """What is wrong with a parsed JSON value as input: too deep, or not Unicode."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"nested more than {MAX_DEPTH} deep"
        if isinstance(item, str):
            if not is_unicode(item):
                return f"{shown(item)} is not valid Unicode (a lone surrogate)"
        elif isinstance(item, dict):
            stack.extend((part, depth + 1) for pair in item.items() for part in pair)
        elif isinstance(item, list):
            stack.extend((part, depth + 1) for part in item)
    return None


# The C loader where PyYAML was built with libyaml: an annotation of a
# thousand sentences loads in a tenth of the time.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe YAML whose impossible dates and giant integers stay text.

    PyYAML raises ValueError for ``2017-02-30``, ``0000-01-01`` or an
    integer of 5,000 digits; as text, the annotation checker refuses them by
    field, like any other value of the wrong type.
    """


def _or_text(construct: Any) -> Any:
    def constructor(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError):
            return loader.construct_scalar(node)

    return constructor


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", _or_text(yaml.SafeLoader.construct_yaml_timestamp)
)
_Loader.add_constructor("tag:yaml.org,2002:int", _or_text(yaml.SafeLoader.construct_yaml_int))


def load_yaml(raw: bytes) -> Any:
    """The YAML document in ``raw``, after its shape is found safe to build.

    Raises yaml.YAMLError for a malformed document and TrackerError for one
    nested too deep, expanding to too much, or holding text that is not Unicode.
    """
    _check_events(yaml.parse(raw, Loader=_Loader))
    # Building a large document would wake the garbage collector again and
    # again over a heap that grows with it, for nothing: the document holds
    # no cycles to collect. Without it, loading takes time in proportion.
    with garbage_collection_paused():
        return yaml.load(raw, Loader=_Loader)  # noqa: S506 (a safe loader)


@contextmanager
def garbage_collection_paused() -> Iterator[None]:
    """No garbage collection inside: for building many objects that hold no cycles."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _check_events(events: Iterator[yaml.Event]) -> None:
    nodes = 0  # counting every alias as the nodes it stands for
    sizes: dict[str, int] = {}
    open_: list[tuple[str | None, int]] = []
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            open_.append((event.anchor, nodes))
            if len(open_) > MAX_DEPTH:
                raise TrackerError(f"nested more than {MAX_DEPTH} deep")
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, start = open_.pop()
            nodes += 1
            if anchor is not None:
                sizes[anchor] = nodes - start
        elif isinstance(event, yaml.AliasEvent):
            nodes += sizes.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent):
            if not is_unicode(event.value):
                raise TrackerError(f"{shown(event.value)} is not valid Unicode (a lone surrogate)")
            nodes += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        if nodes > MAX_YAML_NODES:
            raise TrackerError(
                f"its aliases expand to more than {MAX_YAML_NODES:,} values; write them out"
            )


def is_date(value: Any) -> bool:
    """A day, and not a date and time (which YAML and datetime count as dates)."""
    return type(value) is dt.date
