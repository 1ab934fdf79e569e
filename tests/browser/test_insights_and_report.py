"""Insights' charts and the printed report in Chromium: drawn under the CSP, patterns
filled, and a report that prints on A4 and Letter without its navigation."""

from __future__ import annotations

from datetime import date

import pytest

from annotate.models import Article
from tests.browser.test_csp import log_in, violations, watched  # noqa: F401
from tests.conftest import TEXT, tag

pytestmark = pytest.mark.django_db(transaction=True)

HYPE = "The company called it the greatest leap in computing history."


@pytest.mark.parametrize("by", ["outlet", "month", "editor"])
def test_insights_chart_draws_patterned_marks_with_no_csp_violation(watched, editor, by):  # noqa: F811
    page = watched
    for n, outlet in enumerate(["Loud", "Calm"]):
        article = Article.objects.create(
            title=outlet, text=TEXT, outlet=outlet, published_on=date(2026, 9 + n, 1),
            created_by=editor,
        )  # fmt: skip
        tag(article, editor, HYPE, "hype")
    log_in(page, editor.username)
    page.goto(f"/insights/?by={by}")
    marks = page.locator(".chart-svg .seg, .chart-svg .area")
    assert marks.count() >= 2
    box = marks.first.bounding_box()
    assert box["width"] > 5 and box["height"] > 5
    # The hype pattern's ground takes its colour from the stylesheet's class.
    fill = page.evaluate("getComputedStyle(document.querySelector('#pat-hype .c-hype')).fill")
    assert fill == "rgb(154, 27, 92)"
    assert violations(page) == []


def test_report_prints_on_a4_and_letter_without_navigation(watched, editor, tmp_path):  # noqa: F811
    page = watched
    text = "\n\n".join(f"Paragraph {p} says a thing. It says another thing." for p in range(80))
    article = Article.objects.create(title="Long", text=text, created_by=editor)
    tag(article, editor, "Paragraph 3 says a thing.", "hype")
    log_in(page, editor.username)
    page.goto(f"/articles/{article.pk}/report/")
    assert page.locator(".top").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".top").is_visible() and not page.locator(".no-print").is_visible()
    avoid = page.evaluate(
        "getComputedStyle(document.querySelector('.report-sentence')).breakInside"
    )
    assert avoid == "avoid"
    for fmt in ("A4", "Letter"):
        pdf = page.pdf(format=fmt, print_background=True)
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 2
    # Nothing wider than the page: A4's printable width is the narrower one.
    page.set_viewport_size({"width": 700, "height": 1000})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 700
    assert violations(page) == []
