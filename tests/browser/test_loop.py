"""The editor's loop at 390, 1366 and 1440 px (issue 13): the focused sentence's box in
reach, messages that go or stay, a toolbar that shows labels and hides no focused text,
the tag index, phones."""

from __future__ import annotations

import pytest

from annotate.models import Annotation, Article
from tests.browser.helpers import wait_for_count
from tests.browser.widths import (
    LONG_TEXT,
    WIDTHS,
    open_article,
    page_at,
    rect,
    scrolls_sideways,
    viewport,
)
from tests.conftest import tag

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def crowded(editor, other_editor, lead):
    """A long article whose panel is full: tags of two editors and orphans of an edit."""
    article = Article.objects.create(title="Chips are back", text=LONG_TEXT, created_by=editor)
    for p in range(1, 16):
        tag(article, editor, f"Paragraph {p} says the chip is faster than the last one.", "fact")
        tag(article, other_editor, f"grow by {p} percent next year", "speculation")
    for n in range(8):
        Annotation.objects.create(
            article=article,
            editor=other_editor,
            start=n,
            end=n + 3,
            quote="old",
            label="hype",
            orphaned=True,
        )
    return article


def intersects(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.parametrize("width", list(WIDTHS))
def test_focused_sentence_box_is_on_screen_beside_the_last_sentence(
    browser, live_server, editor, crowded, width
):
    with page_at(browser, live_server, editor, width) as page:
        open_article(page, crowded)
        page.keyboard.press("k")  # from nowhere: the last sentence
        page.wait_for_selector("#focus-details:not([hidden])")
        box, screen = rect(page, "#focus-details"), viewport(page)
        sentence = rect(page, ".sentence:focus")
        assert box["top"] >= 0 and box["bottom"] <= screen["height"]
        assert box["left"] >= 0 and box["right"] <= screen["width"]
        assert sentence["top"] >= 0 and sentence["bottom"] <= screen["height"]
        assert not intersects(box, sentence)
        if width >= 1000:  # beside the text, not under it
            assert box["left"] >= rect(page, "#article-text")["right"]
        assert page.locator("#focus-details button[data-action=remove]").count() == 0
        page.keyboard.press("f")  # tag it: its Remove and Add note come into the box
        page.wait_for_selector("#focus-details button[data-action=remove]")
        assert rect(page, "#focus-details button[data-action=remove]")["bottom"] <= screen["height"]
        assert not scrolls_sideways(page)
        assert page.page_errors == []


def test_success_message_fades_and_an_error_stays_until_dismissed(
    browser, live_server, other_editor, crowded
):
    for width in WIDTHS:
        with page_at(browser, live_server, other_editor, width) as page:
            page.clock.install()
            open_article(page, crowded)
            region = page.locator("#announce")
            assert region.get_attribute("aria-live") == "polite"
            page.keyboard.press("j")
            page.keyboard.press("j")  # "Paragraph 1 says ...": the editor's fact, not mine
            page.keyboard.press("h")
            page.wait_for_function(
                "() => document.getElementById('announce').textContent.includes('Tagged')"
            )
            message = rect(page, ".message")
            controls = page.eval_on_selector_all(
                "button:visible, select:visible, input:visible, a:visible",
                "els => els.filter(e => !e.closest('.message')).map(e => {"
                " const r = e.getBoundingClientRect();"
                " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; })",
            )
            assert not [c for c in controls if intersects(c, message)]
            page.clock.run_for(6000)
            assert region.inner_text() == ""
            page.evaluate("window.annotatePage.say('A refusal.', true)")
            page.clock.run_for(20000)
            assert region.inner_text() == "A refusal." and page.is_visible("#announce-dismiss")
            page.keyboard.press("Escape")
            assert region.inner_text() == "" and page.is_hidden("#announce-dismiss")
            page.evaluate("window.annotatePage.say('Another refusal.', true)")
            page.click("#announce-dismiss") if width > 600 else page.tap("#announce-dismiss")
            assert region.inner_text() == ""


def test_removing_another_editors_tag_is_an_error_that_stays(
    browser, live_server, other_editor, crowded
):
    with page_at(browser, live_server, other_editor, 1366) as page:
        page.clock.install()
        open_article(page, crowded)
        page.keyboard.press("j")
        page.keyboard.press("j")
        page.keyboard.press("a")  # the editor's fact on the whole sentence
        page.keyboard.press("x")
        page.clock.run_for(10000)
        assert "you can only remove your own" in page.inner_text("#announce")
        assert "error" in page.get_attribute("#announce", "class")


@pytest.mark.parametrize("width", [1366, 1440])
def test_toolbar_shows_the_current_label_hides_no_focused_text_and_closes_after_a_tag(
    browser, live_server, editor, crowded, width
):
    with page_at(browser, live_server, editor, width) as page:
        open_article(page, crowded)
        page.keyboard.press("j")
        page.keyboard.press("j")  # "Paragraph 1 says ...", my fact
        page.wait_for_selector("#toolbar:not([hidden])")
        assert "Fact (you)" in page.inner_text("#toolbar-current")
        assert page.get_attribute("#toolbar [data-tag=fact]", "aria-pressed") == "true"
        assert page.get_attribute("#toolbar [data-tag=hype]", "aria-pressed") == "false"
        bar = rect(page, "#toolbar")
        lines = page.eval_on_selector(
            ".sentence:focus",
            "el => Array.from(el.getClientRects()).map(r => "
            "({top: r.top, bottom: r.bottom, left: r.left, right: r.right}))",
        )
        assert not [line for line in lines if intersects(bar, line)]
        page.keyboard.press("s")
        page.wait_for_selector('#article-text .sentence:focus mark[data-label="speculation"]')
        assert page.is_hidden("#toolbar") and page.is_visible("#focus-details")
        page.keyboard.press("j")  # moving on opens it again
        page.wait_for_selector("#toolbar:not([hidden])")
        assert "Not tagged yet" in page.inner_text("#toolbar-current")


def test_toolbar_goes_below_a_sentence_at_the_top_of_the_window(
    browser, live_server, editor, crowded
):
    with page_at(browser, live_server, editor, 1366) as page:
        open_article(page, crowded)
        page.keyboard.press("j")
        page.keyboard.press("j")
        page.evaluate("document.querySelector('.sentence:focus').scrollIntoView({block: 'start'})")
        page.keyboard.press("j")
        page.keyboard.press("k")
        page.evaluate("document.querySelector('.sentence:focus').scrollIntoView({block: 'start'})")
        page.evaluate(
            "window.annotatePage.showSentenceTools(document.querySelector('.sentence:focus'))"
        )
        bar = rect(page, "#toolbar")
        whole = rect(page, ".sentence:focus")
        assert bar["top"] >= whole["bottom"]


def test_tag_index_jumps_in_text_order_and_shows_only_one_label(
    browser, live_server, editor, crowded
):
    with page_at(browser, live_server, editor, 1366) as page:
        open_article(page, crowded)
        page.keyboard.press("]")
        first = page.get_attribute("mark.current", "data-annotation-id")
        assert page.inner_text(".sentence:focus").startswith("Paragraph 1 says")
        page.keyboard.press("]")
        second = page.get_attribute("mark.current", "data-label")
        assert second == "speculation" and "grow by 1 percent" in page.inner_text("mark.current")
        page.keyboard.press("[")
        assert page.get_attribute("mark.current", "data-annotation-id") == first
        page.click("#tag-index button[data-only=speculation]")
        assert page.get_attribute("#article-text", "data-only") == "speculation"
        dimmed = page.eval_on_selector(
            "mark[data-label=fact]", "m => getComputedStyle(m).backgroundColor"
        )
        assert dimmed == "rgba(0, 0, 0, 0)"
        page.keyboard.press("]")
        page.keyboard.press("]")
        assert "grow by 2 percent" in page.inner_text("mark.current")
        page.click("#index-details summary")
        items = page.locator("#index-list li")

        def listed(n: int) -> None:
            page.wait_for_function(
                f"() => document.querySelectorAll('#index-list li').length == {n}"
            )

        listed(15)
        assert "grow by 1 percent" in items.first.inner_text()
        page.focus("#index-editor")
        page.select_option("#index-editor", "you")
        listed(0)  # my tags are facts, and only speculation is shown
        page.click("#tag-index button[data-only='']")
        listed(15)
        items.nth(14).locator("button").click()
        assert page.inner_text(".sentence:focus").startswith("Paragraph 15 says")


def test_phone_has_cards_a_bottom_bar_and_nothing_scrolls_sideways(
    browser, live_server, editor, crowded
):
    with page_at(browser, live_server, editor, 390) as page:
        for url in ("/", "/articles/new/", f"/articles/{crowded.pk}/edit/"):
            page.goto(url)
            assert not scrolls_sideways(page), url
        page.goto("/")
        assert page.eval_on_selector("table.articles tr", "tr => getComputedStyle(tr).display") == (
            "block"
        )
        open_article(page, crowded)
        assert not scrolls_sideways(page)
        page.tap(".sentence >> text=Rivals plan cheaper parts for data centres. >> nth=0")
        bar = rect(page, "#reach")
        assert bar["bottom"] == viewport(page)["height"]
        assert page.locator("#reach #toolbar [data-tag=hype]").is_visible()
        page.tap("#reach #toolbar [data-tag=hype]")
        page.wait_for_selector("#reach button[data-action=remove]")
        [mine] = wait_for_count(1, label="hype", orphaned=False)
        assert mine.quote == "Rivals plan cheaper parts for data centres."
        sentence = rect(page, ".sentence:focus")
        assert sentence["bottom"] <= rect(page, "#reach")["top"] + 1  # not under the bar
        page.tap("#reach button[data-action=note]")
        page.fill("#note-input", "Which rivals?")
        page.tap("#note-form button[type=submit]")
        page.wait_for_selector("#reach .details .note")
        page.tap("#reach button[data-action=remove]")
        page.wait_for_function(
            f"() => !document.querySelector('mark[data-annotation-id=\"{mine.pk}\"]')"
        )
        assert not scrolls_sideways(page)


def test_phrase_selected_by_touch_can_be_tagged(browser, live_server, editor, crowded):
    with page_at(browser, live_server, editor, 390) as page:
        open_article(page, crowded)
        page.tap(".sentence >> text=Rivals plan cheaper parts for data centres. >> nth=0")
        # What the selection handles do: the selection changes, with no mouseup after it.
        page.evaluate(
            """() => {
              const s = document.querySelector('.sentence:focus');
              const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
              const node = walker.nextNode();
              const at = node.data.indexOf('cheaper parts');
              const range = document.createRange();
              range.setStart(node, at); range.setEnd(node, at + 'cheaper parts'.length);
              getSelection().removeAllRanges(); getSelection().addRange(range);
            }"""
        )
        page.wait_for_function("() => window.annotatePage.state.mode === 'selection'")
        page.tap("#reach #toolbar [data-tag=hype]")
        [phrase] = wait_for_count(1, label="hype", orphaned=False)
        assert phrase.quote == "cheaper parts"


@pytest.mark.parametrize("width", [390, 1440])
def test_text_pasted_from_word_is_accepted_and_says_what_was_cleaned(
    browser, live_server, editor, width
):
    with page_at(browser, live_server, editor, width) as page:
        page.goto("/articles/new/")
        page.fill("#id_title", "From Word")
        page.fill("#id_text", "Line one\u000bline two\u000bline three.\n\nNext para\u00adgraph.")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/articles/*/")
        assert "Cleaned 2 line breaks" in page.inner_text(".messages")
        assert not scrolls_sideways(page)
        assert Article.objects.get().text.startswith("Line one\nline two\nline three.")
