"""The `tracker` command line: a thin Click layer over the library.

Library modules are imported inside the commands that use them, so that
`tracker --help` and shell completion start without loading SQLAlchemy.
Library errors (TrackerError) become one-line messages and exit code 1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from tracker import __version__, output, vocab
from tracker.errors import TrackerError

FORMATS = ("table", "json", "csv")


class TrackerGroup(click.Group):
    """A group that turns library errors into Click's one-line errors."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            raise click.ClickException(str(exc)) from exc


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


statement_option = click.option(
    "--statement", metavar="CODE", help="Only this statement, by its code (e.g. gc2017)."
)


class Settings:
    """What the group's options say; commands open the database through it."""

    def __init__(self, database: str | None):
        self.database = database

    def url(self) -> Any:
        from tracker import db

        return db.resolve_url(self.database)

    def engine(self, *, create: bool = False) -> Any:
        from tracker import db

        return db.open_engine(self.url(), create=create)


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
@click.pass_context
def cli(ctx: click.Context, database: str | None) -> None:
    """Track the commitments of diplomatic statements and what became of them."""
    ctx.obj = Settings(database)


@cli.command(epilog=example("tracker init", "tracker --db ~/work/tracker.db init"))
@pass_settings
def init(settings: Settings) -> None:
    """Create or upgrade the database and load the seeded statements."""
    from tracker import seed

    for result in seed.init(settings.engine(create=True)):
        click.echo(str(result), err=True)


@cli.group("db", cls=TrackerGroup, epilog=example("tracker db current"))
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


@db_group.command("downgrade", epilog=example("tracker db downgrade base"))
@click.argument("revision")
@pass_settings
def db_downgrade(settings: Settings, revision: str) -> None:
    """Migrate the schema down to REVISION ("base" removes every table)."""
    from tracker import migrate

    engine = settings.engine()
    migrate.downgrade(engine, revision)
    click.echo(f"schema at {migrate.current(engine) or 'base'}", err=True)


@db_group.command("current", epilog=example("tracker db current"))
@pass_settings
def db_current(settings: Settings) -> None:
    """Print the schema revision of the database."""
    from tracker import migrate

    revision = migrate.current(settings.engine())
    head = migrate.head()
    click.echo(f"{revision or 'base'}" + (" (head)" if revision == head else f" (head is {head})"))


@db_group.command("check", epilog=example("tracker db check"))
@pass_settings
def db_check(settings: Settings) -> None:
    """Fail if the models and the migrated schema disagree."""
    from tracker import migrate

    differences = migrate.differences(settings.engine())
    if differences:
        for difference in differences:
            click.echo(f"  {difference}", err=True)
        raise click.ClickException(
            f"the models and the migrations disagree ({len(differences)} differences)"
        )
    click.echo("the models and the migrations agree", err=True)


@cli.command("list", epilog=example(
    "tracker list --region Iraq",
    "tracker list --actor INTERPOL --role partner --format json",
    "tracker list --excluded",
))  # fmt: skip
@statement_option
@click.option("--status", type=vocabulary(vocab.STATUSES), help="Only this current status.")
@click.option("--actor", metavar="NAME", help="Only commitments naming this actor (or alias).")
@click.option("--role", type=vocabulary(vocab.ACTOR_ROLES), help="The actor's role (with --actor).")
@click.option("--region", metavar="NAME", help="Only this region or a place within it.")
@click.option("--theme", type=vocabulary(vocab.THEMES), help="Only this theme.")
@click.option("--type", "type_", type=vocabulary(vocab.COMMITMENT_TYPES), help="Only this type.")
@click.option("--excluded", is_flag=True, help="List the sentences judged not commitments.")
@format_option()
@pass_settings
def list_(settings: Settings, excluded: bool, fmt: str, type_: str | None, **filters: Any) -> None:
    """List commitments, narrowed by any combination of filters."""
    from tracker import db, queries

    with db.transaction(settings.engine()) as session:
        if excluded:
            records = queries.list_excluded(session, filters["statement"])
            columns = output.EXCLUDED_COLUMNS
        else:
            records = queries.list_commitments(session, queries.Filters(type=type_, **filters))
            columns = output.COMMITMENT_COLUMNS
    click.echo(output.render(records, fmt.lower(), columns), nl=False)


@cli.command(epilog=example("tracker show gc2017-4.1", "tracker show gc2017-4.1 --format json"))
@click.argument("commitment_id", metavar="ID")
@format_option(("text", "json"))
@pass_settings
def show(settings: Settings, commitment_id: str, fmt: str) -> None:
    """Show everything about one commitment, its paragraph and its history."""
    from tracker import db, queries

    with db.transaction(settings.engine()) as session:
        record = queries.show_commitment(session, commitment_id)
    if fmt.lower() == "json":
        click.echo(output.to_json(record), nl=False)
    else:
        click.echo(output.commitment_text(record), nl=False)


def main() -> None:
    cli(prog_name="tracker")
