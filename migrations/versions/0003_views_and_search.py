"""Views for the common questions, and full-text search kept by triggers.

Views: commitment_overview (one row per commitment, readable), latest_follow_up
(per commitment), latest_actor_follow_up (per commitment and actor),
region_ancestor (every region with each of its ancestors, itself included)
and compliance_matrix (what `tracker scores` prints, one row per cell).

Search: commitment_search holds one row per commitment (title and quote) and
one per follow-up with a note; on SQLite an FTS5 table, on PostgreSQL a
tsvector column with a GIN index. Follow-ups are append-only, so their rows
are only ever inserted.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

# The closed statuses are tracker.status's, so that the view and the
# library cannot disagree; tests/test_status.py holds the view to them.
from tracker import status

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = [
    "commitment_overview",
    "latest_follow_up",
    "latest_actor_follow_up",
    "region_ancestor",
    "compliance_matrix",
]


def _newest_per_actor(scored: bool) -> str:
    """Conditions for follow-up f to be the newest of its commitment and actor.

    Newest by as-of date, recording time, then id, among those no later
    follow-up corrects (and, if ``scored``, among those with a score).
    Written as an anti-join rather than with a window function, so that a
    filter on the view (one statement, one commitment) reaches the indexes.
    """
    f_scored, newer_scored = (
        ("AND f.score IS NOT NULL", "AND newer.score IS NOT NULL") if scored else ("", "")
    )
    return f"""f.actor_id IS NOT NULL {f_scored}
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
      AND NOT EXISTS (
          SELECT 1 FROM follow_up AS newer
          WHERE newer.commitment_id = f.commitment_id AND newer.actor_id = f.actor_id
            AND (newer.as_of, newer.recorded_at, newer.id) > (f.as_of, f.recorded_at, f.id)
            {newer_scored}
            AND NOT EXISTS (SELECT 1 FROM follow_up AS y WHERE y.corrects_id = newer.id))"""


def _overview(today: str, aggregate: str) -> str:
    actors = aggregate.format(
        label="a.name || ' (' || ca.role || ')'",
        source="commitment_actor AS ca JOIN actor AS a ON a.id = ca.actor_id"
        " WHERE ca.commitment_id = c.id",
        order="ca.position",
    )
    regions = aggregate.format(
        label="r.name || coalesce(' (' || pr.name || ')', '')",
        source="commitment_region AS cr JOIN region AS r ON r.id = cr.region_id"
        " LEFT JOIN region AS pr ON pr.id = r.parent_id WHERE cr.commitment_id = c.id",
        order="cr.position",
    )
    return f"""CREATE VIEW commitment_overview AS
    SELECT c.id, s.code AS statement, s.date AS statement_date, p.number AS paragraph,
           se.position AS sentence, c.title, c.type, c.binding, c.theme, c.deadline,
           cs.status, cs.as_of, cs.last_follow_up_on,
           CASE WHEN c.deadline < {today}
                 AND cs.status NOT IN {status.closed_sql()}
                THEN 1 ELSE 0 END AS overdue,
           {actors} AS actors,
           {regions} AS regions,
           c.quote
    FROM commitment AS c
    JOIN statement AS s ON s.id = c.statement_id
    JOIN paragraph AS p ON p.id = c.paragraph_id
    JOIN sentence AS se ON se.id = c.sentence_id
    JOIN commitment_status AS cs ON cs.commitment_id = c.id"""


PORTABLE_VIEWS = [
    """CREATE VIEW latest_follow_up AS
    SELECT cs.commitment_id, f.id AS follow_up_id, f.status, f.score, f.as_of, f.sources,
           f.note, f.assessor, f.recorded_at
    FROM commitment_status AS cs JOIN follow_up AS f ON f.id = cs.follow_up_id""",
    f"""CREATE VIEW latest_actor_follow_up AS
    SELECT f.commitment_id, f.actor_id, a.name AS actor, f.id AS follow_up_id, f.status,
           f.score, f.as_of, f.sources, f.note, f.assessor, f.recorded_at
    FROM follow_up AS f JOIN actor AS a ON a.id = f.actor_id
    WHERE {_newest_per_actor(scored=False)}""",
    # depth < 32 stops a cycle someone made by hand from recursing forever.
    """CREATE VIEW region_ancestor AS
    WITH RECURSIVE chain (region_id, ancestor_id, depth) AS (
        SELECT id, id, 0 FROM region
        UNION ALL
        SELECT chain.region_id, region.parent_id, chain.depth + 1
        FROM chain JOIN region ON region.id = chain.ancestor_id
        WHERE region.parent_id IS NOT NULL AND chain.depth < 32
    )
    SELECT chain.region_id, r.name AS region, chain.ancestor_id, a.name AS ancestor,
           chain.depth
    FROM chain
    JOIN region AS r ON r.id = chain.region_id
    JOIN region AS a ON a.id = chain.ancestor_id""",
    f"""CREATE VIEW compliance_matrix AS
    SELECT s.code AS statement, c.id AS commitment_id, c.title, f.actor_id, a.name AS actor,
           a.country_code, f.score, (f.score + 1) * 50 AS percent, f.as_of,
           f.id AS follow_up_id
    FROM follow_up AS f
    JOIN commitment AS c ON c.id = f.commitment_id
    JOIN statement AS s ON s.id = c.statement_id
    JOIN actor AS a ON a.id = f.actor_id
    WHERE {_newest_per_actor(scored=True)}""",
]

SQLITE = [
    _overview(
        "date('now')",
        "(SELECT group_concat(label, '; ') FROM (SELECT {label} AS label FROM {source}"
        " ORDER BY {order}))",
    ),
    *PORTABLE_VIEWS,
    """CREATE VIRTUAL TABLE commitment_search USING fts5(
        commitment_id UNINDEXED, follow_up_id UNINDEXED, title, quote, note,
        tokenize = 'porter unicode61 remove_diacritics 2')""",
    """INSERT INTO commitment_search (commitment_id, title, quote)
    SELECT id, title, quote FROM commitment""",
    """INSERT INTO commitment_search (commitment_id, follow_up_id, note)
    SELECT commitment_id, id, note FROM follow_up WHERE note IS NOT NULL""",
    """CREATE TRIGGER commitment_search_insert AFTER INSERT ON commitment
    BEGIN
        INSERT INTO commitment_search (commitment_id, title, quote)
        VALUES (NEW.id, NEW.title, NEW.quote);
    END""",
    """CREATE TRIGGER commitment_search_update AFTER UPDATE OF id, title, quote ON commitment
    BEGIN
        UPDATE commitment_search SET commitment_id = NEW.id, title = NEW.title, quote = NEW.quote
        WHERE commitment_id = OLD.id AND follow_up_id IS NULL;
    END""",
    """CREATE TRIGGER commitment_search_delete AFTER DELETE ON commitment
    BEGIN
        DELETE FROM commitment_search WHERE commitment_id = OLD.id;
    END""",
    """CREATE TRIGGER commitment_search_follow_up AFTER INSERT ON follow_up
    WHEN NEW.note IS NOT NULL
    BEGIN
        INSERT INTO commitment_search (commitment_id, follow_up_id, note)
        VALUES (NEW.commitment_id, NEW.id, NEW.note);
    END""",
]

DOCUMENT = "to_tsvector('english', coalesce({0}, '') || ' ' || coalesce({1}, ''))"

POSTGRESQL_FUNCTIONS = ["tracker_search_commitment", "tracker_search_follow_up"]

POSTGRESQL = [
    _overview(
        "CURRENT_DATE",
        "(SELECT string_agg({label}, '; ' ORDER BY {order}) FROM {source})",
    ),
    *PORTABLE_VIEWS,
    """CREATE TABLE commitment_search (
        id SERIAL PRIMARY KEY,
        commitment_id VARCHAR(40) NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
        follow_up_id INTEGER REFERENCES follow_up (id),
        document TSVECTOR NOT NULL)""",
    "CREATE INDEX commitment_search_document ON commitment_search USING GIN (document)",
    "CREATE INDEX commitment_search_commitment_id ON commitment_search (commitment_id)",
    f"""INSERT INTO commitment_search (commitment_id, document)
    SELECT id, {DOCUMENT.format("title", "quote")} FROM commitment""",
    f"""INSERT INTO commitment_search (commitment_id, follow_up_id, document)
    SELECT commitment_id, id, {DOCUMENT.format("note", "NULL")} FROM follow_up
    WHERE note IS NOT NULL""",
    f"""CREATE FUNCTION tracker_search_commitment() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO commitment_search (commitment_id, document)
            VALUES (NEW.id, {DOCUMENT.format("NEW.title", "NEW.quote")});
        ELSE
            UPDATE commitment_search SET document = {DOCUMENT.format("NEW.title", "NEW.quote")}
            WHERE commitment_id = NEW.id AND follow_up_id IS NULL;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION tracker_search_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO commitment_search (commitment_id, follow_up_id, document)
        VALUES (NEW.commitment_id, NEW.id, {DOCUMENT.format("NEW.note", "NULL")});
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER commitment_search_commitment
    AFTER INSERT OR UPDATE OF title, quote ON commitment
    FOR EACH ROW EXECUTE FUNCTION tracker_search_commitment()""",
    """CREATE TRIGGER commitment_search_follow_up AFTER INSERT ON follow_up
    FOR EACH ROW WHEN (NEW.note IS NOT NULL) EXECUTE FUNCTION tracker_search_follow_up()""",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE if sqlite else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "update", "delete", "follow_up"):
            op.execute(f"DROP TRIGGER IF EXISTS commitment_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS commitment_search")
    else:
        for name in POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
        op.execute("DROP TABLE IF EXISTS commitment_search")
