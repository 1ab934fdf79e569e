"""Spans in Chromium: exact offsets through emoji, CJK, marks and RTL; notes; failures."""

from __future__ import annotations

import pytest

from annotate.models import Annotation
from tests.browser.helpers import mouse_select, wait_for_count
from tests.conftest import PASSWORD, tag

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "selected, quote",
    [
        ("team 👩‍👩‍👧", "team 👩‍👩‍👧"),  # ends on a ZWJ sequence
        ("in 🇯🇵 Tokyo said", "in 🇯🇵 Tokyo said"),  # a flag inside
        ("研究所が発表", "研究所が発表"),  # CJK
        ("in القاهرة called", "in القاهرة called"),  # right-to-left inside left-to-right
        ("Spin\u0308al Tap", "Spin\u0308al Tap"),  # a combining mark
        ("faster. 東京", "faster. 東京"),  # across two sentences
        # Across two paragraphs: the page holds no text between them.
        ("impressed.Shipments are", "impressed.\n\nShipments are"),
        (" the greatest leap ", "the greatest leap"),  # white space at the edges: trimmed
    ],
)
def test_mouse_selection_is_stored_with_its_exact_quote(logged_in, article, selected, quote):
    page = logged_in
    page.goto(article.get_absolute_url())
    mouse_select(page, selected)
    page.click('#toolbar button[data-tag="fact"]')
    [annotation] = wait_for_count(1)
    assert annotation.quote == quote == article.text[annotation.start : annotation.end]
    page.wait_for_selector(f'mark[data-annotation-id="{annotation.pk}"]')
    shown = page.eval_on_selector_all(
        f'mark[data-annotation-id="{annotation.pk}"]', "ms => ms.map(m => m.textContent).join('')"
    )
    assert shown == quote.replace("\n\n", "")
    assert page.console_errors == []


def test_selection_of_only_white_space_does_nothing(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    page.keyboard.press("j")  # a focused sentence must not be tagged instead
    page.evaluate(
        """() => {
        const gap = document.querySelector("#article-text .gap").firstChild;
        getSelection().setBaseAndExtent(gap, 0, gap, gap.length);
    }"""
    )
    page.keyboard.press("h")
    page.wait_for_selector("#announce:has-text('Only white space')")
    page.wait_for_timeout(200)
    assert not Annotation.objects.exists()
    assert page.locator("#article-text mark").count() == 0


def test_offsets_that_do_not_match_the_quote_are_refused(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    # A page whose offsets are one off, as a UTF-16/code point slip would make them.
    page.evaluate(
        """() => document.querySelectorAll("#article-text .para").forEach(
            p => p.dataset.start = Number(p.dataset.start) + 1)"""
    )
    mouse_select(page, "greatest leap")
    page.keyboard.press("h")
    page.wait_for_selector("#announce.error")
    assert "does not match the text" in page.inner_text("#announce")
    assert not Annotation.objects.exists()
    assert page.locator("#article-text mark").count() == 0


def test_focus_shows_each_tags_details_and_an_editor_notes_their_own(
    logged_in, article, editor, other_editor
):
    sentence = "Critics in القاهرة called it the greatest leap ever."
    mine = tag(article, editor, sentence, "fact")
    theirs = tag(article, other_editor, "greatest leap", "hype", note="<b>loaded</b>")
    page = logged_in
    page.goto(article.get_absolute_url())
    page.click(f'.sentence:has-text("{sentence}")')
    items = page.locator("#details li")
    assert items.count() == 2
    assert items.nth(0).get_attribute("aria-current") == "true"  # own, whole sentence
    assert "Fact" in items.nth(0).inner_text() and "you ·" in items.nth(0).inner_text()
    assert "Hype" in items.nth(1).inner_text() and "bob ·" in items.nth(1).inner_text()
    assert items.nth(1).locator(".note").inner_text() == "<b>loaded</b>"  # text, not markup
    assert items.nth(1).locator("button").count() == 0  # not mine: no note, no remove
    focused = page.locator(".sentence:focus")
    assert focused.get_attribute("aria-describedby") == "details"

    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == "note-input"
    page.keyboard.type("Named critic, checked.")
    page.keyboard.press("Enter")
    page.wait_for_selector('mark[data-note="Named critic, checked."]')
    mine.refresh_from_db()
    assert (mine.note, mine.label) == ("Named critic, checked.", "fact")
    assert "Saved the note" in page.inner_text("#announce")
    assert page.locator("#details li").nth(0).locator(".note").inner_text() == (
        "Named critic, checked."
    )
    # Back on the sentence: `a` moves to bob's tag, which `x` may not remove.
    page.keyboard.press("a")
    assert page.locator("#details li").nth(1).get_attribute("aria-current") == "true"
    assert "bob" in page.inner_text("#announce")
    page.keyboard.press("x")
    page.wait_for_selector("#announce.error")
    assert Annotation.objects.filter(pk=theirs.pk).exists()
    assert page.console_errors == []


def test_keyboard_moves_tags_cycles_and_removes_the_focused_tag(logged_in, article, editor):
    page = logged_in
    page.goto(article.get_absolute_url())
    page.keyboard.press("j")  # the heading; from there the arrows move too
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")  # the sentence after the heading
    page.keyboard.press("2")
    [sentence] = wait_for_count(1)
    assert sentence.quote.startswith("The team")
    # The tag's answer drawn: its request is over before this test writes (the live server
    # shares the test's SQLite connection, so its row is seen before it commits).
    page.wait_for_selector(f'mark[data-annotation-id="{sentence.pk}"]')
    inner = tag(article, editor, "3.5x faster", "hype")
    page.reload()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("a")  # from the whole-sentence tag to the phrase
    assert page.locator("mark.current").first.get_attribute("data-annotation-id") == str(inner.pk)
    page.keyboard.press("x")
    page.wait_for_function(
        f"() => !document.querySelector('mark[data-annotation-id=\"{inner.pk}\"]')"
    )
    assert list(Annotation.objects.values_list("pk", flat=True)) == [sentence.pk]
    assert "Removed the tag on “3.5x faster”." in page.inner_text("#announce")
    page.keyboard.press("?")
    assert page.evaluate("document.getElementById('keys-help').open")  # a modal <dialog>
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('keys-help').open")
    page.keyboard.press("Escape")
    assert page.is_hidden("#toolbar")
    assert page.console_errors == []


def test_live_region_is_polite_and_announces_each_change(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    region = page.locator("#announce")
    assert region.get_attribute("aria-live") == "polite"
    assert region.get_attribute("role") == "status"
    # Rendered (not display: none) before the first message, or it may not be announced.
    assert region.evaluate("el => getComputedStyle(el).display") != "none"
    page.keyboard.press("j")
    page.keyboard.press("h")
    page.wait_for_selector("#announce:has-text('Tagged “Chips Are Back” as hype.')")
    page.keyboard.press("f")
    page.wait_for_selector("#announce:has-text('Tagged “Chips Are Back” as fact.')")


def test_stale_csrf_token_shows_a_message_and_adds_no_mark(logged_in, article, editor):
    page = logged_in
    page.goto(article.get_absolute_url())
    # Log out and in again in another tab: the session and the CSRF token change.
    other = page.context.new_page()
    other.goto("/")
    other.click(".logout button")
    other.fill("#id_username", editor.username)
    other.fill("#id_password", PASSWORD)
    other.click("button[type=submit]")
    other.wait_for_url("**/")
    page.keyboard.press("j")
    page.keyboard.press("h")
    page.wait_for_selector("#announce.error")
    assert "Reload the page" in page.inner_text("#announce")
    assert page.locator("#article-text mark").count() == 0
    assert not Annotation.objects.exists()


def test_logged_out_in_another_tab_shows_a_message_and_adds_no_mark(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    other = page.context.new_page()
    other.goto("/")
    other.click(".logout button")
    other.wait_for_url("**/accounts/login/**")
    page.keyboard.press("j")
    page.keyboard.press("h")
    page.wait_for_selector("#announce.error")
    assert "logged out" in page.inner_text("#announce")
    assert page.locator("#article-text mark").count() == 0
    assert not Annotation.objects.exists()


def test_network_failure_shows_a_message_and_adds_no_mark(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    page.route("**/annotations/", lambda route: route.abort())
    page.keyboard.press("j")
    page.keyboard.press("s")
    page.wait_for_selector("#announce.error")
    assert "network failed" in page.inner_text("#announce")
    assert page.locator("#article-text mark").count() == 0
    assert not Annotation.objects.exists()
