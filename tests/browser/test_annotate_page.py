"""The annotate page in Chromium: what an editor does with the mouse and the keyboard."""

from __future__ import annotations

import pytest

from annotate.models import Annotation
from tests.browser.helpers import mouse_select, wait_for_count
from tests.conftest import tag

pytestmark = pytest.mark.django_db(transaction=True)


def test_mouse_selection_after_emoji_tagged_by_key_stores_exact_offsets(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    mouse_select(page, "greatest leap")
    page.keyboard.press("h")
    page.wait_for_selector('#article-text mark[data-label="hype"]')
    [annotation] = wait_for_count(1)
    assert annotation.quote == "greatest leap"
    assert article.text[annotation.start : annotation.end] == "greatest leap"
    assert page.inner_text("#article-text mark[data-label=hype]") == "greatest leap"
    assert page.inner_text('[data-count="hype"]') == "1"
    assert page.console_errors == []


def test_sentence_click_and_toolbar_tag_whole_sentence(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    sentence = "Café owners were not impressed."
    page.click(f'.sentence:has-text("{sentence}")')
    assert page.is_hidden("#toolbar [data-remove]")  # nothing of mine to remove here
    page.click('#toolbar button[data-tag="fact"]')
    page.wait_for_selector('#article-text mark[data-label="fact"]')
    [annotation] = wait_for_count(1)
    assert annotation.quote == sentence
    assert "1 of" in page.inner_text("#progress-text")


def test_keyboard_only_tag_move_and_remove(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())

    def marks_shown(n: int) -> None:
        # Wait on the page, not the database: on SQLite's shared in-memory test database a
        # read from this thread while the server writes can make the server's write fail.
        page.wait_for_function(
            f"() => document.querySelectorAll('#article-text mark').length === {n}"
        )

    page.keyboard.press("j")  # first sentence: the heading
    page.keyboard.press("j")
    page.keyboard.press("f")
    marks_shown(1)
    [first] = wait_for_count(1)
    assert first.quote == "The team 👩‍👩‍👧 in 🇯🇵 Tokyo said the chip is 3.5x faster."
    page.keyboard.press("j")
    page.keyboard.press("3")
    marks_shown(2)
    wait_for_count(2)
    assert Annotation.objects.get(label="speculation").quote == "東京の研究所が発表した。"
    page.keyboard.press("k")
    page.keyboard.press("x")
    marks_shown(1)
    [left] = wait_for_count(1)
    assert left.label == "speculation"
    assert page.console_errors == []


def test_overlapping_spans_are_both_visible(logged_in, article, editor):
    sentence = "Critics in القاهرة called it the greatest leap ever."
    outer = tag(article, editor, sentence, "fact")
    page = logged_in
    page.goto(article.get_absolute_url())
    mouse_select(page, "greatest leap")
    page.keyboard.press("h")
    page.wait_for_selector('mark[data-label="hype"]')
    inner = Annotation.objects.get(label="hype")
    assert inner.quote == "greatest leap"
    outer_mark = page.locator(f'mark[data-annotation-id="{outer.pk}"]')
    assert outer_mark.count() == 1
    assert outer_mark.inner_text() == sentence
    assert (
        outer_mark.locator(f'mark[data-annotation-id="{inner.pk}"]').inner_text() == "greatest leap"
    )


def test_pointer_on_a_mark_shows_its_label_editor_time_and_note(logged_in, article, editor):
    annotation = tag(article, editor, "greatest leap", "hype", note="<b>loaded</b>")
    page = logged_in
    page.goto(article.get_absolute_url())
    mark = page.locator(f'mark[data-annotation-id="{annotation.pk}"]')
    mark.hover()
    when = annotation.updated_at.strftime("%Y-%m-%d %H:%M")
    assert mark.get_attribute("title") == f"Hype · {editor.username} · {when} · <b>loaded</b>"


def test_bad_span_shows_the_servers_message(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    page.evaluate(
        """() => htmx.ajax("POST",
        JSON.parse(document.getElementById("page-data").textContent).tagUrl,
        {values: {start: 5, end: 99999, label: "hype"}, swap: "none",
         headers: {"X-CSRFToken": document.querySelector("#tag-form input").value}})"""
    )
    page.wait_for_selector("#announce.error")
    assert "is not inside the text" in page.inner_text("#announce")
    assert not Annotation.objects.exists()


def test_keyboard_selects_a_phrase_word_by_word_and_tags_it(logged_in, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    page.keyboard.press("j")
    page.keyboard.press("j")  # "The team 👩‍👩‍👧 in 🇯🇵 Tokyo said the chip is 3.5x faster."
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    assert page.is_visible("#toolbar")
    page.keyboard.press("h")
    page.wait_for_selector('#article-text mark[data-label="hype"]')
    [phrase] = wait_for_count(1)
    assert phrase.quote == "The team"
    # Further along, through the emoji: whatever the words are, the quote is exact.
    page.keyboard.press("Shift+ArrowRight")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("f")
    page.wait_for_selector('#article-text mark[data-label="fact"]')
    [longer] = wait_for_count(1, label="fact")
    assert longer.quote.startswith("The team 👩‍👩‍👧")
    assert article.text[longer.start : longer.end] == longer.quote
    assert page.console_errors == []
