"""Chart geometry for SVG drawn by templates: plain numbers in, rectangles and paths out.

Pure, no Django. Every chart shows shares (each category's part of a group's sentences,
stacked to 100%). Sizes are SVG user units; the templates set colours and patterns by
class, never inline style (the CSP forbids it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_LABEL_WIDTH = 34  # a segment narrower than this carries no "42%" text: it would not fit


@dataclass(frozen=True)
class Segment:
    """One category's part of a bar (or of a small share bar, in units of 100)."""

    category: str
    value: int
    percent: int
    x: float
    y: float
    width: float
    height: float

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def text_y(self) -> float:
        return round(self.y + self.height / 2 + 4, 2)

    @property
    def labelled(self) -> bool:
        return self.width >= MIN_LABEL_WIDTH


@dataclass(frozen=True)
class Bar:
    key: str
    index: int
    y: float
    height: float
    segments: list[Segment]

    @property
    def text_y(self) -> float:
        return round(self.y + self.height / 2 + 4, 2)


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    plot_x: float
    plot_width: float
    bars: list[Bar]
    ticks: list[tuple[float, str]]


def _percent(value: int, whole: int) -> int:
    return round(100 * value / whole) if whole else 0


def segments(
    values: Sequence[int], categories: Sequence[str], *, x: float, y: float, width: float,
    height: float,
) -> list[Segment]:  # fmt: skip
    """`values` (one per category) as adjacent rectangles filling `width`; empty
    categories get no rectangle. Rounded to 0.01 so the last one ends exactly at x+width."""
    whole = sum(values)
    out: list[Segment] = []
    done = 0
    for category, value in zip(categories, values, strict=True):
        if not value:
            continue
        left = round(x + width * done / whole, 2)
        done += value
        right = round(x + width * done / whole, 2)
        out.append(
            Segment(
                category, value, _percent(value, whole), left, y, round(right - left, 2), height
            )
        )
    return out


def share_bar(values: Sequence[int], categories: Sequence[str]) -> list[Segment]:
    """A small bar in a `viewBox="0 0 100 10"`: the list's and the panel's."""
    return segments(values, categories, x=0, y=0, width=100, height=10)


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[int]]],
    categories: Sequence[str],
    *,
    width: float = 900,
    label_width: float = 170,
    bar_height: float = 26,
    gap: float = 10,
) -> BarChart:
    """One horizontal bar per (key, values), stacked to 100%, keys written at the left,
    ticks every 25% under the bars."""
    plot_width = width - label_width - 10
    bars = []
    for index, (key, values) in enumerate(rows):
        y = gap + index * (bar_height + gap)
        parts = segments(
            values, categories, x=label_width, y=y, width=plot_width, height=bar_height
        )
        bars.append(Bar(key, index, y, bar_height, parts))
    height = gap + len(rows) * (bar_height + gap) + 18
    ticks = [(round(label_width + plot_width * p / 100, 2), f"{p}%") for p in (0, 25, 50, 75, 100)]
    return BarChart(width, height, label_width, plot_width, bars, ticks)


@dataclass(frozen=True)
class Area:
    category: str
    d: str


@dataclass(frozen=True)
class Column:
    """One month: the band a link covers, where its label goes, and its hype point."""

    key: str
    index: int
    x: float
    width: float
    centre: float
    percents: dict[str, int]
    hype_y: float


@dataclass(frozen=True)
class AreaChart:
    width: float
    height: float
    top: float
    plot_height: float
    areas: list[Area]
    columns: list[Column]
    ticks: list[tuple[float, str]]


def stacked_areas(
    rows: Sequence[tuple[str, Sequence[int]]],
    categories: Sequence[str],
    *,
    width: float = 900,
    height: float = 260,
    left: float = 44,
    top: float = 10,
    bottom: float = 30,
) -> AreaChart:
    """Shares over time as stacked areas, one point per (key, values) at the centre of
    its column (a single column spans its band); the first category at the bottom."""
    plot_width, plot_height = width - left - 10, height - top - bottom
    n = max(len(rows), 1)
    band = plot_width / n
    columns, stacks = [], []
    for index, (key, values) in enumerate(rows):
        whole = sum(values)
        running, stack = 0, [0.0]
        for value in values:
            running += value
            stack.append(running / whole if whole else 0.0)
        stacks.append(stack)
        x = left + index * band
        hype = stack[1] if whole else 0.0
        columns.append(
            Column(
                key,
                index,
                round(x, 2),
                round(band, 2),
                round(x + band / 2, 2),
                {c: _percent(v, whole) for c, v in zip(categories, values, strict=True)},
                round(top + plot_height * (1 - hype / 2), 2),
            )
        )
    # Points at the columns' centres, the first and last stretched to the plot's edges.
    xs = [[c.centre] for c in columns]
    if columns:
        xs[0].insert(0, columns[0].x)
        xs[-1].append(round(columns[-1].x + columns[-1].width, 2))

    def y(share: float) -> float:
        return round(top + plot_height * (1 - share), 2)

    areas = []
    for i, category in enumerate(categories):
        upper = [
            (x, y(stack[i + 1])) for stack, points in zip(stacks, xs, strict=True) for x in points
        ]
        lower = [(x, y(stack[i])) for stack, points in zip(stacks, xs, strict=True) for x in points]
        if not upper or all(
            a[1] == b[1] for a, b in zip(upper, lower, strict=True)
        ):  # an empty category draws nothing
            continue
        points = upper + lower[::-1]
        d = "M" + " L".join(f"{x:g},{y_:g}" for x, y_ in points) + " Z"
        areas.append(Area(category, d))
    ticks = [(y(p / 100), f"{p}%") for p in (0, 25, 50, 75, 100)]
    return AreaChart(width, height, top, plot_height, areas, columns, ticks)
