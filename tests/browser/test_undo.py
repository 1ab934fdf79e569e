"""History and undo in Chromium: tag, relabel, note, remove, then Ctrl+Z four times."""

from __future__ import annotations

import pytest

from annotate.models import Annotation
from tests.browser.helpers import mouse_select, wait_for_count

pytestmark = pytest.mark.django_db(transaction=True)

QUOTE = "greatest leap"


def shown(page, selector: str) -> None:
    page.wait_for_selector(f"#article-text {selector}")


def none_shown(page) -> None:
    page.wait_for_function("() => !document.querySelector('#article-text mark')")


def test_ctrl_z_walks_back_a_tag_s_history_and_the_history_page_shows_it(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    mouse_select(page, QUOTE)
    page.keyboard.press("h")
    shown(page, 'mark[data-label="hype"]')
    mouse_select(page, QUOTE)
    page.keyboard.press("f")
    shown(page, 'mark[data-label="fact"]')
    page.click('#article-text mark[data-label="fact"]')
    page.keyboard.press("n")
    page.fill("#note-input", "loaded words")
    page.keyboard.press("Enter")
    shown(page, 'mark[data-note="loaded words"]')
    [tagged] = wait_for_count(1)
    page.keyboard.press("x")
    none_shown(page)
    assert "Undo" in page.inner_text("#announce")

    page.keyboard.press("Control+z")
    shown(page, 'mark[data-label="fact"][data-note="loaded words"]')
    assert "is back" in page.inner_text("#announce")
    page.keyboard.press("Control+z")
    page.wait_for_selector('#article-text mark[data-label="fact"]:not([data-note])')
    page.keyboard.press("Control+z")
    shown(page, 'mark[data-label="hype"]:not([data-note])')
    [back] = wait_for_count(1)
    assert (back.uuid, back.label, back.note) == (tagged.uuid, "hype", "")
    page.keyboard.press("Control+z")
    none_shown(page)
    wait_for_count(0)

    page.goto(f"/articles/{article.pk}/history/")
    rows = page.locator("table.history tbody tr")
    tag_rows = [
        rows.nth(i) for i in range(rows.count()) if rows.nth(i).get_attribute("data-annotation")
    ]
    assert len(tag_rows) == 8
    kinds = [row.get_attribute("data-kind") for row in tag_rows]
    assert kinds == [
        "tag_removed", "tag_relabelled", "tag_note_changed", "tag_restored",
        "tag_removed", "tag_note_changed", "tag_relabelled", "tag_created",
    ]  # fmt: skip
    for row in tag_rows:
        assert row.locator(".who").inner_text() == article.created_by.username
        assert row.locator("time").inner_text().startswith("20")
    assert page.locator("text=undo of").count() == 4
    assert page.console_errors == []


def test_the_undo_button_and_u_undo_too(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    mouse_select(page, QUOTE)
    page.keyboard.press("s")
    shown(page, 'mark[data-label="speculation"]')
    page.click("#announce button[data-undo]")
    none_shown(page)
    wait_for_count(0)
    page.keyboard.press("u")  # the creation is undone already, and an undo is not undone
    page.wait_for_function(
        "() => document.getElementById('announce').textContent.includes('Nothing of yours')"
    )
    assert Annotation.objects.count() == 0


def test_the_details_box_links_to_a_tag_s_history(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    mouse_select(page, QUOTE)
    page.keyboard.press("h")
    shown(page, 'mark[data-label="hype"]')
    page.click('#article-text mark[data-label="hype"]')
    page.click("#details a.history-link")
    page.wait_for_selector("table.history")
    assert page.locator("table.history tbody tr").count() == 1
    assert page.locator("table.history tbody tr").get_attribute("data-kind") == "tag_created"
