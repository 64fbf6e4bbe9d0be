"""Schema migrations: thin calls into Alembic with the packaged scripts."""

from __future__ import annotations

import warnings
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util import CommandError
from sqlalchemy import Connection, Engine

from tracker import db, schema_doc
from tracker.errors import TrackerError
from tracker.models import Base

MIGRATIONS = Path(str(files("tracker.migrations")))


def include_object(obj: Any, name: str | None, type_: str, *_: Any) -> bool:
    """Leave out of autogenerate what the models do not describe."""
    # The full-text index and its shadow tables are made by hand in a
    # migration, like the views, which Alembic does not reflect anyway.
    # ix_follow_up_repeat is an index of expressions (migrations 0009, 0014), which
    # Alembic cannot compare.
    if type_ == "index" and name == "ix_follow_up_repeat":
        return False
    return not (type_ == "table" and name is not None and name.startswith(schema_doc.FULL_TEXT))


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or "base"


def current(engine: Engine) -> str | None:
    with db.database_errors(), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, command.upgrade, revision)


# The revisions whose downgrade drops the follow_up table, and every
# follow-up with it. A migration that destroys follow-ups must be listed.
DROPS_FOLLOW_UPS = {"0001"}


def downgrade(engine: Engine, revision: str, *, destroy_data: bool = False) -> None:
    """Migrate down to ``revision``; refuse to drop follow-ups unless told to."""
    if not destroy_data:
        script = ScriptDirectory.from_config(alembic_config())
        try:
            undone = {r.revision for r in script.iterate_revisions(current(engine), revision)}
        except (CommandError, ResolutionError) as exc:
            raise TrackerError(_first_line(exc)) from exc
        if undone & DROPS_FOLLOW_UPS:
            with db.database_errors(), engine.connect() as connection:
                count = connection.exec_driver_sql("SELECT count(*) FROM follow_up").scalar()
            if count:
                raise TrackerError(
                    f"downgrading to {revision} drops the follow_up table and its {count}"
                    " follow-ups; export them first (`tracker export`), or pass"
                    " --yes-destroy-data"
                )
    _run(engine, command.downgrade, revision)


def _run(engine: Engine, step: Any, revision: str) -> None:
    # A migration engine of its own: SQLite needs foreign keys off while
    # tables are rebuilt (migrations/env.py checks them before committing).
    # One transaction, begun here, for every step: Alembic would commit each
    # revision on its own on SQLite. It takes the write lock before reading
    # the revision, so that two `tracker init` or `db upgrade` at once run
    # one after the other, the second finding nothing left to do.
    options = engine.get_execution_options()
    migrating = db.make_engine(
        engine.url,
        foreign_keys=False,
        wait=options.get("tracker_wait", db.WAIT_SECONDS),
        note=options.get("tracker_note"),
    )
    try:
        with (
            db.database_errors(),
            migrating.execution_options(tracker_write=True).connect() as connection,
            connection.begin(),
        ):
            step(alembic_config(connection), revision)
    except (CommandError, ResolutionError) as exc:
        raise TrackerError(_first_line(exc)) from exc
    finally:
        migrating.dispose()


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def differences(engine: Engine) -> list[Any]:
    """What autogenerate would change: empty when models and schema agree."""
    with db.database_errors(), engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        if revision != head():
            raise TrackerError(
                f"the database is at revision {revision or 'base'}, not {head()};"
                " run `tracker db upgrade` first"
            )
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
            return compare_metadata(context, Base.metadata)
