"""Small SVG charts for the scorecard: stacked status bars and a timeline.

Hand-made rather than from a charting library because the report must work
offline and by e-mail: every chart is inline SVG that loads nothing, and two
shapes are all the scorecard needs. Each chart is an image to assistive
technology (role="img"), named by its <title> and described number by
number in its <desc>. Counts are written on the bars and every status has a
pattern as well as a colour, so a greyscale print still tells them apart.

The patterns live once per page, in ``pattern_defs()``; charts and swatches
refer to them by id. ElementTree escapes every label and title.
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from tracker import vocab

WIDTH = 720
# The width of the charts a phone shows (the page chooses by its own width):
# drawn for it rather than scaled down, so that no text falls below 11 px.
NARROW = 340
FONT_SIZE = 13
TEXT = "#1f2328"
MUTED = "#59636e"
GRID = "#d1d9e0"

# Each status: a fill, and a pattern drawn over it in translucent black.
LOOKS: dict[str, tuple[str, str]] = {
    "not_assessed": ("#e1e6eb", ""),
    "not_started": ("#c4cad3", "dots"),
    "in_progress": ("#79b0e6", "diagonal"),
    "stalled": ("#f3b655", "crosshatch"),
    "partially_achieved": ("#a9dc9c", "horizontal"),
    "achieved": ("#2f8f5b", ""),
    "not_achieved": ("#dc5b57", "backdiagonal"),
    "no_longer_applicable": ("#bcaae3", "vertical"),
}
PATTERN_PATHS = {
    "diagonal": "M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2",
    "backdiagonal": "M-1,7 l2,2 M0,0 l8,8 M7,-1 l2,2",
    "crosshatch": "M0,8 l8,-8 M0,0 l8,8",
    "horizontal": "M0,4 h8",
    "vertical": "M4,0 v8",
}


def words(key: str) -> str:
    """A vocabulary key as words: ``partially_achieved`` -> ``Partially achieved``."""
    return key.replace("_", " ").capitalize()


def fill(status: str) -> str:
    return f"url(#status-{status})"


def pattern_defs() -> Markup:
    """The hidden SVG that holds every status pattern; include it once per page."""
    svg = ET.Element(
        "svg",
        {"aria-hidden": "true", "focusable": "false", "width": "0", "height": "0"},
        style="position:absolute",
    )
    defs = ET.SubElement(svg, "defs")
    for status, (colour, kind) in LOOKS.items():
        pattern = ET.SubElement(
            defs,
            "pattern",
            id=f"status-{status}",
            width="8",
            height="8",
            patternUnits="userSpaceOnUse",
        )
        ET.SubElement(pattern, "rect", width="8", height="8", fill=colour)
        ink = {"stroke": "#000", "stroke-opacity": "0.45", "stroke-width": "1.2"}
        if kind == "dots":
            ET.SubElement(pattern, "circle", cx="4", cy="4", r="1.4", fill="#000", opacity="0.45")
        elif kind:
            ET.SubElement(pattern, "path", {"d": PATTERN_PATHS[kind], **ink})
    return _markup(svg)


def swatch(status: str) -> Markup:
    """A small square of a status's fill, for legends and tables (decorative)."""
    svg = ET.Element(
        "svg",
        {"aria-hidden": "true", "focusable": "false", "class": "swatch"},
        width="14",
        height="14",
        viewBox="0 0 14 14",
    )
    ET.SubElement(
        svg,
        "rect",
        x="0.5",
        y="0.5",
        width="13",
        height="13",
        rx="2",
        fill=fill(status),
        stroke=MUTED,
    )
    return _markup(svg)


@dataclass(frozen=True)
class Bar:
    """One bar: how many commitments of a group have each status."""

    key: str  # what the group is in the data: a theme, a region name, a role
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def stacked_bars(chart_id: str, title: str, bars: list[Bar], width: int = WIDTH) -> Markup:
    """Horizontal bars, one per group, split by status in vocabulary order.

    Bar lengths share one scale, so a longer bar is a larger group; each
    segment wide enough for it shows its count, and each bar its total.
    At NARROW width or less each label sits above its bar.
    """
    narrow = width <= NARROW
    label_width, total_width, bar_height, pad = (0, 36, 20, 8) if narrow else (200, 48, 20, 8)
    row = 48 if narrow else 30
    plot = width - label_width - total_width
    height = pad * 2 + row * len(bars)
    unit = plot / max([bar.total for bar in bars] + [1])
    svg = _chart(chart_id, title, _bars_description(bars), height, width)
    for index, bar in enumerate(bars):
        top = pad + index * row
        middle = top + row - bar_height / 2 - 4 if narrow else top + row / 2
        group = ET.SubElement(
            svg, "g", {"class": "bar", "data-key": bar.key, "data-total": str(bar.total)}
        )
        if narrow:
            _text(group, 0, top + 9, _shorten(bar.label, 44))
        else:
            _text(group, label_width - 10, middle, _shorten(bar.label, 28), anchor="end")
        x = float(label_width)
        for status in vocab.STATUSES:
            count = bar.counts.get(status, 0)
            if not count:
                continue
            segment_width = count * unit
            segment = ET.SubElement(
                group,
                "rect",
                {"data-status": status, "data-count": str(count)},
                x=_n(x),
                y=_n(middle - bar_height / 2),
                width=_n(segment_width),
                height=str(bar_height),
                fill=fill(status),
                stroke="#fff",
            )
            ET.SubElement(segment, "title").text = f"{bar.label}: {count} {words(status).lower()}"
            if segment_width >= 9 * len(str(count)) + 6:
                _text(group, x + segment_width / 2, middle, str(count), anchor="middle", halo=True)
            x += segment_width
        _text(group, x + 6, middle, str(bar.total), colour=MUTED)
    return _markup(svg)


def _bars_description(bars: list[Bar]) -> str:
    if not bars:
        return "Nothing to show."
    return " ".join(
        f"{bar.label}: {bar.total} ("
        + ", ".join(
            f"{bar.counts[s]} {words(s).lower()}" for s in vocab.STATUSES if bar.counts.get(s)
        )
        + ")."
        for bar in bars
    )


@dataclass(frozen=True)
class Event:
    """A follow-up on the timeline."""

    day: dt.date
    status: str
    text: str  # what its tooltip says


def timeline(
    chart_id: str,
    title: str,
    events: list[Event],
    marks: Iterable[tuple[dt.date, str]] = (),
    width: int = WIDTH,
) -> Markup:
    """Follow-ups over time: a lane per status, a dot per day with follow-ups.

    A dot grows with the number of follow-ups it stands for, and says it;
    ``marks`` are dashed lines, such as the day a statement was issued.
    It needs one event at least: without any, there is no time to draw.
    At NARROW width or less each lane's name sits above it.
    """
    marks = list(marks)
    narrow = width <= NARROW
    lanes = [s for s in vocab.STATUSES if any(e.status == s for e in events)]
    label_width, right, top, lane, axis = (16, 16, 26, 44, 28) if narrow else (170, 24, 26, 30, 28)
    height = top + lane * len(lanes) + axis
    days = [e.day for e in events] + [day for day, _ in marks]
    start, end = min(days), max(days)
    margin = dt.timedelta(days=max(15, (end - start).days // 30))
    start, end = start - margin, end + margin
    plot = width - label_width - right

    def x_of(day: dt.date) -> float:
        return label_width + (day - start).days / (end - start).days * plot

    svg = _chart(chart_id, title, _timeline_description(events, lanes), height, width)
    bottom = top + lane * len(lanes)

    def anchor(x: float) -> str:
        """Centred, unless that would put the text past an edge of the chart."""
        return "start" if x < 48 else "end" if x > width - 48 else "middle"

    for tick, label in _ticks(start, end, 3 if narrow else 8):
        _line(svg, x_of(tick), top, x_of(tick), bottom, GRID)
        _text(svg, x_of(tick), bottom + 16, label, anchor=anchor(x_of(tick)), colour=MUTED)
    for day, label in marks:
        _line(svg, x_of(day), top - 8, x_of(day), bottom, MUTED, dashed=True)
        _text(svg, x_of(day), top - 14, label, anchor=anchor(x_of(day)), colour=MUTED)
    for index, status in enumerate(lanes):
        middle = top + lane * index + (lane * 0.65 if narrow else lane / 2)
        _line(svg, label_width, middle, width - right, middle, GRID)
        if narrow:
            _text(svg, 0, middle - 19, words(status))
        else:
            _text(svg, label_width - 10, middle, words(status), anchor="end")
        by_day: dict[dt.date, list[str]] = {}
        for event in events:
            if event.status == status:
                by_day.setdefault(event.day, []).append(event.text)
        for day, texts in sorted(by_day.items()):
            _dot(svg, x_of(day), middle, status, day, texts)
    return _markup(svg)


def _dot(svg: ET.Element, x: float, y: float, status: str, day: dt.date, texts: list[str]) -> None:
    group = ET.SubElement(
        svg,
        "g",
        {
            "class": "event",
            "data-status": status,
            "data-date": day.isoformat(),
            "data-count": str(len(texts)),
        },
    )
    shown = texts[:12] + ([f"and {len(texts) - 12} more"] if len(texts) > 12 else [])
    ET.SubElement(group, "title").text = "\n".join(shown)
    radius = 5 + min(5.0, 1.5 * math.sqrt(len(texts) - 1))
    ET.SubElement(group, "circle", cx=_n(x), cy=_n(y), r=_n(radius), fill=fill(status), stroke=TEXT)
    if len(texts) > 1:
        _text(group, x + radius + 3, y - radius, str(len(texts)), colour=TEXT, size=11)


def _timeline_description(events: list[Event], lanes: list[str]) -> str:
    lines = [f"{len(events)} follow-ups."]
    for status in lanes:
        days = sorted(e.day for e in events if e.status == status)
        lines.append(f"{words(status)}: {len(days)}, from {days[0]} to {days[-1]}.")
    return " ".join(lines)


def _ticks(start: dt.date, end: dt.date, most: int = 8) -> list[tuple[dt.date, str]]:
    """First days of months within the range, a round number of months apart, ``most`` at most."""
    months = (end.year - start.year) * 12 + end.month - start.month
    step = next((s for s in (1, 3, 6, 12, 24, 60, 120) if months / s <= most), 240)
    # Months counted from year 0, so that a multiple of the step is a round one.
    month = start.year * 12 + start.month - 1 + (start.day > 1)
    month = -(-month // step) * step
    ticks = []
    while (day := dt.date(month // 12, month % 12 + 1, 1)) <= end:
        ticks.append((day, str(day.year) if step >= 12 else day.strftime("%b %Y")))
        month += step
    return ticks


def _chart(chart_id: str, title: str, description: str, height: int, width: int) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "role": "img",
            "aria-labelledby": f"{chart_id}-title",
            "aria-describedby": f"{chart_id}-desc",
            "class": "chart",
        },
        id=chart_id,
        viewBox=f"0 0 {width} {height}",
        width=str(width),
        height=str(height),
    )
    ET.SubElement(svg, "title", id=f"{chart_id}-title").text = title
    ET.SubElement(svg, "desc", id=f"{chart_id}-desc").text = description
    return svg


def _line(
    parent: ET.Element,
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    colour: str,
    dashed: bool = False,
) -> None:
    attributes = {"stroke-dasharray": "4 3"} if dashed else {}
    ET.SubElement(
        parent, "line", attributes, x1=_n(x1), y1=_n(y1), x2=_n(x2), y2=_n(y2), stroke=colour
    )


def _text(
    parent: ET.Element,
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    colour: str = TEXT,
    size: int = FONT_SIZE,
    halo: bool = False,
) -> None:
    attributes = {"text-anchor": anchor, "dominant-baseline": "central", "font-size": str(size)}
    if halo:
        # A white outline keeps the count legible on any pattern.
        attributes |= {"stroke": "#fff", "stroke-width": "3", "paint-order": "stroke"}
    element = ET.SubElement(parent, "text", attributes, x=_n(x), y=_n(y), fill=colour)
    element.text = text


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _markup(element: ET.Element) -> Markup:
    # ElementTree has escaped every text and attribute already.
    return Markup(ET.tostring(element, encoding="unicode"))
