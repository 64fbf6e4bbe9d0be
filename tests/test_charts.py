"""The scorecard's SVG charts: accessible, to scale, escaped, legible in greyscale."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

from tracker import vocab
from tracker.scorecard import charts
from tracker.scorecard.charts import Bar, Event

# The width the bars share: the chart less the labels on the left and the totals on the right.
PLOT = 472


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter("text")]


def test_a_bar_chart_is_an_image_with_a_title_and_a_description():
    svg = parse(
        charts.stacked_bars(
            "chart-theme",
            "Status by theme",
            [
                Bar("military", "Military", {"achieved": 2, "not_assessed": 3}),
                Bar("financing", "Financing", {"stalled": 1}),
            ],
        )
    )
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-theme-title"
    assert svg.get("aria-describedby") == "chart-theme-desc"
    assert svg.find("title").get("id") == "chart-theme-title"
    assert svg.find("title").text == "Status by theme"
    assert svg.find("desc").text == (
        "Military: 5 (3 not assessed, 2 achieved). Financing: 1 (1 stalled)."
    )


def test_segments_follow_the_vocabulary_on_one_scale():
    bars = [
        Bar("a", "A", {"achieved": 2, "not_assessed": 6}),
        Bar("b", "B", {"in_progress": 4}),
    ]
    first, second = parse(charts.stacked_bars("c", "T", bars)).findall("g")
    assert (first.get("data-key"), first.get("data-total")) == ("a", "8")
    segments = [(r.get("data-status"), float(r.get("width"))) for r in first.findall("rect")]
    assert segments == [("not_assessed", PLOT * 6 / 8), ("achieved", PLOT * 2 / 8)]
    [(status, width)] = [(r.get("data-status"), float(r.get("width"))) for r in second.iter("rect")]
    assert (status, width) == ("in_progress", PLOT / 2)
    assert [r.get("fill") for r in first.iter("rect")] == [
        "url(#status-not_assessed)",
        "url(#status-achieved)",
    ]


def test_counts_are_written_where_they_fit_and_zeros_draw_nothing():
    bar = Bar("a", "A", {"achieved": 0, "stalled": 1, "not_assessed": 99})
    svg = parse(charts.stacked_bars("c", "T", [bar]))
    assert [r.get("data-status") for r in svg.iter("rect")] == ["not_assessed", "stalled"]
    assert texts(svg) == ["A", "99", "100"]  # the label, the wide segment's count, the total
    [narrow] = [r for r in svg.iter("rect") if r.get("data-status") == "stalled"]
    assert narrow.find("title").text == "A: 1 stalled"


def test_labels_are_escaped_and_long_ones_shortened():
    label = "<script>alert(1)</script> & a place with a long name"
    markup = charts.stacked_bars("c", "A & <b>", [Bar(label, label, {"achieved": 1})])
    assert "<script>" not in markup and "<b>" not in markup
    svg = parse(markup)
    assert svg.find("title").text == "A & <b>"
    assert svg.find("g").get("data-key") == label
    shown = texts(svg)[0]
    assert len(shown) == 28 and shown.endswith("…") and label.startswith(shown[:-1])
    assert label in svg.find("desc").text


def test_no_bars_is_an_empty_chart():
    svg = parse(charts.stacked_bars("c", "T", []))
    assert svg.findall("g") == [] and svg.find("desc").text == "Nothing to show."


def test_a_timeline_has_a_lane_per_status_and_a_dot_per_day():
    events = [
        Event(dt.date(2017, 9, 30), "in_progress", "first"),
        Event(dt.date(2018, 3, 31), "achieved", "third"),
        Event(dt.date(2017, 9, 30), "in_progress", "second"),
    ]
    svg = parse(charts.timeline("t", "Follow-ups", events, [(dt.date(2017, 3, 22), "gc2017")]))
    assert svg.get("role") == "img" and svg.find("title").text == "Follow-ups"
    assert svg.find("desc").text == (
        "3 follow-ups. In progress: 2, from 2017-09-30 to 2017-09-30."
        " Achieved: 1, from 2018-03-31 to 2018-03-31."
    )
    dots = [g for g in svg.iter("g") if g.get("class") == "event"]
    assert [(g.get("data-status"), g.get("data-date"), g.get("data-count")) for g in dots] == [
        ("in_progress", "2017-09-30", "2"),
        ("achieved", "2018-03-31", "1"),
    ]
    assert dots[0].find("title").text == "first\nsecond"
    x = [float(g.find("circle").get("cx")) for g in dots]
    assert x[0] < x[1]
    assert float(dots[0].find("circle").get("r")) > float(dots[1].find("circle").get("r"))
    shown = texts(svg)
    assert {"In progress", "Achieved", "gc2017", "2"} <= set(shown) and "Stalled" not in shown
    # Ticks every three months, on round months, across the padded range.
    assert [t for t in shown if re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t)] == [
        "Apr 2017",
        "Jul 2017",
        "Oct 2017",
        "Jan 2018",
        "Apr 2018",
    ]


def test_a_long_timeline_is_marked_in_years_and_a_single_day_still_draws():
    years = [Event(dt.date(2017 + n, 6, 30), "in_progress", "") for n in range(9)]
    labels = [t for t in texts(parse(charts.timeline("t", "T", years))) if t.isdigit()]
    assert labels == ["2018", "2020", "2022", "2024"]
    one = parse(charts.timeline("t", "T", [Event(dt.date(2018, 1, 1), "stalled", "only")]))
    assert len([g for g in one.iter("g") if g.get("class") == "event"]) == 1


def test_every_status_has_a_pattern_and_swatches_use_it():
    defs = parse(charts.pattern_defs())
    assert defs.get("aria-hidden") == "true"
    assert {p.get("id") for p in defs.iter("pattern")} == {
        f"status-{status}" for status in vocab.STATUSES
    }
    swatch = parse(charts.swatch("stalled"))
    assert swatch.get("aria-hidden") == "true" and swatch.get("role") is None
    assert swatch.find("rect").get("fill") == "url(#status-stalled)"


def test_statuses_stay_apart_in_greyscale():
    # Each has a pattern of its own, but for two plain fills far apart in lightness.
    patterns = [kind for _, kind in charts.LOOKS.values() if kind]
    assert len(patterns) == len(set(patterns)) == len(vocab.STATUSES) - 2
    plain = [colour for colour, kind in charts.LOOKS.values() if not kind]

    def lightness(colour: str) -> float:
        red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    assert abs(lightness(plain[0]) - lightness(plain[1])) > 0.4
