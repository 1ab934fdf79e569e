"""Adjudication in Chromium: a lead settles every disagreement from the keyboard; the
annotate page's layer switcher and disputed marks."""

from __future__ import annotations

import time

import pytest
from django.db import OperationalError

from annotate.models import Annotation, Verdict
from tests.browser.helpers import mouse_select
from tests.browser.test_csp import RECORD_VIOLATIONS, log_in, violations
from tests.conftest import tag

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "The team 👩‍👩‍👧 in 🇯🇵 Tokyo said the chip is 3.5x faster."
SECOND = "Critics in القاهرة called it the greatest leap ever."
THIRD = "Shipments are expected to begin next year."
FOURTH = "Nobody knows the price."


@pytest.fixture
def three_finished(article, editor, make_user):
    """alice, bob and carol finished: FIRST hype/hype/fact, SECOND hype/fact/speculation
    (no majority), THIRD speculation by carol alone (two nones), FOURTH all fact."""
    bob, carol = make_user("bob"), make_user("carol")
    for user, labels in ((editor, "hhnf"), (bob, "hfnf"), (carol, "fsSf")):
        for quote, code in zip((FIRST, SECOND, THIRD, FOURTH), labels, strict=True):
            label = {"h": "hype", "f": "fact", "s": "speculation", "S": "speculation"}.get(code)
            if label:
                tag(article, user, quote, label)
        article.set_finished(user, True)
    article.refresh_from_db()
    return article


def wait_for_verdicts(n: int) -> list[Verdict]:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            found = list(Verdict.objects.select_related("decided_by"))
        except OperationalError:  # SQLite's shared in-memory test database, mid-write
            found = None
        if found is not None and len(found) == n:
            return found
        time.sleep(0.05)
    raise AssertionError(f"expected {n} verdicts, found {Verdict.objects.count()}")


def test_lead_settles_every_disagreement_from_the_keyboard(page, lead, three_finished):
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, lead.username)
    page.goto(f"/articles/{three_finished.pk}/review/")
    page.wait_for_selector("html[data-ready]")
    assert page.locator(".review-row.disputed:not(.decided)").count() == 3
    decided = 0
    while page.locator(".review-row.disputed:not(.decided)").count():
        page.keyboard.press("n")
        row = page.locator(".review-row:focus")
        majority = row.get_attribute("data-majority")
        index = row.get_attribute("data-index")
        page.keyboard.press("Enter" if majority else "0")
        decided += 1
        page.wait_for_selector(f"#r-{index}.decided")
        # The row was swapped in place and keeps the focus.
        assert page.evaluate("document.activeElement.id") == f"r-{index}"
    assert decided == 3
    by_quote = {v.quote: v for v in wait_for_verdicts(3)}
    assert by_quote[FIRST].label == "hype" and by_quote[THIRD].label == "none"
    assert by_quote[SECOND].label == "none"  # no majority: the lead pressed 0
    assert all(v.decided_by == lead for v in by_quote.values())
    assert "0 without a verdict" in page.inner_text("#review-summary")
    # x removes the focused sentence's verdict; h decides hype instead.
    page.keyboard.press("x")
    page.wait_for_selector(f"#r-{index}:not(.decided)")
    page.keyboard.press("h")
    page.wait_for_selector(f'#r-{index}[data-verdict="hype"]')
    assert violations(page) == [] and page.console_errors == []


def test_layer_switcher_shows_one_editor_s_layer(page, editor, three_finished):
    log_in(page, editor.username)
    page.goto(three_finished.get_absolute_url())
    page.wait_for_selector("html[data-ready]")
    editors = "els => [...new Set(els.map(e => e.dataset.editor))].sort()"
    assert page.eval_on_selector_all("#article-text mark", editors) == ["alice", "bob", "carol"]
    page.select_option("#layer-select", "carol")
    page.wait_for_url("**?layer=carol")
    page.wait_for_selector("html[data-ready]")
    assert page.eval_on_selector_all("#article-text mark", editors) == ["carol"]
    assert page.locator(".sentence.disputed").count() == 0  # one editor: nothing to compare


def test_disputed_sentences_are_marked_and_the_box_names_each_editor(page, editor, three_finished):
    log_in(page, editor.username)
    page.goto(three_finished.get_absolute_url())
    page.wait_for_selector("html[data-ready]")
    disputed = page.locator(".sentence.disputed")
    assert disputed.count() == 3
    first = page.locator(f'.sentence.disputed:has-text("{FIRST}")')
    assert first.is_visible()
    marker = page.evaluate("el => getComputedStyle(el, '::before').content", first.element_handle())
    assert marker == '"disputed"'
    first.click()
    box = page.locator(".layer-values")
    box.wait_for()
    assert box.inner_text().split("\n") == ["alice: Hype", "bob: Hype", "carol: Fact"]
    assert page.locator(".layer-disputed").is_visible()
    # The marker is generated content: a selection from the sentence's start still tags
    # exactly the text (here alice's own span, so her tag changes label).
    page.keyboard.press("Escape")
    mouse_select(page, FIRST)
    page.keyboard.press("s")
    page.wait_for_selector('#article-text mark[data-editor="alice"][data-label="speculation"]')
    mine = Annotation.objects.get(editor=editor, label="speculation")
    assert mine.quote == FIRST == three_finished.text[mine.start : mine.end]
    assert page.console_errors == []
