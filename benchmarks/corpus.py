"""Build synthetic tracker databases at three sizes, for the benchmarks.

small: the seed statement alone. medium: 1,000 statements, 40,000
commitments, 200,000 follow-ups. large: 10,000 statements, 400,000
commitments, 2,000,000 follow-ups. Everything is fictional and generated
from a fixed random seed. Text follows the seed statement: a sentence of 25
to 45 of its words, each as frequent as there (so a search term is as rare
as in real statements), four sentences a paragraph, ten paragraphs a
statement. Follow-ups are skewed: one commitment in a hundred gets four in
ten of them, so some have hundreds and most have few.

The rows go in through the migrated schema with every trigger on, as
`tracker` would write them. Databases are cached under benchmarks/.cache.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import random
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from tracker import db, migrate, seed, status, vocab

CACHE = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True)
class Size:
    name: str
    statements: int
    follow_ups: int
    import_rows: int  # follow-ups in the bulk-import file


SIZES = {
    "small": Size("small", 0, 0, 20_000),
    "medium": Size("medium", 1_000, 200_000, 200_000),
    "large": Size("large", 10_000, 2_000_000, 2_000_000),
}
PARAGRAPHS, SENTENCES = 10, 4
MEMBERS = 120
SEED_TEXT = seed.seed_files()[0].with_suffix(".txt")
WORDS = re.findall(r"[a-z]+", SEED_TEXT.read_text(encoding="utf-8").lower())
START = dt.date(1990, 1, 1)
TODAY = dt.date(2026, 1, 1)


def path_for(size: Size) -> Path:
    return CACHE / f"{size.name}.db"


def build(size: Size) -> Path:
    """The database for ``size``, built once and then reused (brought to the newest schema)."""
    path = path_for(size)
    if path.exists():
        engine = db.make_engine(db.resolve_url(str(path)))
        migrate.upgrade(engine)
        engine.dispose()
        return path
    CACHE.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    engine = db.open_engine(db.resolve_url(str(partial)), create=True)
    seed.init(engine)
    engine.dispose()
    if size.statements:
        connection = sqlite3.connect(partial, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA synchronous = OFF")  # a throwaway build
        connection.execute("BEGIN")
        _fill(connection, size, random.Random(2017))
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
        connection.close()
    partial.rename(path)
    return path


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(25, 45))
    return " ".join(words).capitalize() + "."


def _fill(connection: sqlite3.Connection, size: Size, rng: random.Random) -> None:
    print(f"building {size.name}: actors and regions", file=sys.stderr)
    members = _actors(connection)
    regions = _regions(connection)
    coalition = connection.execute(
        "SELECT id FROM actor WHERE name = 'Global Coalition to Defeat ISIS'"
    ).fetchone()[0]
    themes, types = list(vocab.THEMES), list(vocab.COMMITMENT_TYPES)
    commitments: list[tuple[str, dt.date]] = []
    for number in range(1, size.statements + 1):
        if number % 1000 == 0:
            print(f"building {size.name}: statement {number}", file=sys.stderr)
        date = START + dt.timedelta(days=rng.randrange((TODAY - START).days - 400))
        code = f"syn{number:05d}"
        paragraphs, pieces, offset = [], [], 0
        for p in range(1, PARAGRAPHS + 1):
            label = f"{p}. "
            sentences = [_sentence(rng) for _ in range(SENTENCES)]
            body = " ".join(sentences)
            start = offset + len(label)
            paragraphs.append((p, start, start + len(body), body, sentences))
            pieces.append(label + body + "\n\n")
            offset += len(pieces[-1])
        text = "".join(pieces).rstrip("\n")
        digest = hashlib.sha256(text.encode()).hexdigest()
        statement_id = connection.execute(
            "INSERT INTO statement (code, title, issuer, place, date, text, sha256,"
            " annotation_sha256, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (code, f"Fictional ministerial statement {number}", "Fictional ministers",
             "Nowhere", date.isoformat(), text, digest, digest, "2026-01-01 00:00:00"),
        ).lastrowid  # fmt: skip
        for p, start, end, body, sentences in paragraphs:
            paragraph_id = connection.execute(
                "INSERT INTO paragraph (statement_id, number, start_offset, end_offset, text)"
                " VALUES (?, ?, ?, ?, ?)",
                (statement_id, p, start, end, body),
            ).lastrowid
            position = start
            for k, sentence in enumerate(sentences, start=1):
                sentence_id = connection.execute(
                    "INSERT INTO sentence (statement_id, paragraph_id, position, start_offset,"
                    " end_offset, text, decision) VALUES (?, ?, ?, ?, ?, ?, 'commitment')",
                    (statement_id, paragraph_id, k, position, position + len(sentence), sentence),
                ).lastrowid
                commitment_id = f"{code}-{p}.{k}"
                deadline = (
                    (date + dt.timedelta(days=rng.randrange(90, 3000))).isoformat()
                    if rng.random() < 0.3
                    else None
                )
                connection.execute(
                    "INSERT INTO commitment (id, statement_id, paragraph_id, sentence_id,"
                    " start_offset, end_offset, quote, title, type, binding, theme, deadline)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (commitment_id, statement_id, paragraph_id, sentence_id, position,
                     position + len(sentence), sentence, " ".join(sentence.split()[:8]),
                     rng.choice(types), rng.choice(("high", "low")), rng.choice(themes),
                     deadline),
                )  # fmt: skip
                if deadline:
                    connection.execute(
                        "INSERT INTO catalyst (commitment_id, kind, text) VALUES (?, ?, ?)",
                        (commitment_id, "deadline", sentence.split()[0]),
                    )
                links = [(commitment_id, coalition, "responsible", 1)]
                links.append(
                    (commitment_id, rng.choice(members), rng.choice(("addressed", "partner")), 2)
                )
                connection.executemany(
                    "INSERT INTO commitment_actor (commitment_id, actor_id, role, position)"
                    " VALUES (?, ?, ?, ?)",
                    links,
                )
                places = rng.sample(regions, rng.randint(1, 2))
                connection.executemany(
                    "INSERT INTO commitment_region (commitment_id, region_id, position)"
                    " VALUES (?, ?, ?)",
                    [(commitment_id, r, i) for i, r in enumerate(places, start=1)],
                )
                commitments.append((commitment_id, date))
                position += len(sentence) + 1
    print(f"building {size.name}: {size.follow_ups} follow-ups", file=sys.stderr)
    rows = follow_up_rows(commitments, members, size.follow_ups, rng, first_id=1)
    connection.executemany(INSERT_FOLLOW_UP, (row_values(r) for r in rows))


def _actors(connection: sqlite3.Connection) -> list[int]:
    connection.executemany(
        "INSERT INTO actor (name, kind) VALUES (?, 'national_government')",
        [(f"Fictional member {n:03d}",) for n in range(1, MEMBERS + 1)],
    )
    return [
        r[0]
        for r in connection.execute("SELECT id FROM actor WHERE name LIKE 'Fictional member %'")
    ]


def _regions(connection: sqlite3.Connection) -> list[int]:
    """Fictional countries with three cities each, under the seed's two areas."""
    parents = [
        r[0] for r in connection.execute("SELECT id FROM region WHERE kind = 'supranational'")
    ]
    places = []
    for n in range(1, 101):
        country = connection.execute(
            "INSERT INTO region (name, kind, parent_id) VALUES (?, 'country', ?)",
            (f"Fictional country {n:03d}", parents[n % len(parents)]),
        ).lastrowid
        places.append(country)
        for c in range(1, 4):
            places.append(
                connection.execute(
                    "INSERT INTO region (name, kind, parent_id) VALUES (?, 'city', ?)",
                    (f"Fictional city {n:03d}-{c}", country),
                ).lastrowid
            )
    return places


INSERT_FOLLOW_UP = (
    "INSERT INTO follow_up (id, commitment_id, actor_id, status, score, as_of, sources, note,"
    " assessor, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
FIELDS = ("id", "commitment", "actor", "status", "score", "as_of", "sources", "note", "assessor",
          "recorded_at")  # fmt: skip


def follow_up_rows(
    commitments: list[tuple[str, dt.date]],
    members: list[int],
    count: int,
    rng: random.Random,
    first_id: int,
    moment: dt.datetime = dt.datetime(2026, 1, 1),
) -> list[dict]:
    """Skewed follow-ups: a hundredth of the commitments get four tenths of them."""
    hot = commitments[: max(1, len(commitments) // 100)]
    statuses = [s for s in vocab.STATUSES if s != "not_assessed"]
    rows = []
    for n in range(count):
        commitment, date = rng.choice(hot) if rng.random() < 0.4 else rng.choice(commitments)
        per_member = rng.random() < 0.15
        as_of = date + dt.timedelta(days=rng.randrange(1, (TODAY - date).days))
        # A member's score agrees with its status (tracker.status.SCORE_STATUSES).
        score = rng.choice((-1, 0, 1)) if per_member else None
        rows.append(
            {
                "id": first_id + n,
                "commitment": commitment,
                "actor": rng.choice(members) if per_member else None,
                "status": rng.choice(
                    status.SCORE_STATUSES[score] if score is not None else statuses
                ),
                "score": score,
                "as_of": as_of.isoformat(),
                "sources": [f"https://example.org/fictional/{first_id + n}"],
                "note": " ".join(rng.choices(WORDS, k=12)) if rng.random() < 0.3 else None,
                "assessor": "Fictional analyst",
                "recorded_at": (moment + dt.timedelta(seconds=n)).isoformat(sep=" ") + ".000000",
            }
        )
    return rows


def row_values(row: dict) -> tuple:
    return (
        row["id"], row["commitment"], row["actor"], row["status"], row["score"], row["as_of"],
        json.dumps(row["sources"]), row["note"], row["assessor"], row["recorded_at"],
    )  # fmt: skip


def write_import_csv(path: Path, rows: list[dict], actor_names: dict[int, str]) -> None:
    """New follow-ups as an analyst's CSV: no ids, the database numbers them."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(FIELDS[1:])
        for row in rows:
            writer.writerow(
                [row["commitment"], actor_names.get(row["actor"], ""), row["status"],
                 "" if row["score"] is None else row["score"], row["as_of"],
                 " ".join(row["sources"]), row["note"] or "", row["assessor"], row["recorded_at"]]
            )  # fmt: skip
