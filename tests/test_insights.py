"""Insights' sums and the chart geometry: pure, no database."""

from __future__ import annotations

from datetime import date

import pytest

from annotate import charts, insights

CATS = insights.CATEGORIES


def test_article_counts_call_none_untagged_and_keep_disputed():
    counts = insights.article_counts(
        {"fact": 2, "speculation": 1, "hype": 3, "disputed": 1, "none": 4}
    )
    assert counts == {"hype": 3, "speculation": 1, "fact": 2, "disputed": 1, "untagged": 4}


def test_layer_counts_add_missing_to_untagged_and_have_no_disputed():
    counts = insights.layer_counts(
        {"fact": 1, "speculation": 0, "hype": 2, "none": 3, "missing": 4}
    )
    assert counts == {"hype": 2, "speculation": 0, "fact": 1, "disputed": 0, "untagged": 7}


def test_group_by_outlet_puts_the_most_hyped_first():
    rows = insights.group(
        [
            ("Calm", {"hype": 1, "untagged": 9}, 100),
            ("Loud", {"hype": 5, "untagged": 5}, 200),
            ("Calm", {"hype": 1, "untagged": 9}, 100),
        ],
        "outlet",
    )
    assert [r.key for r in rows] == ["Loud", "Calm"]
    calm = rows[1]
    assert (calm.articles, calm.sentences, calm.words, calm.counts["hype"]) == (2, 20, 200, 2)
    assert calm.percent("hype") == 10 and calm.hype_per_1000_words == 10.0
    assert rows[0].as_dict() == {
        "key": "Loud", "articles": 1, "sentences": 10, "words": 200,
        "hype": 5, "speculation": 0, "fact": 0, "disputed": 0, "untagged": 5,
    }  # fmt: skip


def test_group_by_month_is_in_time_order_and_empty_rows_have_zero_shares():
    rows = insights.group([("2026-10", {"hype": 0}, 0), ("2026-09", {"fact": 1}, 3)], "month")
    assert [r.key for r in rows] == ["2026-09", "2026-10"]
    assert rows[1].share("hype") == 0.0 and rows[1].hype_per_1000_words == 0.0


def test_month_is_published_else_added():
    assert insights.month_of(date(2026, 3, 31), date(2026, 11, 1)) == "2026-03"
    assert insights.month_of(None, date(2026, 11, 1)) == "2026-11"


@pytest.mark.parametrize(
    "today, back, bounds",
    [
        (date(2026, 12, 1), 0, (date(2026, 10, 1), date(2026, 12, 31))),
        (date(2026, 12, 1), 1, (date(2026, 7, 1), date(2026, 9, 30))),
        (date(2026, 2, 10), 1, (date(2025, 10, 1), date(2025, 12, 31))),
    ],
)
def test_quarter_bounds(today, back, bounds):
    assert insights.quarter(today, back) == bounds


def test_segments_fill_the_width_and_skip_empty_categories():
    parts = charts.segments([1, 0, 2, 0, 1], CATS, x=10, y=5, width=100, height=20)
    assert [p.category for p in parts] == ["hype", "fact", "untagged"]
    assert parts[0].x == 10 and parts[-1].x + parts[-1].width == pytest.approx(110)
    assert [p.width for p in parts] == [25, 50, 25]
    assert [p.percent for p in parts] == [25, 50, 25]
    assert parts[1].labelled and parts[1].text_x == 60


def test_a_narrow_segment_carries_no_text():
    parts = charts.segments([1, 99, 0, 0, 0], CATS, x=0, y=0, width=600, height=10)
    assert not parts[0].labelled and parts[1].labelled


def test_stacked_bars_one_row_each_below_the_last():
    chart = charts.stacked_bars([("A", [1, 1, 0, 0, 0]), ("B", [0, 0, 1, 0, 0])], CATS)
    assert [b.key for b in chart.bars] == ["A", "B"]
    assert chart.bars[1].y > chart.bars[0].y + chart.bars[0].height
    assert chart.height > chart.bars[1].y + chart.bars[1].height
    assert all(s.x >= chart.plot_x for b in chart.bars for s in b.segments)


def test_stacked_areas_stack_to_the_top_and_draw_no_empty_category():
    chart = charts.stacked_areas([("2026-09", [1, 0, 1, 0, 0]), ("2026-10", [2, 0, 0, 0, 2])], CATS)
    assert [a.category for a in chart.areas] == ["hype", "fact", "untagged"]
    top = chart.top
    # The last category's upper edge is the plot's top (100%) at every point.
    untagged = chart.areas[-1].d
    assert untagged.startswith("M") and untagged.endswith("Z")
    assert all(float(p.split(",")[1]) == top for p in untagged[1:-2].split(" L")[:4])
    assert [c.percents["hype"] for c in chart.columns] == [50, 50]
    assert chart.columns[0].x + chart.columns[0].width == chart.columns[1].x


def test_a_single_month_spans_its_column():
    chart = charts.stacked_areas([("2026-09", [1, 0, 0, 0, 0])], CATS)
    (area,) = chart.areas
    xs = {float(p.split(",")[0]) for p in area.d[1:-2].split(" L")}
    assert min(xs) == chart.columns[0].x and max(xs) == chart.columns[0].x + chart.columns[0].width
