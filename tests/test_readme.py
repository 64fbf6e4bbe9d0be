"""README's command table names every command and every option it takes."""

import re

import click
import pytest
from helpers import REPO

from tracker.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")
# Options every command that has them shares, described once below the table.
SHARED = ("--format", "--plain-csv", "--wide", "--output", "--help", "--wait", "--db", "--version")


def leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def command_rows() -> list[tuple[set[str], str]]:
    """Each row of the command table: the words of its first cell, and the whole row."""
    section = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `tracker")]
    return [(set(re.findall(r"[\w-]+", row.split(" | ")[0])), row) for row in rows]


def row_for(path: tuple[str, ...]) -> str | None:
    """The row naming the command: its words all in the first cell, fewest others."""
    rows = [(len(words), row) for words, row in command_rows() if set(path) <= words]
    return min(rows)[1] if rows else None


COMMANDS = list(leaf_commands(cli))


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_readme_names_every_command_and_its_options(path, command):
    row = row_for(path)
    assert row is not None, f"README's command table has no row for `tracker {' '.join(path)}`"
    options = [
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in param.opts
        if name.startswith("--")
    ]
    missing = [o for o in options if o not in SHARED and not re.search(rf"`{o}\b", row)]
    assert missing == [], f"`tracker {' '.join(path)}`'s row in README does not name {missing}"


@pytest.mark.parametrize("option", SHARED)
def test_readme_explains_the_shared_options(option):
    section = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    assert f"`{option}" in section or f"`tracker {option}" in section


def test_the_search_language_is_documented_with_examples():
    for example in ('"foreign terrorist fighters"', "passports OR sanctuary", "interp*",
                    "interpol NOT passports"):  # fmt: skip
        assert f"`{example}`" in README
