"""The console script, and its fast lane: the command lines typed most, run without Click.

Analysts run `tracker list`, `show`, `scores` and `follow-up list` dozens
of times an hour, and shell completion runs at every tab press; importing
Click costs about as much again as starting Python (README, "Speed and
scale"). So the console script first tries the command line here: the
read commands in their plain forms (COMMANDS) run through
tracker.read_commands, the functions the Click commands run, and bash and
zsh complete their ids and names through tracker.completion, as Click
would.

Everything else goes to Click (tracker.cli), untouched: --help, every
option or form not listed here, and every mistake (an unknown option, a
value outside its choices, an argument too many), so that Click alone
parses what could go wrong and says what is wrong. tests/test_lane.py
holds each option here to Click's definition of it, and the two paths to
the same output.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Mapping
from typing import Any, NamedTuple

from tracker import console, text, vocab

# Bounds that keep numbers within what the database and dates can hold
# (tracker.cli's options use them too).
MAX_ROWS = 2**62
MAX_DAYS = 100_000
# The environment variables Click reads for options.
OPTION_VARIABLES = ("TRACKER_DB", "TRACKER_ASSESSOR", "TRACKER_WAIT")
WAIT = 30  # seconds: tracker.cli's --wait, its default and its bound
MAX_WAIT = 86_400

FLAG = True  # an option that takes no value
DAY = "%Y-%m-%d"  # an option that takes a day, read as Click's DateTime reads it


class Option(NamedTuple):
    """An option as the lane takes it: the name of Click's parameter, and its value."""

    name: str
    # None: any text that does not start with "-"; FLAG; DAY; a tuple: one
    # of these exactly as spelt (Click also takes other cases, and says what
    # is wrong); a range: a whole number in it, in plain digits.
    takes: Any = None
    completes: str | None = None  # the kind of name it completes (tracker.completion)


class Command(NamedTuple):
    run: str  # the function of tracker.read_commands
    options: dict[str, Option]
    argument: Option | None = None  # its one argument, if it takes one
    required: bool = True  # whether its argument must be given


FORMATS = ("table", "json", "csv")  # --format's, tracker.cli's too (show has its own)
OUTPUT_FLAGS = {"--wide": Option("wide", FLAG), "--plain-csv": Option("plain_csv", FLAG)}
STATEMENT = {"--statement": Option("statement", completes="statement")}
GLOBAL = {"--db": Option("database")}
COMMANDS = {
    "list": Command(
        "list_commitments",
        {
            **STATEMENT,
            "--status": Option("status", tuple(vocab.STATUSES)),
            "--actor": Option("actor", completes="actor"),
            "--role": Option("role", tuple(vocab.ACTOR_ROLES)),
            "--region": Option("region", completes="region"),
            "--theme": Option("theme", tuple(vocab.THEMES)),
            "--type": Option("type_", tuple(vocab.COMMITMENT_TYPES)),
            "--search": Option("search"),
            "--overdue": Option("overdue", FLAG),
            "--stale": Option("stale", range(MAX_DAYS + 1)),
            "--limit": Option("limit", range(1, MAX_ROWS + 1)),
            "--assessed": Option("assessed"),
            "--format": Option("fmt", FORMATS),
            **OUTPUT_FLAGS,
        },
    ),
    "show": Command(
        "show",
        {"--format": Option("fmt", ("text", "json"))},
        Option("commitment_id", completes="commitment"),
    ),
    "scores": Command("scores", {**STATEMENT, "--format": Option("fmt", FORMATS), **OUTPUT_FLAGS}),
    "follow-up list": Command(
        "follow_ups",
        {
            "--since": Option("since", DAY),
            "--actor": Option("actor", completes="actor"),
            "--assessor": Option("assessor"),
            "--status": Option("status", tuple(vocab.STATUSES)),
            "--limit": Option("limit", range(1, MAX_ROWS + 1)),
            "--format": Option("fmt", FORMATS),
            **OUTPUT_FLAGS,
        },
        Option("commitment_id", completes="commitment"),
        required=False,
    ),
}


class Parsed(NamedTuple):
    database: str | None
    wait: float
    command: Command
    values: dict[str, Any]  # by parameter name, the argument's too
    awaiting: Option | None  # the option the words end with, which awaits its value


def main() -> None:
    """The console script: the command line in the fast lane if it takes it, else in Click."""
    console.mend_closed_streams()
    console.leave(dispatch(sys.argv[1:], os.environ))


def dispatch(args: list[str], env: Mapping[str, str]) -> int:
    """Run ``args``; the exit code."""
    code = run(args, env)
    if code is None:
        from tracker import cli

        code = cli.run(args)
    return code


def run(args: list[str], env: Mapping[str, str]) -> int | None:
    """Run ``args`` (or a shell's completion) in the fast lane; the exit code, or None
    when Click is to run them."""
    if "_TRACKER_COMPLETE" in env:
        return _complete(env)
    parsed = parse(args, env)
    if parsed is None:
        return None
    from tracker import read_commands
    from tracker.settings import Settings

    # As in tracker.cli.TrackerGroup: the database is closed first, then
    # the error said.
    try:
        with contextlib.ExitStack() as closing:
            settings = Settings(parsed.database, parsed.wait, closing.callback)
            getattr(read_commands, parsed.command.run)(settings, **parsed.values)
    except console.FAILURES as exc:
        if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
            console.drop_output()  # the reader left, as it may (tracker.cli.reader_may_leave)
            return 0
        console.err(f"Error: {console.failure(exc)}")
        return 1
    except (EOFError, KeyboardInterrupt):  # as Click says it
        console.err("\nAborted!")
        return 1
    return 0


def parse(args: list[str], env: Mapping[str, str], *, partial: bool = False) -> Parsed | None:
    """``args`` as the lane takes them, or None for Click to take.

    ``partial``: the words before the one being completed, which may end
    with an option that awaits its value.
    """
    if not all(text.is_unicode(arg) for arg in args) or not all(
        text.is_unicode(env.get(name, "")) for name in OPTION_VARIABLES
    ):
        return None
    wait = _wait(env.get("TRACKER_WAIT") or str(WAIT))
    # The first words that name a command: a group's options come before them.
    found = next(
        ((at, name) for at in range(len(args)) for name in COMMANDS
         if args[at : at + len(name.split())] == name.split()),
        None,
    )  # fmt: skip
    if wait is None or found is None:
        return None
    at, name = found
    command = COMMANDS[name]
    group = _take(args[:at], GLOBAL, None, partial=False)
    own = _take(args[at + len(name.split()) :], command.options, command.argument, partial=partial)
    if group is None or own is None:
        return None
    argument = command.argument
    if argument and command.required and argument.name not in own[0] and not partial:
        return None  # Click says it is missing
    database = group[0].get("database", env.get("TRACKER_DB") or None)
    return Parsed(database, wait, command, *own)


def _take(
    words: list[str], options: dict[str, Option], argument: Option | None, *, partial: bool
) -> tuple[dict[str, Any], Option | None] | None:
    """The values ``words`` give ``options`` and ``argument``, and the option they end
    with awaiting its value (``partial``); None if the lane does not take them."""
    values: dict[str, Any] = {}
    rest = iter(words)
    for word in rest:
        if not word.startswith("-"):
            if argument is None or argument.name in values:
                return None
            option, value = argument, word
        else:
            name, equals, value = word.partition("=")
            found = options.get(name)
            if found is None or found.name in values:
                return None
            option = found
            if option.takes is FLAG:
                if equals:
                    return None
                values[option.name] = True
                continue
            if not equals:
                following = next(rest, None)
                if following is None:
                    return (values, option) if partial else None
                value = following
        taken = _value(option, value)
        if taken is None:
            return None
        values[option.name] = taken
    return values, None


def _value(option: Option, value: str) -> Any:
    """``value`` as ``option`` takes it, or None."""
    takes = option.takes
    if takes is DAY:
        import datetime as dt

        try:
            return dt.datetime.strptime(value, DAY)
        except ValueError:
            return None
    if isinstance(takes, tuple):
        return value if value in takes else None
    if isinstance(takes, range):
        # Digits alone, and few enough that int() reads them at once.
        plain = value.isascii() and value.isdigit() and len(value) <= len(str(takes[-1]))
        return int(value) if plain and int(value) in takes else None
    return None if value.startswith("-") else value


def _wait(value: str) -> float | None:
    """$TRACKER_WAIT as tracker.cli's --wait takes it, or None."""
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if 0 <= seconds <= MAX_WAIT else None


# How Click's completion shows each value to the shell (click.shell_completion:
# bash's and zsh's; fish reads its words otherwise, and goes to Click).
SHOWN = {"bash_complete": "plain,{}", "zsh_complete": "plain\n{}\n_"}


def _complete(env: Mapping[str, str]) -> int | None:
    """bash's or zsh's completion of an option's value or an argument, as Click's."""
    shown = SHOWN.get(env["_TRACKER_COMPLETE"])
    if shown is None:
        return None
    words, cword = env.get("COMP_WORDS", ""), env.get("COMP_CWORD", "")
    # Click splits the words as a POSIX shell would (shlex): the lane takes
    # only words that split the same at whitespace.
    unsplit = any(c in "\"'\\" or (c.isspace() and c not in " \t\r\n") for c in words)
    if unsplit or not (cword.isascii() and cword.isdigit()):
        return None
    split = words.split()
    at = int(cword)
    incomplete = split[at] if at < len(split) else ""
    parsed = parse(split[1:at], env, partial=True)
    if parsed is None or incomplete.startswith("-") or incomplete == "=":
        return None  # Click offers options, or may not complete at all
    argument = parsed.command.argument
    if parsed.awaiting is not None:
        kind = parsed.awaiting.completes
    elif argument is not None and argument.name not in parsed.values:
        kind = argument.completes
    else:
        return None
    if kind is None:
        return None
    from tracker import completion

    offered = completion.offered(parsed.database, kind, incomplete)
    console.out("\n".join(map(shown.format, offered)) + "\n")
    return 0
