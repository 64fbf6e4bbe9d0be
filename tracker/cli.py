"""The `tracker` command line: a thin Click layer over the library.

Library modules are imported inside the commands that use them, so that
`tracker --help` and shell completion start without loading SQLAlchemy.
Library errors (TrackerError) become one-line messages and exit code 1.
The console script (tracker.lane) runs the plain forms of the read
commands without Click, through the same functions (tracker.read_commands),
and hands every other command line to run().
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import itertools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from tracker import __version__, console, output, read_commands, text, vocab
from tracker.lane import FORMATS, MAX_DAYS, MAX_ROWS, MAX_WAIT, OPTION_VARIABLES, WAIT
from tracker.settings import Settings, moment

DATE = click.DateTime(formats=["%Y-%m-%d"])


class ImpreciseDate(click.ParamType):
    """YYYY-MM-DD, YYYY-MM or YYYY (tracker.values.imprecise_date), kept as given."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from tracker import values

        try:
            values.imprecise_date(value)
        except values.ValueProblem as exc:
            self.fail(str(exc), param, ctx)
        return value


IMPRECISE_DATE = ImpreciseDate()
# Follow-ups in examples are fictional: example.org is reserved for examples.
EVIDENCE = "https://example.org/fictional-report"


class TrackerGroup(click.Group):
    """A group that turns every error it can foresee into a one-line message.

    Library errors (TrackerError) say what is wrong; what escapes them is
    named too (console.FAILURES), so that no input ends in a traceback.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Python hands undecodable bytes of argv over as lone surrogates,
        # which could be neither stored nor printed: refuse them up front.
        for position, arg in enumerate(args, start=1):
            if not text.is_unicode(arg):
                raise click.UsageError(
                    f"argument {position} ({text.one_line(_decoded(arg))}) is not valid UTF-8", ctx
                )
        for name in OPTION_VARIABLES:
            if not text.is_unicode(os.environ.get(name, "")):
                raise click.UsageError(f"${name} is not valid UTF-8", ctx)
        with reader_may_leave():  # `tracker --help | head`
            return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with reader_may_leave():
                return super().invoke(ctx)
        except console.FAILURES as exc:
            raise click.ClickException(console.failure(exc)) from exc


@contextlib.contextmanager
def reader_may_leave() -> Iterator[None]:
    """A reader that closes the pipe early (`tracker list | head`) ends the command, and well.

    As for `git log | head`: the output was wanted up to there, so the
    command exits 0 and says nothing. What is still buffered for the pipe
    goes to /dev/null, so that no later flush fails. Whatever it was doing
    is left as its transaction leaves it: a read has nothing to keep, and a
    write has committed before it prints.
    """
    try:
        yield
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        console.drop_output()
        raise click.exceptions.Exit(0) from None


def _decoded(arg: str) -> str:
    return arg.encode("utf-8", "surrogateescape" if _escaped(arg) else "backslashreplace").decode(
        "utf-8", "backslashreplace"
    )


def _escaped(arg: str) -> bool:
    try:
        arg.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


def echo_committed(value: str, what: str) -> None:
    """Print what a committed command made; if that fails, say so on stderr.

    The command succeeded, so it must not report failure (a retry would
    record it twice): the id goes to standard error, and standard output
    takes nothing more.
    """
    try:
        click.echo(value)
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise  # the reader left: see reader_may_leave
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (what is left is dropped)
        click.echo(
            f"recorded {what} {value}, but cannot print its id: {console.os_error(exc)}", err=True
        )


def example(*lines: str) -> str:
    """The epilog every command ends its help with."""
    return "\b\nExample:\n" + "\n".join(f"  {line}" for line in lines)


def format_option(choices: tuple[str, ...] = FORMATS) -> Callable[[Any], Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices, case_sensitive=False),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def vocabulary(values: dict[str, str]) -> click.Choice:
    return click.Choice(list(values), case_sensitive=False)


wide_option = click.option(
    "--wide",
    is_flag=True,
    help="Never shorten a table's cells. Without it a table fits the terminal"
    " ($COLUMNS when set); written to a pipe or a file it is whole.",
)


class Timestamp(click.ParamType):
    """An ISO 8601 moment, as UTC without its zone: with an offset or Z it is turned into
    UTC; without one it is UTC already; a day alone is its start."""

    name = "timestamp"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.datetime):
            return value
        try:
            moment = dt.datetime.fromisoformat(value.strip())
            if moment.tzinfo is not None:
                moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        except (ValueError, OverflowError):
            self.fail(
                f"{value!r} is not an ISO 8601 time (YYYY-MM-DD HH:MM:SS, optionally with"
                " an offset such as +02:00 or Z)",
                param,
                ctx,
            )
        return moment


TIMESTAMP = Timestamp()


def moment_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--as-of and --known-at: see the tracker as it stood, or as it was known, then."""
    command = click.option(
        "--known-at",
        type=TIMESTAMP,
        metavar="TIMESTAMP",
        help="As the database knew it then (ISO 8601: YYYY-MM-DD HH:MM:SS in UTC, or with an"
        " offset such as +02:00 or Z; a day alone is its start): follow-ups recorded later"
        " are left out.",
    )(command)
    return click.option(
        "--as-of",
        "as_of_day",
        type=DATE,
        metavar="YYYY-MM-DD",
        help="As it stood on that day: only follow-ups dated on or before it count.",
    )(command)


plain_csv_option = click.option(
    "--plain-csv",
    is_flag=True,
    help="CSV cells exactly as stored, for programs: without the apostrophe put before"
    " a cell that starts with = + - @, a tab or a carriage return so that spreadsheets"
    " do not run it as a formula.",
)


def output_option(default: str = "-") -> Callable[[Any], Any]:
    return click.option(
        "--output",
        "output_path",
        type=click.Path(dir_okay=False, allow_dash=True),
        default=default,
        show_default=default != "-",
        help="The file to write; '-' for standard output"
        + (" (the default)." if default == "-" else "."),
    )


@contextlib.contextmanager
def opened_output(path: str) -> Iterator[IO[str]]:
    """Standard output for '-'; else a file that appears whole or not at all."""
    if path == "-":
        yield sys.stdout
    else:
        from tracker import files

        with files.atomic_file(Path(path)) as stream:
            yield stream


def completing(kind: str) -> Callable[[click.Context, click.Parameter, str], list[str]]:
    """Shell completion of the ``kind`` of name (tracker.completion) from the database.

    tracker.lane answers the tab presses it takes before Click is imported;
    this answers the others, from the same SQL.
    """

    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
        from tracker import completion

        return completion.offered(ctx.find_root().params.get("database"), kind, incomplete)

    return complete


statement_option = click.option(
    "--statement",
    metavar="CODE",
    shell_complete=completing("statement"),
    help="Only this statement, by its code (e.g. gc2017).",
)


pass_settings = click.make_pass_decorator(Settings)


@click.group(cls=TrackerGroup, epilog=example("tracker init", "tracker list --region Iraq"))
@click.version_option(__version__, prog_name="tracker")
@click.option(
    "--db",
    "database",
    metavar="PATH|URL",
    envvar="TRACKER_DB",
    show_envvar=True,
    help="SQLite file or SQLAlchemy URL to use. [default: ./tracker.db]",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0, max=MAX_WAIT),
    default=WAIT,
    metavar="SECONDS",
    envvar="TRACKER_WAIT",
    show_envvar=True,
    show_default=True,
    help="How long a command that writes waits for another writer before giving up.",
)
@click.pass_context
def cli(ctx: click.Context, database: str | None, wait: float) -> None:
    """Track the commitments of diplomatic statements and what became of them."""
    ctx.obj = Settings(database, wait, ctx.call_on_close)


@cli.command(epilog=example("tracker init", "tracker --db ~/work/tracker.db init"))
@pass_settings
def init(settings: Settings) -> None:
    """Create or upgrade the database and load the seeded statements."""
    from tracker import seed

    engine = settings.engine(create=True)
    for result in seed.init(engine):
        click.echo(str(result), err=True)
    fail_unless_verified(engine)


def fail_unless_verified(engine: Any) -> None:
    """Print what `tracker db verify` finds, and fail if it finds anything."""
    from tracker import verify

    findings = verify.verify(engine)
    for finding in findings:
        click.echo(f"  {finding}", err=True)
    if findings:
        raise click.ClickException(
            f"the database fails {len(findings)} checks; see `tracker db verify`"
        )


@cli.group("db", epilog=example("tracker db current"))
def db_group() -> None:
    """Inspect and migrate the database schema."""


@db_group.command("path", epilog=example("tracker db path", "tracker --db other.db db path"))
@pass_settings
def db_path(settings: Settings) -> None:
    """Print which database the commands will use."""
    from tracker.db import describe

    click.echo(describe(settings.url()))


@db_group.command("upgrade", epilog=example("tracker db upgrade", "tracker db upgrade 0001"))
@click.argument("revision", default="head")
@pass_settings
def db_upgrade(settings: Settings, revision: str) -> None:
    """Migrate the schema up to REVISION (default: the newest)."""
    from tracker import migrate

    engine = settings.engine(create=True)
    migrate.upgrade(engine, revision)
    click.echo(f"schema at {migrate.current(engine) or 'base'}", err=True)


@db_group.command("downgrade", epilog=example("tracker db downgrade 0002"))
@click.argument("revision")
@click.option(
    "--yes-destroy-data",
    is_flag=True,
    help="Go ahead even if the downgrade deletes follow-ups.",
)
@pass_settings
def db_downgrade(settings: Settings, revision: str, yes_destroy_data: bool) -> None:
    """Migrate the schema down to REVISION ("base" removes every table).

    A downgrade that would delete follow-ups is refused unless
    --yes-destroy-data is given: export them first.
    """
    from tracker import migrate

    engine = settings.engine(check_schema=False)
    migrate.downgrade(engine, revision, destroy_data=yes_destroy_data)
    click.echo(f"schema at {migrate.current(engine) or 'base'}", err=True)


@db_group.command("current", epilog=example("tracker db current"))
@pass_settings
def db_current(settings: Settings) -> None:
    """Print the schema revision of the database."""
    from tracker import migrate

    revision = migrate.current(settings.engine(check_schema=False))
    head = migrate.head()
    click.echo(f"{revision or 'base'}" + (" (head)" if revision == head else f" (head is {head})"))


@db_group.command("check", epilog=example("tracker db check"))
@pass_settings
def db_check(settings: Settings) -> None:
    """Fail if the models and the migrated schema disagree, or `db verify` fails."""
    from tracker import migrate

    engine = settings.engine(check_schema=False)
    differences = migrate.differences(engine)
    if differences:
        for difference in differences:
            click.echo(f"  {difference}", err=True)
        raise click.ClickException(
            f"the models and the migrations disagree ({len(differences)} differences)"
        )
    fail_unless_verified(engine)
    click.echo("the models and the migrations agree, and the rows pass `db verify`", err=True)


@db_group.command("verify", epilog=example("tracker db verify", "tracker db verify > problems.txt"))
@pass_settings
def db_verify(settings: Settings) -> None:
    """Check every row against what the database's guards promise.

    Values that cannot be read, statuses or search rows that do not follow
    the history, orphans, region cycles, texts off their offsets, a
    statement text that no longer matches its SHA-256, guard triggers that
    are missing or disabled, a bulk load left behind. Prints one problem a
    line and exits 1 if there is any.
    """
    from tracker import verify

    findings = verify.verify(settings.engine(check_schema=False))
    for finding in findings:
        click.echo(finding)
    if findings:
        raise click.ClickException(f"{len(findings)} problems found")
    click.echo("the database passes every check", err=True)


def column_names(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str]:
    """--columns as a list of known names (see output.COMMITMENT_FIELDS)."""
    if value is None:
        return []
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in output.COMMITMENT_FIELDS]
    if unknown or not names:
        raise click.BadParameter(
            (f"unknown column {unknown[0]!r}; " if unknown else "no column named; ")
            + f"the columns are {', '.join(output.COMMITMENT_FIELDS)}"
        )
    return names


# The filters of `tracker list` that excluded sentences do not have.
COMMITMENT_ONLY = ("status", "actor", "role", "region", "theme", "type", "due_before", "overdue",
                   "stale", "columns", "as_of", "known_at")  # fmt: skip


@cli.command("list", epilog=example(
    "tracker list --region Iraq",
    "tracker list --actor INTERPOL --role partner --format json",
    "tracker list --columns id,status,as_of,latest_note --search 'passport* OR border'",
    "tracker list --excluded --search welcome",
    "tracker list --restated --statement mc2035",
))  # fmt: skip
@statement_option
@click.option("--status", type=vocabulary(vocab.STATUSES), help="Only this current status.")
@click.option(
    "--actor",
    metavar="NAME",
    shell_complete=completing("actor"),
    help="Only commitments naming this actor (or alias).",
)
@click.option("--role", type=vocabulary(vocab.ACTOR_ROLES), help="The actor's role (with --actor).")
@click.option(
    "--region",
    metavar="NAME",
    shell_complete=completing("region"),
    help="Only this region or a place within it.",
)
@click.option("--theme", type=vocabulary(vocab.THEMES), help="Only this theme.")
@click.option("--type", "type_", type=vocabulary(vocab.COMMITMENT_TYPES), help="Only this type.")
@click.option(
    "--search",
    metavar="QUERY",
    help="Words in the quote, the title or a follow-up note (or, with --excluded, the"
    ' sentence): "a phrase", OR, NOT, prefix* and ( ); see README.',
)
@click.option("--due-before", type=DATE, metavar="YYYY-MM-DD", help="A deadline before this day.")
@click.option("--overdue", is_flag=True, help="The deadline has passed and it is not achieved.")
@click.option(
    "--stale",
    type=click.IntRange(min=0, max=MAX_DAYS),
    metavar="DAYS",
    help="No follow-up in DAYS days.",
)
@click.option(
    "--limit", type=click.IntRange(min=1, max=MAX_ROWS), metavar="N", help="At most N rows."
)
@click.option(
    "--assessed",
    metavar="NAME",
    help="Only commitments this member has been assessed on, with its status and score.",
)
@click.option(
    "--excluded",
    is_flag=True,
    help="List the sentences judged not commitments (with --statement, --search, --limit).",
)
@click.option(
    "--columns",
    metavar="NAMES",
    callback=column_names,
    help="Comma-separated columns for the table and CSV (and the keys of JSON): "
    + ", ".join(output.COMMITMENT_FIELDS)
    + ". [default: id,status,theme,title; CSV and JSON: all]",
)
@click.option(
    "--restated",
    is_flag=True,
    help="List the commitments that repeat an earlier one, with the earlier one's status"
    " (the other filters pick the links either commitment of which they would list).",
)
@moment_options
@wide_option
@format_option()
@plain_csv_option
@pass_settings
def list_(
    settings: Settings,
    excluded: bool,
    restated: bool,
    fmt: str,
    plain_csv: bool,
    wide: bool,
    type_: str | None,
    due_before: Any,
    limit: int | None,
    columns: list[str],
    as_of_day: Any,
    known_at: Any,
    **filters: Any,
) -> None:
    """List commitments, narrowed by any combination of filters.

    A commitment is overdue when its deadline has passed and its status is
    neither achieved nor no_longer_applicable. It is stale when, open in the
    same sense, its newest follow-up (or, without one, the statement) is
    dated more than DAYS ago.
    """
    if excluded:
        given = {"type": type_, "due_before": due_before, "columns": columns,
                 "as_of": as_of_day, "known_at": known_at, "restated": restated,
                 **filters}  # fmt: skip
        misplaced = [name for name in (*COMMITMENT_ONLY, "restated") if given.get(name)]
        if misplaced:
            option = "--" + misplaced[0].replace("_", "-")
            raise click.UsageError(f"{option} does not apply to excluded sentences")
    if restated and columns:
        raise click.UsageError("--columns does not apply to --restated, which has its own")
    read_commands.list_commitments(
        settings, excluded=excluded, restated=restated, fmt=fmt, plain_csv=plain_csv, wide=wide,
        type_=type_, due_before=due_before, limit=limit, columns=columns, as_of_day=as_of_day,
        known_at=known_at, **filters,
    )  # fmt: skip


@cli.command(epilog=example("tracker show gc2017-4.1", "tracker show gc2017-4.1 --format json"))
@click.argument("commitment_id", metavar="ID", shell_complete=completing("commitment"))
@moment_options
@format_option(("text", "json"))
@pass_settings
def show(settings: Settings, commitment_id: str, as_of_day: Any, known_at: Any, fmt: str) -> None:
    """Show everything about one commitment, its paragraph and its history."""
    read_commands.show(settings, commitment_id, as_of_day=as_of_day, known_at=known_at, fmt=fmt)


@cli.command(epilog=example("tracker statuses", "tracker statuses --format json"))
@wide_option
@format_option()
def statuses(fmt: str, wide: bool) -> None:
    """Print the follow-up statuses and what each means."""
    records = [{"status": k, "meaning": v} for k, v in vocab.STATUSES.items()]
    console.out_text(output.render(records, fmt, output.STATUS_COLUMNS, width=console.width(wide)))


@cli.group("follow-up", epilog=example("tracker follow-up list gc2017-4.1"))
def follow_up_group() -> None:
    """Record and review what happened to commitments (append-only)."""


@follow_up_group.command(
    "add",
    epilog=example(
        "tracker follow-up add gc2017-4.1 --status in_progress --as-of 2017-09-30"
        f" --source {EVIDENCE}",
        f"tracker follow-up add gc2017-4.1 gc2017-4.2 --status in_progress --as-of 2017-10"
        f" --source {EVIDENCE}",
    ),
)
@click.argument(
    "commitment_ids",
    metavar="ID [ID ...]",
    nargs=-1,
    required=True,
    shell_complete=completing("commitment"),
)
@click.option(
    "--status", type=vocabulary(vocab.STATUSES), help="See `tracker statuses` (not for --context)."
)
@click.option(
    "--as-of",
    required=True,
    type=IMPRECISE_DATE,
    metavar="DATE",
    help="The day the evidence speaks about: YYYY-MM-DD, or YYYY-MM or YYYY when it"
    " says no more (counted as the last day it could mean).",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="URL",
    help="Evidence (http or https); repeat for more. An unknown URL becomes a source.",
)
@click.option("--note", help="What happened, in a few words.")
@click.option("--assessor", envvar="TRACKER_ASSESSOR", show_envvar=True, help="Who assessed it.")
@click.option(
    "--actor",
    metavar="NAME",
    shell_complete=completing("actor"),
    help="Assess one actor (a member) rather than all.",
)
@click.option(
    "--score",
    type=click.Choice(["-1", "0", "1", "+1"]),
    help="Compliance of the --actor: -1, 0 or +1, agreeing with the status.",
)
@click.option(
    "--corrects",
    type=click.IntRange(min=1, max=MAX_ROWS),
    metavar="FOLLOWUP_ID",
    help="The follow-up this one corrects.",
)
@click.option(
    "--context",
    is_flag=True,
    help="The situation the statement responded to: may predate it, never sets a status.",
)
@pass_settings
def follow_up_add(
    settings: Settings,
    commitment_ids: tuple[str, ...],
    sources: tuple[str, ...],
    context: bool,
    **values: Any,
) -> None:
    """Record a follow-up on each commitment ID and print the new ids, one a line.

    Several IDs record the same assessment against each, in one transaction.
    At least one --source is needed unless the status is not_assessed. A
    follow-up is never changed: to fix one, add another with --corrects.
    """
    from tracker import db, followups

    if not context and values.get("status") is None:
        raise click.UsageError("Missing option '--status' (or give --context).")
    values |= {
        "commitment": list(commitment_ids),
        "sources": list(sources),
        "kind": "context" if context else "assessment",
    }
    with db.transaction(settings.engine(), write=True) as session:
        new_ids = followups.add(session, values)
    echo_committed("\n".join(map(str, new_ids)), "follow-up")


@follow_up_group.command(
    "list",
    epilog=example(
        "tracker follow-up list gc2017-4.1 --format json",
        "tracker follow-up list --since 2017-06-01 --limit 20",
        "tracker follow-up list --assessor 'A. Analyst' --status stalled --format csv",
    ),
)
@click.argument(
    "commitment_id", metavar="[ID]", required=False, shell_complete=completing("commitment")
)
@click.option(
    "--since", type=DATE, metavar="YYYY-MM-DD", help="Only follow-ups as of this day or later."
)
@click.option(
    "--actor",
    metavar="NAME",
    shell_complete=completing("actor"),
    help="Only those assessing this actor (or alias).",
)
@click.option("--assessor", metavar="NAME", help="Only those by this assessor (any case).")
@click.option("--status", type=vocabulary(vocab.STATUSES), help="Only those giving this status.")
@click.option(
    "--limit", type=click.IntRange(min=1, max=MAX_ROWS), metavar="N", help="At most N follow-ups."
)
@wide_option
@format_option()
@plain_csv_option
@pass_settings
def follow_up_list(
    settings: Settings,
    commitment_id: str | None,
    since: Any,
    limit: int | None,
    fmt: str,
    plain_csv: bool,
    wide: bool,
    **filters: Any,
) -> None:
    """List follow-ups oldest first, with what corrects what.

    CSV has every field of the JSON, the sources space-separated, and is
    what `tracker follow-up import` reads.
    """
    read_commands.follow_ups(
        settings, commitment_id, since=since, limit=limit, fmt=fmt, plain_csv=plain_csv,
        wide=wide, **filters,
    )  # fmt: skip


@follow_up_group.command(
    "import",
    epilog=example(
        "tracker follow-up import assessments.csv",
        "tracker export --format json | tracker --db other.db follow-up import - --format json",
    ),
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"], case_sensitive=False),
    help="The file's format. [default: from its name]",
)
@click.option(
    "--plain-csv",
    is_flag=True,
    help="Take CSV cells exactly as written: keep a leading apostrophe that"
    " `tracker export` puts before a formula-like cell (see its --plain-csv).",
)
@pass_settings
def follow_up_import(settings: Settings, file: str, fmt: str | None, plain_csv: bool) -> None:
    """Import follow-ups from a CSV or JSON file: all of them, or none.

    Columns (CSV) or keys (JSON): commitment, status and as_of, and
    optionally actor, score, sources (space-separated in CSV), note,
    assessor, corrects, recorded_at and id. `tracker export` writes this
    form. A progress bar shows on a terminal for large files.
    """
    from tracker import db, followups

    fmt = (fmt or Path(file).suffix.lstrip(".")).lower()
    if fmt not in ("csv", "json"):
        raise click.UsageError("cannot tell the format from the file name: give --format")
    with click.open_file(file, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size if file != "-" else 0
        show = size > 1_000_000 and sys.stderr.isatty()
        bar = click.progressbar(length=size, label="Importing", file=sys.stderr)
        with bar if show else contextlib.nullcontext(bar):

            def progress() -> None:
                if show:
                    bar.update(stream.tell() - bar.pos)

            # Closed while the file is open, even when the import stops early.
            with (
                contextlib.closing(followups.read_rows(stream, fmt, plain=plain_csv)) as rows,
                db.transaction(settings.engine(), write=True) as session,
            ):
                count = followups.import_rows(session, rows, progress)
    click.echo(f"imported {count} follow-ups", err=True)


@cli.command(
    epilog=example(
        "tracker export --format csv --output follow-ups.csv",
        "tracker export > all.json",
        "tracker export --format datapackage tracker-data",
    )
)
@statement_option
@moment_options
@format_option(("json", "csv", "datapackage"))
@output_option()
@plain_csv_option
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@pass_settings
def export(
    settings: Settings,
    statement: str | None,
    as_of_day: Any,
    known_at: Any,
    fmt: str,
    output_path: str,
    plain_csv: bool,
    directory: str | None,
) -> None:
    """Export commitments, their current status and every follow-up.

    JSON also carries the actors added with `actor add` and every source
    (its file base64-encoded), ahead of the commitments; CSV carries the
    follow-ups only. The output is what `tracker follow-up import` reads: exporting,
    importing into an empty database with the same statements, and
    exporting again gives the same bytes. CSV cells that a spreadsheet would
    run as a formula start with an apostrophe, which import removes.

    `--format datapackage DIRECTORY` writes a Frictionless Data Package
    instead: every public table and view as CSV, and datapackage.json with
    each field's type and meaning, in DIRECTORY (new or empty).
    """
    if fmt == "datapackage":
        if directory is None:
            raise click.UsageError("--format datapackage needs the DIRECTORY to write")
        if statement is not None or output_path != "-" or as_of_day or known_at:
            raise click.UsageError(
                "--format datapackage writes every statement as it is now to DIRECTORY;"
                " leave out --statement, --as-of, --known-at and --output"
            )
        from tracker import datapackage, db

        with db.transaction(settings.engine()) as session:
            written = datapackage.write(session, Path(directory), plain=plain_csv)
        click.echo(f"wrote {len(written)} files to {directory}", err=True)
        return
    if directory is not None:
        raise click.UsageError("DIRECTORY is for --format datapackage; give --output FILE")
    from tracker import reads

    with contextlib.ExitStack() as stack:
        if as_of_day or known_at:  # time travel: see Settings.read
            from tracker import db, queries

            session = stack.enter_context(db.transaction(settings.engine()))
            reader = queries.reader(session)
            records = queries.export_records(session, statement, moment(as_of_day, known_at))
        else:
            reader = stack.enter_context(settings.reader())
            records = reads.export_records(reader, statement)
        stream = stack.enter_context(opened_output(output_path))
        first = (
            itertools.chain(reads.export_actors(reader), reads.export_sources(reader))
            if fmt == "json"
            else ()
        )
        output.write_export(records, fmt, stream, plain=plain_csv, first=first)


@cli.command(epilog=example("tracker scores --statement gc2017"))
@statement_option
@moment_options
@wide_option
@format_option()
@plain_csv_option
@pass_settings
def scores(
    settings: Settings,
    statement: str | None,
    as_of_day: Any,
    known_at: Any,
    fmt: str,
    plain_csv: bool,
    wide: bool,
) -> None:
    """Print the compliance matrix of commitments by actor, with averages."""
    read_commands.scores(
        settings, statement=statement, as_of_day=as_of_day, known_at=known_at, fmt=fmt,
        plain_csv=plain_csv, wide=wide,
    )  # fmt: skip


@cli.command(
    epilog=example(
        "tracker changes --since 2017-06-01",
        "tracker changes --since 2017-06-01 --until 2017-12-31 --format md > since-june.md",
    )
)
@click.option(
    "--since", required=True, type=DATE, metavar="YYYY-MM-DD", help="The first day of the window."
)
@click.option(
    "--until", type=DATE, metavar="YYYY-MM-DD", help="The last day of the window. [default: today]"
)
@statement_option
@wide_option
@format_option(("table", "json", "csv", "md"))
@plain_csv_option
@pass_settings
def changes(
    settings: Settings,
    since: Any,
    until: Any,
    statement: str | None,
    wide: bool,
    fmt: str,
    plain_csv: bool,
) -> None:
    """List what changed in follow-ups dated within a window, per commitment, oldest first.

    Every status change (from the status just before it), every new score
    of a member, every correction, context (the situation before) and new
    evidence: a briefing's "since our last report".
    """
    from tracker import db, queries
    from tracker.clock import today

    first, last = since.date(), until.date() if until else today()
    if first > last:
        raise click.UsageError(f"--since {first} is after --until {last}")
    with db.transaction(settings.engine()) as session:
        found = queries.changes(session, first, last, statement)
    if fmt == "table":
        console.out_text(
            output.to_table(output.with_what(found), output.CHANGE_COLUMNS, console.width(wide))
        )
    elif fmt == "md":
        click.echo(output.changes_markdown(found, first, last), nl=False)
    else:
        rendered = output.render(found, fmt, output.CHANGE_CSV_COLUMNS, plain=plain_csv)
        click.echo(rendered, nl=False)


@cli.group("actor", epilog=example("tracker actor list"))
def actor_group() -> None:
    """List actors, and add those a statement does not name."""


@actor_group.command("list", epilog=example("tracker actor list --format csv"))
@wide_option
@format_option()
@plain_csv_option
@pass_settings
def actor_list(settings: Settings, fmt: str, plain_csv: bool, wide: bool) -> None:
    """List every actor with its kind, country and aliases."""
    from tracker import db, queries

    with db.transaction(settings.engine()) as session:
        records = queries.list_actors(session)
    rendered = output.render(
        records, fmt, output.ACTOR_COLUMNS, plain=plain_csv, width=console.width(wide)
    )
    console.out_text(rendered) if fmt == "table" else click.echo(rendered, nl=False)


@actor_group.command(
    "add",
    epilog=example(
        "tracker actor add 'Government of France' --kind national_government"
        " --country France --alias France"
    ),
)
@click.argument("name")
@click.option(
    "--kind", required=True, type=vocabulary(vocab.ACTOR_KINDS), help="What kind of actor."
)
@click.option(
    "--country", metavar="NAME|CODE", help="Its country; the ISO code comes from pycountry."
)
@click.option(
    "--alias", "aliases", multiple=True, metavar="NAME", help="Another name; repeat for more."
)
@pass_settings
def actor_add(
    settings: Settings, name: str, kind: str, country: str | None, aliases: tuple[str, ...]
) -> None:
    """Add an actor, for example a member state to assess on its own."""
    from tracker import actors, db

    with db.transaction(settings.engine(), write=True) as session:
        actor = actors.add_actor(session, name, kind, country, list(aliases))
        added = f"added actor {actor.name}" + (
            f" ({actor.country_code})" if actor.country_code else ""
        )
    click.echo(added, err=True)


@cli.group("source", epilog=example("tracker source list"))
def source_group() -> None:
    """Manage sources: the evidence follow-ups cite, by URL."""


@source_group.command(
    "add",
    epilog=example(
        f"tracker source add {EVIDENCE} --title 'Fictional progress report'"
        " --publisher 'Example Ministry' --published 2019-10 --file report.pdf"
    ),
)
@click.argument("url")
@click.option("--title", help="Its title, as published.")
@click.option("--publisher", help="Who published it.")
@click.option(
    "--published", type=IMPRECISE_DATE, metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY."
)
@click.option("--consulted", "consulted_on", metavar="YYYY-MM-DD", help="The day you read it.")
@click.option("--archived", "archived_url", metavar="URL", help="An archived copy's URL.")
@click.option(
    "--file",
    type=click.Path(exists=True, dir_okay=False),
    help="A local copy, kept in the database with its SHA-256 (at most 10 MiB).",
)
@pass_settings
def source_add(settings: Settings, url: str, file: str | None, **fields: Any) -> None:
    """Add a source, or complete one that follow-ups already cite.

    A value the source already has is never replaced by another.
    """
    from tracker import db, sources

    with db.transaction(settings.engine(), write=True) as session:
        _, new = sources.add_source(session, url, file=Path(file) if file else None, **fields)
    click.echo(f"{'added' if new else 'completed'} source {url}", err=True)


@source_group.command("list", epilog=example("tracker source list --format csv"))
@format_option()
@plain_csv_option
@pass_settings
def source_list(settings: Settings, fmt: str, plain_csv: bool) -> None:
    """List every source with its title, publisher and how many follow-ups cite it."""
    from tracker import reads

    with settings.reader() as reader:
        records = reads.sources(reader)
    columns = output.SOURCE_COLUMNS if fmt == "table" else output.SOURCE_CSV_COLUMNS
    rendered = output.render(records, fmt, columns, plain=plain_csv)
    console.out_text(rendered) if fmt == "table" else click.echo(rendered, nl=False)


@source_group.command(
    "show",
    epilog=example(
        f"tracker source show {EVIDENCE}", f"tracker source show {EVIDENCE} --file copy.pdf"
    ),
)
@click.argument("url")
@click.option(
    "--file", "file_output", metavar="PATH", help="Write the source's local copy to PATH."
)
@format_option(("table", "json"))
@pass_settings
def source_show(settings: Settings, url: str, file_output: str | None, fmt: str) -> None:
    """Everything known of one source; --file writes its local copy out."""
    from tracker import reads

    with settings.reader() as reader:
        record = reads.find_source(reader, url)
        copy = reads.source_file(reader, url) if file_output else None
    if file_output and copy:
        from tracker import files

        with files.atomic_path(Path(file_output)) as path:
            path.write_bytes(copy[1])
        click.echo(f"wrote {copy[0]} to {file_output}", err=True)
        return
    if fmt == "json":
        click.echo(output.to_json(record), nl=False)
    else:
        console.out_text(output.source_text(record))


@cli.command(epilog=example("tracker backup ~/backups/tracker-2026-11-29.db"))
@click.argument("path", type=click.Path(dir_okay=False))
@pass_settings
def backup(settings: Settings, path: str) -> None:
    """Copy the live database to PATH, consistently, and check the copy.

    Safe while others write. Restore by using the copy: tracker --db PATH list.
    On PostgreSQL, use pg_dump instead.
    """
    from tracker import backup as backups

    size = backups.backup(settings.engine(check_schema=False), Path(path))
    click.echo(f"backed up to {path} ({size / 1_000_000:.1f} MB); it passed its checks", err=True)


@cli.command(
    "datasette-metadata",
    epilog=example("tracker datasette-metadata && datasette tracker.db -m metadata.json"),
)
@output_option("metadata.json")
@pass_settings
def datasette_metadata(settings: Settings, output_path: str) -> None:
    """Write Datasette metadata: titles, sources, and what every column means."""
    from tracker import db, metadata

    url = settings.url()
    path = db.sqlite_path(url)
    with db.transaction(settings.engine()) as session:
        document = metadata.datasette_metadata(session, path.stem if path else "tracker")
    with opened_output(output_path) as stream:
        stream.write(output.to_json(document))
    if output_path != "-":
        click.echo(f"wrote {output_path}", err=True)


@cli.command(
    epilog=example(
        "tracker report --output scorecard.html",
        "tracker report --statement gc2017 --format md > scorecard.md",
    )
)
@statement_option
@click.option(
    "--stale",
    "stale_days",
    type=click.IntRange(min=0, max=MAX_DAYS),
    default=180,
    show_default=True,
    metavar="DAYS",
    help="Open commitments with no follow-up in DAYS days need attention.",
)
@click.option(
    "--since",
    type=DATE,
    metavar="YYYY-MM-DD",
    help="Add a section of what changed since this day, as `tracker changes` lists it.",
)
@moment_options
@format_option(("html", "md"))
@output_option()
@pass_settings
def report(
    settings: Settings,
    statement: str | None,
    stale_days: int,
    since: Any,
    as_of_day: Any,
    known_at: Any,
    fmt: str,
    output_path: str,
) -> None:
    """Write a scorecard: totals, charts, the compliance matrix, what needs attention.

    HTML is one self-contained file (no network requests) that reads on a
    phone as on a wide screen; Markdown has the same content without the
    charts. The database is named by its name alone, never by its path.
    """
    from tracker import db
    from tracker.scorecard import report as reports

    with db.transaction(settings.engine()) as session:
        text = reports.render(
            session,
            statement,
            fmt,
            stale_days,
            since.date() if since else None,
            moment(as_of_day, known_at),
        )
    with opened_output(output_path) as stream:
        stream.write(text)


@cli.command(
    epilog=example(
        "tracker ingest statement-2018.txt --title 'Ministerial statement' --date 2018-02-13"
        " --output statement-2018.yaml"
    )
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--output",
    "output_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="The draft annotation to write (a new file, unless --force).",
)
@click.option("--force", is_flag=True, help="Replace --output if it exists.")
@click.option("--code", help="The statement's short code, the prefix of its commitment ids.")
@click.option("--title", help="The statement's title.")
@click.option("--date", type=DATE, metavar="YYYY-MM-DD", help="The day it was issued.")
@click.option("--issuer", help="Who issued it.")
@click.option("--place", help="Where it was issued.")
@click.option("--url", help="Where it was published (http or https).")
@pass_settings
def ingest(
    settings: Settings, file: str, output_path: str, force: bool, date: Any, **fields: Any
) -> None:
    """Draft the annotation of a new statement, for review before `tracker load`.

    Without --date, the date comes from a dateline or "on 4 June 2020" in the
    opening paragraphs; if none is there, ingest refuses. Every sentence gets
    a guess (commitments or an exclusion with a reason), marked `draft: true`
    until a reviewer removes the mark. An existing --output (perhaps a
    reviewed annotation) is kept unless --force is given.

    Given a database (--db or TRACKER_DB), the guessed code avoids the codes
    it holds (a suffix -2, -3, ...) and each commitment lists the earlier
    commitments it repeats, marked `draft: true` for review.
    """
    from tracker.drafting import extract

    given = extract.StatementFields(date=date.date() if date else None, **fields)
    known, missing = None, None
    if settings.database is not None:
        from tracker import db

        missing = db.sqlite_path(settings.url())
        if missing is None or missing.exists():
            known, missing = _known(settings), None
    summary = extract.ingest(Path(file), Path(output_path), given, force=force, known=known)
    click.echo(str(summary), err=True)
    if missing is not None:
        click.echo(f"note: no database at {missing}; no earlier statements to compare", err=True)


def _known(settings: Settings) -> Any:
    """What ingest avoids and compares with: the database's codes and commitments."""
    from tracker import db, queries
    from tracker.drafting import extract

    with db.transaction(settings.engine()) as session:
        return extract.Known(
            frozenset(queries.statement_codes(session)),
            tuple(queries.earlier_commitments(session)),
        )


@cli.command(epilog=example("tracker load statement-2018.yaml"))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--accept-drafts", is_flag=True, help="Load entries still marked as drafts.")
@pass_settings
def load(settings: Settings, file: str, accept_drafts: bool) -> None:
    """Load a reviewed annotation file as a new statement."""
    from tracker import seed

    result = seed.load(settings.engine(), Path(file), accept_drafts=accept_drafts)
    click.echo(str(result), err=True)


def run(args: list[str]) -> int:
    """Run ``args`` through Click (tracker.lane runs the forms it takes first); the exit code."""
    try:
        cli(args, prog_name="tracker")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
    return 0


def main() -> None:
    """The console script as installs made before tracker.lane name it: `pip install -e .`
    writes the script once, and a checkout updated since still runs it."""
    from tracker import lane

    lane.main()
