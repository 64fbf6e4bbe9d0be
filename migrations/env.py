"""Alembic's entry point, for `tracker db ...` and for `alembic` alike.

`tracker` hands over a connection in ``config.attributes``; `alembic` run
from the repository root gets none, and connects to ``$TRACKER_DB`` or
``./tracker.db`` as `tracker` would.
"""

from alembic import context
from sqlalchemy import Connection

from tracker import db
from tracker.errors import TrackerError
from tracker.migrate import include_object
from tracker.models import Base


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        if connection.dialect.name == "sqlite":
            # Foreign keys were off while tables were rebuilt: refuse to
            # commit a migration that left a dangling reference.
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise TrackerError(f"the migration broke foreign keys: {broken[:5]}")


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = db.make_engine(db.resolve_url(), foreign_keys=False)
    with engine.connect() as connection:
        run(connection)


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported: tracker's need a database")
main()
