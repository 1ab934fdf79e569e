"""Nothing lost, in Chromium: a typo fix keeps the headline's tag; Find again re-attaches."""

from __future__ import annotations

import time

import pytest

from annotate.models import Annotation
from tests.browser.helpers import mouse_select
from tests.conftest import tag

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = (
    "OpensAI Unveils a Scheduling Agent\n\n"
    "OpensAI said on Tuesday that its agent plans a week of meetings in 40 seconds. "
    "It may change everything. Early testers were less sure."
)


@pytest.fixture
def agent(editor):
    from annotate.models import Article

    return Article.objects.create(title="OpensAI unveils", text=TEXT, created_by=editor)


def wait_until(check, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_typo_fix_in_the_edit_form_keeps_the_headlines_tag(logged_in, agent, editor):
    page = logged_in
    headline = tag(agent, editor, "OpensAI Unveils a Scheduling Agent", "hype", note="check")
    page.goto(agent.get_absolute_url())
    page.click("text=Edit the text")
    text = page.input_value("textarea[name=text]")
    page.fill("textarea[name=text]", text.replace("OpensAI", "OpenAI"))
    page.click('main form button:has-text("Save")')
    page.wait_for_selector("#article-text")
    assert "1 tag moved to the corrected text" in page.inner_text(".messages")
    assert "could not be found" not in page.inner_text("#panel")
    mark = page.locator(f'#article-text [data-annotation-id="{headline.pk}"]').first
    assert mark.inner_text() == "OpenAI Unveils a Scheduling Agent"
    moved = page.locator(f'#panel [data-moved-id="{headline.pk}"]')
    assert "OpenAI Unveils a Scheduling Agent" in moved.inner_text()
    headline.refresh_from_db()
    assert (headline.quote, headline.note, headline.orphaned) == (
        "OpenAI Unveils a Scheduling Agent",
        "check",
        False,
    )
    assert page.console_errors == []


def test_find_again_reattaches_an_orphan_to_the_selected_words(logged_in, agent, editor):
    page = logged_in
    lost = tag(agent, editor, "It may change everything.", "speculation", note="whose claim?")
    new = TEXT.replace("It may change everything.", "Analysts call it a turning point.")
    agent.edit(seen_version=agent.version, text=new)
    page.goto(agent.get_absolute_url())
    orphan = page.locator(f'#panel [data-orphan-id="{lost.pk}"]')
    assert "It may change everything." in orphan.inner_text()
    # Pressed with nothing selected: it says what to do, and nothing moves.
    orphan.locator("button.find-again").click()
    assert "Select the words" in page.inner_text("#announce")
    mouse_select(page, "call it a turning point")
    orphan.locator("button.find-again").click()
    page.wait_for_selector(f'#article-text [data-annotation-id="{lost.pk}"]')
    assert page.locator(f'#panel [data-orphan-id="{lost.pk}"]').count() == 0
    assert "Found the tag again" in page.inner_text("#announce")
    wait_until(lambda: not Annotation.objects.get(pk=lost.pk).orphaned)
    lost.refresh_from_db()
    assert (lost.quote, lost.label, lost.note) == (
        "call it a turning point",
        "speculation",
        "whose claim?",
    )
    assert page.console_errors == []
