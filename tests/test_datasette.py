"""`datasette tracker.db -m metadata.json`, a real server: search, hidden tables, queries."""

import html
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import add_government, run

from tracker import metadata, schema_doc

pytest.importorskip("datasette")

EVIDENCE = "https://example.org/fictional/report"
FOLLOW_UPS = [
    ["gc2017-4.5", "--status", "in_progress", "--as-of", "2018-01-01",
     "--note", "Fictional: passports checked at the crossings."],
    ["gc2017-4.1", "--status", "achieved", "--as-of", "2018-03-01",
     "--note", "Fictional: sanctuary denied."],
    ["gc2017-11.3", "--actor", "Government of Denmark", "--score", "+1",
     "--status", "achieved", "--as-of", "2018-06-30"],
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    def __init__(self, port: int, database: str) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.database = database

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def rows(self, path: str) -> list[dict]:
        status, body = self.get(f"/{self.database}/{path}")
        assert status == 200, body
        return json.loads(body)


@pytest.fixture
def site(seeded_sqlite: str, tmp_path: Path):
    add_government(seeded_sqlite, "Government of Denmark", "DK")
    for args in FOLLOW_UPS:
        added = run(seeded_sqlite, "follow-up", "add", *args, "--source", EVIDENCE)
        assert added.exit_code == 0, added.output
    target = tmp_path / "metadata.json"
    assert run(seeded_sqlite, "datasette-metadata", "--output", str(target)).exit_code == 0
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", seeded_sqlite, "-m", str(target),
         "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        site = Site(port, Path(seeded_sqlite).stem)
        for _ in range(300):
            try:
                if site.get("/-/versions.json")[0] == 200:
                    break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"datasette exited: {server.stderr.read().decode()}")
            time.sleep(0.1)
        else:
            pytest.fail("datasette did not answer within 30 seconds")
        yield site
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()


@pytest.mark.slow
def test_datasette_searches_hides_and_answers_the_canned_queries(site):
    # ?_search= on the tables themselves, through revision 0007's keyed rows.
    found = site.rows("commitment.json?_search=passports&_shape=array")
    assert [r["id"] for r in found] == ["gc2017-11.3"]
    notes = site.rows("follow_up.json?_search=passports&_shape=array")
    assert [(r["id"], r["commitment_id"]) for r in notes] == [(1, "gc2017-4.5")]
    assert site.rows("follow_up.json?_search=sanctuary&_shape=array")[0]["id"] == 2
    assert site.rows("commitment.json?_search=xylophone&_shape=array") == []
    status, page = site.get(f"/{site.database}/commitment?_search=passports")
    assert status == 200 and "gc2017-11.3" in page and "gc2017-4.1" not in page

    # The index shows the public tables only.
    status, body = site.get(f"/{site.database}.json")
    assert status == 200
    tables = json.loads(body)["tables"]
    shown = {t["name"] for t in tables if not t["hidden"]}
    public = {n for n, r in schema_doc.TABLES.items() if not r.internal}
    assert shown == public
    assert {t["name"] for t in tables} - shown >= set(metadata.hidden_tables())
    status, page = site.get(f"/{site.database}")
    assert status == 200
    for name in ("bulk_load", "commitment_search_content", "commitment_fts", "alembic_version"):
        assert f'href="/{site.database}/{name}"' not in page

    # Every canned query runs and answers its question.
    assert {q["name"] for q in json.loads(body)["queries"]} == set(metadata.QUERIES)
    overdue = site.rows("overdue.json?_shape=array")
    assert [r["id"] for r in overdue] == ["gc2017-14.4"]
    stale = site.rows("stale.json?days=365&_shape=array")
    assert len(stale) == 43 and "gc2017-4.1" not in {r["id"] for r in stale}  # achieved
    assert site.rows("stale.json?days=1000000&_shape=array") == []
    matrix = site.rows("scores.json?_shape=array")
    assert [(r["commitment_id"], r["actor"], r["score"], r["percent"]) for r in matrix] == [
        ("gc2017-11.3", "Government of Denmark", 1, 100)
    ]
    by_actor = site.rows("compliance_by_actor.json?_shape=array")
    assert by_actor == [
        {"actor": "Government of Denmark", "commitments_scored": 1, "average": 1.0,
         "percent": 100.0}
    ]  # fmt: skip
    changed = site.rows("changed_since.json?since=2000-01-01&_shape=array")
    assert [r["id"] for r in changed] == [1, 2, 3]
    assert site.rows("changed_since.json?since=2999-01-01&_shape=array") == []
    # The view of the same rows is still a table page of its own.
    assert len(site.rows("compliance_matrix.json?_shape=array")) == 1
    for name, query in metadata.QUERIES.items():
        status, page = site.get(f"/{site.database}/{name}")
        assert status == 200 and query["title"] in page
        assert query["description"] in html.unescape(page)
