"""Suggestions in Chromium: g shows them as ghosts, y accepts one as a tag, Shift+Y hides one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotate.models import Annotation, SuggestionDismissal
from annotate.suggestions import SUGGESTER
from tests.browser.helpers import wait_for_count

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("SUGGESTION_SHOTS", "/tmp/annotate-suggestion-shots"))
SPECULATION = "#s-5"  # "Shipments are expected to begin next year."


def show(page, article) -> None:
    page.goto(article.get_absolute_url())
    page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
    page.keyboard.press("g")
    page.wait_for_function("() => document.documentElement.dataset.suggestions === 'shown'")


def badge(page, selector: str) -> dict:
    return page.eval_on_selector(
        selector,
        """el => { const after = getComputedStyle(el, "::after");
                   return {content: after.content, border: after.borderTopStyle,
                           radius: after.borderTopLeftRadius,
                           outline: getComputedStyle(el).outlineStyle}; }""",
    )


def test_g_shows_suggestions_as_ghosts_that_are_no_tags(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    assert page.locator(".sentence[data-suggested]").count() == 0  # off by default
    show(page, article)
    assert page.locator(".sentence[data-suggested]").count() == 3
    ghost = badge(page, SPECULATION)
    # A pill with a dashed edge saying "suggested": a tag's badge is a filled box with the
    # label alone (annotate.css), so neither can pass for the other.
    assert ghost == {
        "content": '"suggested speculation"',
        "border": "dashed",
        "radius": "999px",
        "outline": "dotted",
    }
    assert page.locator("#article-text mark").count() == 0  # nothing drawn as a tag
    assert "0 of 7" in page.inner_text("#progress-text")  # 8 sentences, one a heading
    assert "3 sentences suggested by cues/1" in page.inner_text("#suggestions-status")
    # Hovering shows the reasons with the cue words underlined.
    page.hover(SPECULATION)
    page.wait_for_selector("#suggestion-tip:not([hidden])")
    assert page.inner_text("#suggestion-tip u >> nth=0") == "are expected to"
    assert "a claim about the future" in page.inner_text("#suggestion-tip")
    page.keyboard.press("g")
    page.wait_for_function("() => !document.querySelector('.sentence[data-suggested]')")
    assert Annotation.objects.count() == 0
    assert page.console_errors == []


def test_y_accepts_the_focused_suggestion_as_my_tag(logged_in, article):
    page = logged_in
    show(page, article)
    for _ in range(6):  # the heading, then five sentences
        page.keyboard.press("j")
    assert "are expected to" in page.inner_text("#suggestion-detail")
    assert page.inner_text("#suggestion-detail u >> nth=0") == "are expected to"
    page.keyboard.press("y")
    page.wait_for_selector(f'{SPECULATION} mark[data-mine][data-label="speculation"]')
    [annotation] = wait_for_count(1)
    assert annotation.quote == "Shipments are expected to begin next year."
    assert (annotation.label, annotation.suggested_by) == ("speculation", SUGGESTER)
    # Now a tag of mine: the ghost is gone from that sentence, the others stay.
    page.wait_for_function(f"() => !document.querySelector('{SPECULATION}').dataset.suggested")
    assert page.locator(".sentence[data-suggested]").count() == 2
    assert "Accepted the suggestion" in page.inner_text("#announce")
    assert page.console_errors == []


def test_shift_y_hides_a_suggestion_for_me_and_it_stays_hidden(logged_in, article, editor):
    page = logged_in
    show(page, article)
    page.click(SPECULATION)
    page.keyboard.press("Shift+Y")
    page.wait_for_function(f"() => !document.querySelector('{SPECULATION}').dataset.suggested")
    dismissal = SuggestionDismissal.objects.get()
    assert (dismissal.editor, dismissal.label) == (editor, "speculation")
    assert "Shift+Y shows it again" in page.inner_text("#suggestion-detail")
    # Remembered: after a reload suggestions are on (localStorage) and this one still hidden.
    page.reload()
    page.wait_for_function("() => document.documentElement.dataset.suggestions === 'shown'")
    assert page.locator(".sentence[data-suggested]").count() == 2
    assert page.get_attribute(SPECULATION, "data-suggested") is None
    assert Annotation.objects.count() == 0
    assert page.console_errors == []


def test_a_failing_newsroom_suggester_is_said_on_the_page(logged_in, article, settings):
    settings.SUGGESTER_URL = "http://127.0.0.1:9/nothing-listens-here"
    page = logged_in
    show(page, article)
    status = page.inner_text("#suggestions-status")
    assert "The newsroom's suggester failed: it could not be reached" in status
    assert page.locator(".sentence[data-suggested]").count() == 3  # the built-in ones


@pytest.mark.parametrize("width", [390, 1366])
def test_screenshots_of_suggestions(logged_in, article, width):
    page = logged_in
    page.set_viewport_size({"width": width, "height": 900})
    show(page, article)
    page.click(SPECULATION)
    page.hover("#s-3")
    page.wait_for_selector("#suggestion-tip:not([hidden])")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"suggestions-{width}.png"), full_page=True)
    # Nothing spills sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
