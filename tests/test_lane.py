"""The fast lane (tracker.lane) takes only what Click would take, and does what Click does.

Each option the lane takes is held to Click's definition of it (its
parameter, whether it is a flag, its choices, its bounds); each command
line it takes gives the same exit code, standard output and standard
error as Click does, on both engines, with every value the lane accepts
for every option; each tab press it answers gives what Click's completion
gives; and what it does not take it leaves to Click.
"""

from __future__ import annotations

import os
import shutil

import click
import pytest
from click.testing import CliRunner
from helpers import EVIDENCE, completing, execute, imported_by

from tracker import lane
from tracker.cli import cli


def every_parameter(command: click.Command) -> list[click.Parameter]:
    found = list(command.params)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            found += every_parameter(sub)
    return found


def click_command(name: str) -> click.Command:
    """Click's command of that name ("follow-up list": a group's)."""
    command: click.Command = cli
    for word in name.split():
        assert isinstance(command, click.Group)
        command = command.commands[word]
    return command


def clicks(command: click.Command, opt: str) -> click.Parameter:
    [param] = [p for p in command.params if opt in p.opts]
    return param


def held_to_click(option: lane.Option, param: click.Parameter) -> None:
    assert param.name == option.name
    assert (param.nargs, param.multiple, param.callback) == (1, False, None)
    assert (param._custom_shell_complete is not None) == (option.completes is not None)
    if option.takes is lane.FLAG:
        info = param.to_info_dict()
        assert (info["is_flag"], info["flag_value"], info["default"]) == (True, True, False)
        assert not (info["secondary_opts"] or info["count"])
    elif option.takes is lane.DAY:
        assert isinstance(param.type, click.DateTime) and list(param.type.formats) == [lane.DAY]
    elif isinstance(option.takes, tuple):
        assert isinstance(param.type, click.Choice)
        assert tuple(param.type.choices) == option.takes
    elif isinstance(option.takes, range):
        assert isinstance(param.type, click.IntRange)
        assert (param.type.min, param.type.max) == (option.takes[0], option.takes[-1])
        assert not (param.type.min_open or param.type.max_open or param.type.clamp)
    else:
        assert option.takes is None and param.type is click.STRING


@pytest.mark.parametrize("name", lane.COMMANDS)
def test_each_option_the_lane_takes_is_clicks(name):
    command = click_command(name)
    taken = lane.COMMANDS[name]
    for opt, option in taken.options.items():
        param = clicks(command, opt)
        held_to_click(option, param)
        assert param.envvar is None
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    assert [p.name for p in arguments] == ([taken.argument.name] if taken.argument else [])
    if taken.argument:
        held_to_click(taken.argument, arguments[0])
        assert arguments[0].required == taken.required


def test_the_groups_options_are_clicks():
    [(opt, database)] = lane.GLOBAL.items()
    held_to_click(database, clicks(cli, opt))
    assert clicks(cli, opt).envvar == "TRACKER_DB"
    wait = clicks(cli, "--wait")
    assert isinstance(wait.type, click.FloatRange)
    assert (wait.type.min, wait.type.max, wait.default, wait.envvar) == (
        0, lane.MAX_WAIT, lane.WAIT, "TRACKER_WAIT"
    )  # fmt: skip
    assert set(lane.OPTION_VARIABLES) == {p.envvar for p in every_parameter(cli) if p.envvar}


# Values for the options that take any text, and the argument: ones the
# database holds, spelt otherwise, and ones it does not, so that errors
# are compared too.
SAMPLES = {
    "statement": ["gc2017", "GC2017", "mc2035"],
    "actor": ["INTERPOL", "interp", "Ruritania"],
    "region": ["Iraq", "iq", "lake chad", "Atlantis"],
    "search": ["passport* OR border", '"border security" NOT (iraq OR syria)', '"unclosed',
               "fictional", "(", "ä"],
    "assessed": ["INTERPOL", "Ruritania"],
    "assessor": ["A. Analyst", "a. analyst", "Nobody"],
    "commitment_id": ["gc2017-4.1", "GC2017-13.2", "gc2017-99.1", "", "ä"],
}  # fmt: skip


def values_of(option: lane.Option) -> list[object]:
    """Every value the lane takes for ``option``, or a sample of them."""
    if option.takes is lane.FLAG:
        return [True]
    if isinstance(option.takes, tuple):
        return list(option.takes)
    if isinstance(option.takes, range):
        return [option.takes[0], option.takes[0] + 2, option.takes[-1]]
    if option.takes is lane.DAY:
        return ["2017-06-01", "2018-1-1", "1999-12-31"]
    return SAMPLES[option.name]


def command_lines(name: str) -> list[list[str]]:
    """`tracker NAME` alone, with each value of each option (the first also as
    --option=value), and with every option at once."""
    command = lane.COMMANDS[name]
    argument = [] if command.argument is None else values_of(command.argument)
    words = name.split()
    lines = [[*words, value] for value in argument]
    if not (command.argument and command.required):
        lines.insert(0, words)
    everything = []
    for opt, option in command.options.items():
        values = values_of(option)
        given = [[opt]] if option.takes is lane.FLAG else [[opt, str(v)] for v in values]
        if option.takes is not lane.FLAG:
            given.append([f"{opt}={values[0]}"])
        lines += [[*lines[0], *words] for words in given]
        everything += given[0]
    return [*lines, [*lines[0], *everything]]


def by_the_lane(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = lane.run(args, os.environ)
    captured = capsys.readouterr()
    assert code is not None, f"the lane did not take {args}"
    return code, captured.out, captured.err


def by_click(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, args, prog_name="tracker", env=env)
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    return done.exit_code, done.stdout, done.stderr


@pytest.mark.parametrize("name", lane.COMMANDS)
def test_what_the_lane_takes_it_runs_as_click_does(followed, name, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")  # a narrow terminal, which --wide ignores
    for args in command_lines(name):
        line = ["--db", followed, *args]
        assert by_the_lane(line, capsys) == by_click(line), args


def test_a_database_given_otherwise_or_not_there(seeded_sqlite, tmp_path, capsys, monkeypatch):
    lines = [
        [f"--db={seeded_sqlite}", "list", "--limit", "2"],
        ["--db", str(tmp_path / "missing.db"), "show", "gc2017-4.1"],
        ["--db", str(tmp_path), "scores"],
        ["--db", "sqlite:///" + str(tmp_path / "missing.db"), "list"],
    ]
    for args in lines:
        assert by_the_lane(args, capsys) == by_click(args), args
    monkeypatch.chdir(tmp_path)  # where no tracker.db is
    monkeypatch.setenv("TRACKER_DB", "")  # set but empty: as if unset
    assert by_the_lane(["list"], capsys) == by_click(["list"]) != (0, "", "")


def test_a_leftover_bulk_load_is_ended_by_the_lane_as_by_click(seeded_sqlite, tmp_path, capsys):
    """An import killed in bulk mode: the first command to open the database ends it."""
    other = str(tmp_path / "other.db")
    shutil.copy(seeded_sqlite, other)
    for database in (seeded_sqlite, other):
        execute(database, "INSERT INTO bulk_load (id, started_at) VALUES (1, '2018-01-01')")
    lanes = by_the_lane(["--db", seeded_sqlite, "list", "--format", "csv"], capsys)
    assert lanes == by_click(["--db", other, "list", "--format", "csv"])
    assert lanes[2].startswith("warning: a bulk import was interrupted")
    assert execute(seeded_sqlite, "SELECT count(*) FROM bulk_load") == [[(0,)]]


# What the lane leaves to Click: help, options it does not take, values
# outside what it takes (Click may take them otherwise, or say what is
# wrong), repeated options, arguments too many or too few, and text that
# is not UTF-8.
LEFT_TO_CLICK = [
    [], ["--help"], ["--version"], ["list", "--help"], ["show", "--help"], ["list", "-h"],
    ["statuses"], ["follow-up"], ["follow-up", "list", "--help"], ["follow-up", "add", "x"],
    ["follow-up", "list", "--since", "2017-13-01"], ["follow-up", "list", "--since", "2017-06-01 "],
    ["follow-up", "list", "a", "b"], ["follow-up", "--db", "x", "list"],
    ["list", "--status", "IN_PROGRESS"],
    ["list", "--format", "JSON"], ["list", "--status", "done"], ["list", "--limit", "0"],
    ["list", "--limit", "+3"], ["list", "--limit", "3.0"], ["list", "--limit", " 3"],
    ["list", "--limit", "9" * 5000], ["list", "--limit", str(lane.MAX_ROWS + 1)],
    ["list", "--stale", "-1"], ["list", "--stale", str(lane.MAX_DAYS + 1)],
    ["list", "--stale", "٣"], ["list", "--wide=yes"], ["list", "--status"],
    ["list", "--status", "stalled", "--status", "achieved"], ["list", "--wide", "--wide"],
    ["list", "extra"], ["show"], ["show", "gc2017-4.1", "gc2017-4.2"], ["show", "-x"],
    ["show", "-"], ["list", "--", "--wide"], ["list", "--columns", "id"],
    ["list", "--due-before", "2030-01-01"], ["list", "--as-of", "2018-01-01"],
    ["list", "--known-at", "2018-01-01"], ["list", "--excluded"], ["list", "--restated"],
    ["list", "--actor", "-x"], ["list", "--actor=-x"], ["list", "--db", "x"],
    ["--wait", "5", "list"], ["--db"], ["--db", "list"], ["show", "--format", "table", "x"],
    ["scores", "--status", "stalled"], ["list", "--search", "caf\udce9"],
    ["show", "gc\udcff"], ["--db=\udcff", "list"], ["list", "show"],
]  # fmt: skip


@pytest.mark.parametrize("args", LEFT_TO_CLICK, ids=repr)
def test_what_the_lane_does_not_take_goes_to_click(args, capsys):
    assert lane.run(args, {}) is None
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("variable", "value", "taken"),
    [
        ("TRACKER_WAIT", "5", True), ("TRACKER_WAIT", "0", True), ("TRACKER_WAIT", "", True),
        ("TRACKER_WAIT", "86400", True), ("TRACKER_WAIT", "abc", False),
        ("TRACKER_WAIT", "-1", False), ("TRACKER_WAIT", "86400.5", False),
        ("TRACKER_WAIT", "nan", False), ("TRACKER_ASSESSOR", "A. Analyst", True),
        ("TRACKER_ASSESSOR", "\udcff", False), ("TRACKER_DB", "\udcff", False),
    ],
)  # fmt: skip
def test_the_environment_click_would_refuse_goes_to_click(variable, value, taken):
    assert (lane.parse(["list"], {variable: value}) is not None) == taken


@pytest.mark.parametrize("value", ["abc", "-1", "86401"])
def test_click_refuses_what_the_lane_leaves_it_of_the_environment(seeded_sqlite, value):
    code, _, err = by_click(["--db", seeded_sqlite, "list"], {"TRACKER_WAIT": value})
    assert code == 2 and "TRACKER_WAIT" in err


# Tab presses the lane answers (the value of an option, or an argument, that
# completes names), and ones it leaves to Click.
ANSWERED = [
    "tracker show gc2017-4.", "tracker show ", "tracker show GC2017-13", "tracker list --actor In",
    "tracker list --actor ", "tracker list --region Ir", "tracker list --region iq",
    "tracker list --statement g", "tracker scores --statement x", "tracker scores --statement ",
    "tracker show --format json gc2017-1", "tracker list --status stalled --region lake",
    "tracker list --wide --limit 3 --actor ruri", "tracker show nothing-like-it",
    "tracker list --search passports --actor In=x", "tracker follow-up list gc2017-14",
    "tracker follow-up list --actor interp", "tracker follow-up list --since 2017-06-01 gc2017-4.",
]  # fmt: skip
LEFT = [
    "tracker li", "tracker ", "tracker list --status in", "tracker list --", "tracker list -",
    "tracker show gc2017-4.1 --format ", "tracker show gc2017-4.1 g", "tracker follow-up add gc",
    "tracker show 'gc2017", 'tracker show "gc2017-4.', "tracker show gc2017\\-4",
    "tracker list --actor -x", "tracker list --limit ", "tracker list --actor =",
    "tracker list --actor\x0bIn", "tracker list --search x --search y --actor In",
]  # fmt: skip


@pytest.mark.parametrize("shell", ["bash_complete", "zsh_complete"])
def test_a_tab_press_the_lane_answers_is_answered_as_click_does(seeded, shell, capsys):
    for words in ANSWERED:
        env = completing(words, seeded) | {"_TRACKER_COMPLETE": shell}
        assert lane.run([], env) == 0, words
        captured = capsys.readouterr()
        assert (0, captured.out, captured.err) == by_click([], env), words


def test_the_database_of_a_tab_press_may_be_given_in_the_words(seeded_sqlite, tmp_path, capsys):
    for words in [f"tracker --db {seeded_sqlite} show gc2017-4.", "tracker --db nowhere show gc"]:
        env = completing(words, str(tmp_path / "other.db"))
        assert lane.run([], env) == 0
        captured = capsys.readouterr()
        assert (0, captured.out, captured.err) == by_click([], env)
    assert captured.out == "\n"  # nothing, from a database that is not there


@pytest.mark.parametrize("words", LEFT)
def test_a_tab_press_the_lane_does_not_answer_goes_to_click(seeded_sqlite, words, capsys):
    assert lane.run([], completing(words, seeded_sqlite)) is None
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("shell", ["fish_complete", "bash_source", "zsh_source"])
def test_other_shells_go_to_click(shell):
    assert lane.run([], completing("tracker show gc") | {"_TRACKER_COMPLETE": shell}) is None


# The console script, as users run it: the lane's forms import neither
# Click nor SQLAlchemy, and the others still work.
CONSOLE = [
    ["list"], ["list", "--format", "json"], ["show", "gc2017-4.1"], ["scores"],
    ["list", "--status", "stalled", "--actor", "INTERPOL", "--limit", "2", "--format", "csv"],
    ["follow-up", "list", "gc2017-4.1", "--since", "2017-06-01"],
]  # fmt: skip


HEAVY = ("click", "sqlalchemy")


def test_the_lanes_forms_import_neither_click_nor_sqlalchemy(seeded):
    lines = [["--db", seeded, *args] for args in CONSOLE]
    assert imported_by(lines, None, HEAVY) == ([0] * len(CONSOLE), [])


def test_a_tab_press_in_the_lane_imports_neither(seeded_sqlite):
    env = completing("tracker list --actor In", seeded_sqlite)
    assert imported_by([[]], env, HEAVY) == ([0], [])


def test_what_the_lane_leaves_the_console_script_runs_through_click(followed):
    args = ["--db", followed, "source", "show", EVIDENCE, "--format", "json"]
    for line in (args, ["--db", followed, "list", "--status", "STALLED"]):
        codes, loaded = imported_by([line], None, HEAVY)
        assert (codes, {m.split(".")[0] for m in loaded}) == ([0], {"click"})
