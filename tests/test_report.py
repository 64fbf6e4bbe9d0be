"""`tracker report`: the scorecard agrees with `tracker list` and `tracker scores`,
escapes what it shows, loads nothing, and renders in a real browser.

Every follow-up here is fictional: notes start with "Fictional" and the
sources are example.org addresses.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from helpers import execute, run

from tracker import vocab
from tracker.clock import today
from tracker.scorecard.report import STALE_DAYS, safe_href

CHROMIUM = "/usr/bin/chromium"
# Headless, and nothing Chromium would fetch for itself: the network is closed.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = 'Fictional: <script>alert("note")</script> & <img src=x onerror=alert(1)>'
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def tracker(database: str, *args: str) -> str:
    result = run(database, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def follow_up(database: str, commitment: str, status: str, as_of: str, *options: str) -> None:
    source = f"https://example.org/fictional/{commitment}-{as_of}"
    tracker(
        database,
        *("follow-up", "add", commitment, "--status", status, "--as-of", as_of),
        *("--source", source, *options),
    )


@pytest.fixture
def assessed(seeded: str) -> str:
    """The seed database with a few fictional follow-ups of every kind."""
    recent = (today() - dt.timedelta(days=10)).isoformat()
    follow_up(seeded, "gc2017-4.1", "in_progress", "2017-09-30", "--note", "Fictional: strikes.")
    follow_up(seeded, "gc2017-4.1", "achieved", "2018-03-31")
    follow_up(seeded, "gc2017-7.3", "stalled", "2017-12-31", "--note", "Fictional: no ceasefire.")
    follow_up(seeded, "gc2017-6.2", "not_achieved", "2019-06-30")
    follow_up(seeded, "gc2017-8.1", "in_progress", recent)
    follow_up(seeded, "gc2017-5.1", "achieved", "2018-01-01")
    [wrong] = [f["id"] for f in _history(seeded) if f["commitment"] == "gc2017-5.1"]
    follow_up(seeded, "gc2017-5.1", "partially_achieved", "2018-01-01", "--corrects", str(wrong))
    for name, code in (("Government of Denmark", "DK"), ("Government of France", "FR")):
        tracker(seeded, "actor", "add", name, "--kind", "national_government", "--country", code)
    for commitment, actor, score in (
        ("gc2017-11.3", "Government of Denmark", "+1"),
        ("gc2017-11.3", "Government of France", "0"),
        ("gc2017-4.2", "Government of France", "-1"),
    ):
        status = {"+1": "achieved", "0": "partially_achieved", "-1": "not_started"}[score]
        follow_up(seeded, commitment, status, "2018-06-30", "--actor", actor, "--score", score)
    return seeded


def _history(database: str) -> list[dict[str, Any]]:
    return json.loads(tracker(database, "follow-up", "list", "--format", "json"))


def listed(database: str, *filters: str) -> list[dict[str, Any]]:
    return json.loads(tracker(database, "list", "--format", "json", *filters))


class Page(HTMLParser):
    """Every element of an HTML page: its tag, attributes, text and the ids around it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict[str, Any]] = []
        self._open: list[dict[str, Any]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {
            "tag": tag,
            "attrs": dict(attrs),
            "within": {e["attrs"]["id"] for e in self._open if "id" in e["attrs"]},
            "text": "",
        }
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop()["tag"] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element["text"] += data

    def find(self, attribute: str, within: str | None = None) -> list[dict[str, str]]:
        """The attributes of the elements that have ``attribute``, inside id ``within``."""
        return [
            e["attrs"]
            for e in self.elements
            if attribute in e["attrs"] and (within is None or within in e["within"])
        ]


def chart_counts(page: Page, chart: str) -> dict[str, Counter[str]]:
    """A stacked bar chart's numbers: each bar's key and its count per status."""
    bars: dict[str, Counter[str]] = {}
    for element in page.elements:
        if chart in element["within"] and element["attrs"].get("class") == "bar":
            bars[element["attrs"]["data-key"]] = Counter()
            bar = bars[element["attrs"]["data-key"]]
        elif chart in element["within"] and "data-status" in element["attrs"]:
            bar[element["attrs"]["data-status"]] += int(element["attrs"]["data-count"])
    return bars


def statuses(records: list[dict[str, Any]]) -> Counter[str]:
    return Counter(r["status"] for r in records)


def md_tables(markdown: str) -> dict[str, list[list[list[str]]]]:
    """Each heading's tables, as rows of cells (the header row first, no separator)."""
    tables: dict[str, list[list[list[str]]]] = {}
    heading, previous = "", ""
    for line in markdown.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("| "):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if not previous.startswith("| "):
                tables.setdefault(heading, []).append([])
            if set("".join(cells)) != {"-"}:
                tables[heading][-1].append(cells)
        previous = line
    return tables


def md_counts(table: list[list[str]]) -> dict[str, Counter[str]]:
    """A breakdown table as each row's count per status (by its words)."""
    header, *rows = table
    return {
        row[0]: Counter({h: int(c) for h, c in zip(header[2:], row[2:], strict=True) if int(c)})
        for row in rows
    }


def matrix_of(page: Page) -> dict[str, dict[str, Any]]:
    """The compliance matrix's rows: the commitment on the row, the scores in its cells."""
    matrix: dict[str, dict[str, Any]] = {}
    for element in page.elements:
        attrs = element["attrs"]
        if element["tag"] == "tr" and "data-commitment" in attrs and "matrix" in element["within"]:
            row = matrix[attrs["data-commitment"]] = {
                "scores": {},
                "average": float(attrs["data-average"]),
                "percent": float(attrs["data-percent"]),
            }
        elif "data-score" in attrs:
            row["scores"][attrs["data-actor"]] = int(attrs["data-score"])
    return matrix


def words(key: str) -> str:
    return key.replace("_", " ").capitalize()


def as_words(counts: Counter[str]) -> Counter[str]:
    return Counter({words(key): n for key, n in counts.items()})


def test_the_numbers_are_those_of_list(assessed):
    page = Page(tracker(assessed, "report"))
    records = listed(assessed)
    by_id = {r["id"]: r for r in records}
    overdue = {r["id"] for r in listed(assessed, "--overdue")}
    stale = {r["id"] for r in listed(assessed, "--stale", str(STALE_DAYS))}
    unassessed = {r["id"] for r in listed(assessed, "--status", "not_assessed")}
    assert overdue and stale and unassessed and stale != set(by_id)  # the fixture covers each

    totals = {a["data-status"]: int(a["data-count"]) for a in page.find("data-count", "totals")}
    assert totals == {status: statuses(records)[status] for status in vocab.STATUSES}
    metrics = {a["data-metric"]: int(a["data-value"]) for a in page.find("data-metric")}
    assert metrics == {
        "commitments": len(records),
        "assessed": len(records) - len(unassessed),
        "achieved": statuses(records)["achieved"],
        "overdue": len(overdue),
        "stale": len(stale),
        "follow_ups": len(_history(assessed)),
    }
    assert chart_counts(page, "chart-status") == {"all": statuses(records)}

    themes = {t: statuses([r for r in records if r["theme"] == t]) for t in vocab.THEMES}
    assert chart_counts(page, "chart-theme") == {t: c for t, c in themes.items() if c}
    roles = {
        role: statuses([r for r in records if any(a["role"] == role for a in r["actors"])])
        for role in vocab.ACTOR_ROLES
    }
    assert chart_counts(page, "chart-role") == {role: c for role, c in roles.items() if c}
    regions = chart_counts(page, "chart-region")
    assert regions.pop("") == statuses([r for r in records if not r["regions"]])
    assert set(regions) == {region["name"] for r in records for region in r["regions"]}
    for name, counts in regions.items():
        assert counts == statuses(listed(assessed, "--region", name)), name

    rows = page.find("data-as-of", "commitment-list")
    assert [r["data-commitment"] for r in rows] == [r["id"] for r in records]
    for row in rows:
        record = by_id[row["data-commitment"]]
        assert (row["data-status"], row["data-as-of"]) == (record["status"], record["as_of"] or "")
    reasons = {a["data-commitment"]: a["data-reasons"].split() for a in page.find("data-reasons")}
    for key, expected in (("overdue", overdue), ("stale", stale), ("not_assessed", unassessed)):
        assert {c for c, why in reasons.items() if key in why} == expected, key
    attention = {a["data-attention"]: int(a["data-value"]) for a in page.find("data-attention")}
    assert attention == {
        "overdue": len(overdue),
        "stale": len(stale),
        "not_assessed": len(unassessed),
    }


def test_the_compliance_matrix_is_that_of_scores(assessed):
    page = Page(tracker(assessed, "report"))
    scores = json.loads(tracker(assessed, "scores", "--format", "json"))
    assert matrix_of(page) == {
        r["id"]: {"scores": r["scores"], "average": r["average"], "percent": r["percent"]}
        for r in scores["commitments"]
    }
    per_actor = {
        a["data-actor-average"]: (float(a["data-average"]), float(a["data-percent"]))
        for a in page.find("data-actor-average")
    }
    assert per_actor == {a["actor"]: (a["average"], a["percent"]) for a in scores["actor_averages"]}
    [overall] = [a for a in page.find("data-average") if a.get("id") == "overall"]
    assert (float(overall["data-average"]), float(overall["data-percent"])) == (
        scores["overall"]["average"],
        scores["overall"]["percent"],
    )


def test_the_markdown_has_the_same_numbers(assessed):
    tables = md_tables(tracker(assessed, "report", "--format", "md"))
    records = listed(assessed)
    overdue = {r["id"] for r in listed(assessed, "--overdue")}
    stale = {r["id"] for r in listed(assessed, "--stale", str(STALE_DAYS))}
    unassessed = {r["id"] for r in records if r["status"] == "not_assessed"}

    [glance] = tables["At a glance"]
    assert glance[1][0] == str(len(records))
    assert glance[1][3:] == [str(len(overdue)), str(len(stale)), str(len(_history(assessed)))]
    [by_status] = tables["Totals by status"]
    assert {row[0]: int(row[1]) for row in by_status[1:]} == as_words(
        Counter({status: statuses(records)[status] for status in vocab.STATUSES})
    )
    [themes] = tables["Status by theme"]
    assert md_counts(themes) == {
        words(theme): as_words(statuses([r for r in records if r["theme"] == theme]))
        for theme in {r["theme"] for r in records}
    }
    [regions] = tables["Status by region"]
    for label, counts in md_counts(regions).items():
        if label == "No place named":
            assert counts == as_words(statuses([r for r in records if not r["regions"]]))
        else:
            name = label.split(" (in ")[0]
            assert counts == as_words(statuses(listed(assessed, "--region", name))), name

    scores = json.loads(tracker(assessed, "scores", "--format", "json"))
    [matrix] = tables["Compliance by actor"]
    rows = matrix[1:]
    assert [row[0] for row in rows] == [r["id"] for r in scores["commitments"]] + ["Average", "%"]
    overall = scores["overall"]
    assert rows[-2][-2:] == [f"{overall['average']:+.2f}", f"{overall['percent']:.0f}%"]

    [counts, reasons] = tables["Needs attention"]
    assert counts[1] == [str(len(overdue)), str(len(stale)), str(len(unassessed))]
    assert {row[0] for row in reasons[1:]} == overdue | stale | unassessed
    listing = [
        row
        for heading, found in tables.items()
        if heading.startswith("gc2017, paragraph ")
        for row in found[0][1:]
    ]
    assert [(row[0], row[2]) for row in listing] == [(r["id"], words(r["status"])) for r in records]


def test_the_seed_database_alone_gives_a_useful_report(seeded):
    html = tracker(seeded, "report")
    page = Page(html)
    rows = page.find("data-as-of", "commitment-list")
    assert len(rows) == 44
    assert {r["data-status"] for r in rows} == {"not_assessed"}
    assert {r["data-as-of"] for r in rows} == {""}
    totals = {a["data-status"]: int(a["data-count"]) for a in page.find("data-count", "totals")}
    assert totals == {s: 44 if s == "not_assessed" else 0 for s in vocab.STATUSES}
    charts = [a["id"] for a in page.find("role") if a["role"] == "img"]
    wide = ["chart-status", "chart-theme", "chart-region", "chart-role"]
    assert charts == [i for chart in wide for i in (chart, f"{chart}-narrow")]
    assert "No follow-ups recorded yet" in html and "No per-actor scores recorded yet" in html
    assert "None" not in re.sub(r"<[^>]*>", "", html)

    markdown = tracker(seeded, "report", "--format", "md")
    assert "No follow-ups recorded yet." in markdown and "None" not in markdown
    assert len(markdown) < 65_536  # a GitHub issue's body
    [by_status] = md_tables(markdown)["Totals by status"]
    assert by_status[1][:2] == ["Not assessed", "44"]


def test_report_for_one_statement_and_for_an_unknown_one(seeded_sqlite):
    def body(*options: str) -> str:
        # Everything but the moment it was produced.
        produced = r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?"
        return re.sub(produced, "", tracker(seeded_sqlite, "report", *options))

    assert body("--statement", "GC2017") == body()
    result = run(seeded_sqlite, "report", "--statement", "gc1999")
    assert result.exit_code == 1 and "no statement gc1999; there are: gc2017" in result.stderr


def test_the_report_says_when_and_where_it_was_made(seeded_sqlite, tmp_path):
    target = tmp_path / "scorecard.md"
    tracker(seeded_sqlite, "report", "--format", "md", "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert re.search(r"Produced \d{4}-\d\d-\d\d \d\d:\d\d UTC from ", text)
    # By file name alone: the report may be e-mailed, the folders it came from not with it.
    assert "from tracker.db by tracker" in text
    assert str(Path(seeded_sqlite).parent) not in text
    assert f"Stale: open, and no follow-up for more than {STALE_DAYS} days" in text
    html = tracker(seeded_sqlite, "report")
    assert "from <code>tracker.db</code>" in html and str(Path(seeded_sqlite).parent) not in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">', html)


def hostile(database: str) -> None:
    """Markup in a note, an actor's name and a title, and a source no link may point to."""
    follow_up(database, "gc2017-4.1", "stalled", "2018-01-01", "--note", HOSTILE)
    actor = "<b>Fictional & Co</b>"
    tracker(database, "actor", "add", actor, "--kind", "private_sector")
    follow_up(database, "gc2017-4.2", "achieved", "2018-01-01", "--actor", actor, "--score", "1")
    # Hand-written SQL can store a link that must not be followed, and any title.
    execute(
        database,
        "UPDATE statement SET source_url = 'javascript:alert(1)',"
        " title = 'Fictional </title><script>alert(2)</script>'",
    )


def test_what_the_database_holds_is_escaped(seeded):
    hostile(seeded)
    html = tracker(seeded, "report")
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;note&#34;)&lt;/script&gt;" in html
    assert 'title="&lt;b&gt;Fictional &amp; Co&lt;/b&gt;"' in html
    assert "<title>Scorecard: Fictional &lt;/title&gt;&lt;script&gt;" in html
    hrefs = [e["attrs"]["href"] for e in Page(html).elements if "href" in e["attrs"]]
    assert hrefs and all(h.startswith("https://example.org/fictional/") for h in hrefs)
    assert "javascript" not in html

    markdown = tracker(seeded, "report", "--format", "md")
    assert "<script" not in markdown.lower() and "<b>" not in markdown
    assert "&lt;script&gt;" in markdown and "&lt;b&gt;Fictional &amp; Co&lt;/b&gt;" in markdown
    assert "](javascript" not in markdown and "| javascript:alert(1) |" in markdown  # as text
    assert "(https://example.org/fictional/gc2017-4.1-2018-01-01)" in markdown


@pytest.mark.parametrize(
    "url, href",
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        (" HTTP://example.org/ ", "HTTP://example.org/"),
        ("javascript:alert(1)", None),
        ("JavaScript://example.org/%0Aalert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("file:///etc/passwd", None),
        ("//example.org/no-scheme", None),
        ("https://", None),
        ("http://[::1", None),
        (None, None),
    ],
)
def test_only_http_and_https_urls_become_links(url, href):
    assert safe_href(url) == href


def test_the_page_refers_to_nothing_it_would_load(assessed):
    hostile(assessed)
    html = tracker(assessed, "report")
    page = Page(html)
    # Anchors are the only references, and they are followed only when clicked.
    assert {e["tag"] for e in page.elements if {"href", "src", "srcset"} & set(e["attrs"])} == {"a"}
    for tag in ("script", "link", "img", "iframe", "object", "embed", "image", "use", "base"):
        assert not [e for e in page.elements if e["tag"] == tag], tag
    assert not re.search(r"url\(\s*['\"]?(?!#)", html), "CSS url() to anything but a pattern"
    assert "@import" not in html and "@font-face" not in html
    # Every http or https URL in the source is an anchor's href.
    anchors = [e for e in page.elements if e["tag"] == "a"]
    assert anchors and all(a["attrs"]["href"].startswith("https://") for a in anchors)
    named = re.findall(r"""([\w:-]+)\s*=\s*["']?\s*https?://""", html, flags=re.IGNORECASE)
    assert named == ["href"] * len(anchors)


@pytest.fixture
def sync_playwright() -> Any:
    """Playwright's entry point, or a skip (a failure where CI requires the browser)."""
    missing = []
    try:
        from playwright.sync_api import sync_playwright as entry_point
    except ImportError:
        missing.append("playwright (pip install playwright)")
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if missing:
        message = "the browser test needs " + " and ".join(missing)
        if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; TRACKER_REQUIRE_BROWSER=1 requires it")
        pytest.skip(message)
    return entry_point


# The smallest font any visible text is drawn in, in CSS pixels on the screen:
# SVG text by its size times the scale its chart is drawn at.
SMALLEST_FONT = """() => {
  const sizes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest("title, desc, style")) continue;
    if (!element.getClientRects().length) continue;
    let size = parseFloat(getComputedStyle(element).fontSize);
    if (element instanceof SVGElement) size *= element.ownerSVGElement.getScreenCTM().a;
    sizes.push([size, node.textContent.trim().slice(0, 40)]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  return sizes[0];
}"""
# Text of a visible chart that reaches past its edges.
CUT_OFF = """() => [...document.querySelectorAll("svg.chart")]
  .filter((svg) => svg.getClientRects().length)
  .flatMap((svg) => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll("text")].filter((text) => {
      const r = text.getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1
        || r.top < box.top - 1 || r.bottom > box.bottom + 1;
    }).map((text) => `${svg.id}: ${text.textContent}`);
  })"""
# Boxes that scroll sideways on their own (wide tables), and how much wider their content is.
SCROLLING = """() => [...document.querySelectorAll(".scroll")]
  .filter((box) => box.scrollWidth > box.clientWidth)
  .map((box) => box.querySelector("table").id)"""


# The page is the same whichever engine it came from: one browser run per width is enough.
@pytest.mark.parametrize("seeded", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_the_browser_shows_the_page_at_every_width(sync_playwright, assessed, tmp_path, width):
    hostile(assessed)
    report = tmp_path / "scorecard.html"
    tracker(assessed, "report", "--output", str(report))
    url = report.as_uri()
    errors: list[str] = []
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = chromium.new_page(viewport={"width": width, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url) if r.url != url else None)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(url, wait_until="load")
            # Never sideways: the page is as wide as the screen.
            assert page.evaluate("document.documentElement.scrollWidth") == width
            smallest, where = page.evaluate(SMALLEST_FONT)
            assert smallest >= 11, f"{where!r} is drawn at {smallest:.1f} px"
            assert page.evaluate(CUT_OFF) == []
            charts = page.locator("svg[role=img]:visible")
            assert charts.count() == 5
            suffix = "-narrow" if width < 600 else ""
            for index in range(charts.count()):
                chart = charts.nth(index)
                assert chart.get_attribute("id").endswith(suffix)
                assert chart.locator("title").first.text_content()
                assert chart.locator("desc").first.text_content()
                box = chart.bounding_box()
                assert box and box["width"] > 300 and box["height"] > 20
            assert page.locator(f"#chart-theme{suffix} rect[data-status]").count() > 9
            # Wide tables scroll inside their own boxes on a phone, and fit a wide screen.
            scrolling = page.evaluate(SCROLLING)
            assert ("commitment-list" in scrolling) == (width < 600)
            assert width < 600 or scrolling == []
            screenshot = tmp_path / "scorecard.png"
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            chromium.close()
    assert errors == [] and requests == [] and dialogs == []
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot: {screenshot}")


def test_the_report_shows_assessors_members_and_the_statement_source(seeded):
    tracker(seeded, "actor", "add", "European Union", "--kind", "international_organisation")
    follow_up(
        seeded,
        "gc2017-11.3",
        "in_progress",
        "2018-06-30",
        "--actor",
        "European Union",
        "--score",
        "0",
        "--assessor",
        "A. Analyst",
    )
    follow_up(
        seeded,
        "gc2017-11.3",
        "stalled",
        "2018-09-30",
        "--actor",
        "European Union",
        "--assessor",
        "B. Briefer",
    )  # unscored: a status of its own
    execute(seeded, "UPDATE statement SET source_url = 'https://example.org/fictional-statement'")
    html = tracker(seeded, "report")
    page = Page(html)
    assert [a["data-assessor"] for a in page.find("data-assessor", "latest-follow-ups")] == [
        "B. Briefer",
        "A. Analyst",
    ]
    assert page.find("data-member", "member-statuses") == [
        {
            "data-commitment": "gc2017-11.3",
            "data-member": "European Union",
            "data-status": "stalled",
        }
    ]
    # The newest assessment has no score, so the matrix cell is empty (issue 13).
    assert '<abbr title="European Union">' not in html
    assert [a["data-source"] for a in page.find("data-source")] == [
        "https://example.org/fictional-statement"
    ]
    markdown = tracker(seeded, "report", "--format", "md")
    tables = md_tables(markdown)
    assert tables["Status by member"][0] == [
        ["Commitment", "Member", "Status", "Score", "As of", "Assessor"],
        ["gc2017-11.3", "European Union", "Stalled", "", "2018-09-30", "B. Briefer"],
    ]
    latest = tables["Follow-ups over time"][0]
    assert [row[latest[0].index("Assessor")] for row in latest[1:]] == ["B. Briefer", "A. Analyst"]
    assert "## Compliance by actor\n\nNo per-actor scores recorded yet." in markdown
    assert "[example.org/fictional-statement](https://example.org/fictional-statement)" in markdown


def test_stale_sets_the_needs_attention_threshold(seeded):
    recent = (today() - dt.timedelta(days=40)).isoformat()
    follow_up(seeded, "gc2017-4.1", "in_progress", recent)
    default = Page(tracker(seeded, "report"))
    assert [
        t["data-value"] for t in default.find("data-metric") if t["data-metric"] == "stale"
    ] == ["43"]
    narrow = Page(tracker(seeded, "report", "--stale", "30"))
    assert [t["data-value"] for t in narrow.find("data-metric") if t["data-metric"] == "stale"] == [
        "44"
    ]
    markdown = tracker(seeded, "report", "--stale", "30", "--format", "md")
    assert "Stale: open, and no follow-up for more than 30 days" in markdown
    result = run(seeded, "report", "--stale", "-1")
    assert result.exit_code == 2
