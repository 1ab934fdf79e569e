"""The annotate page in Chromium: what an editor does with the mouse and the keyboard."""

from __future__ import annotations

import pytest

from annotate.models import Annotation, Article
from tests.conftest import tag

pytestmark = pytest.mark.django_db(transaction=True)

# Emoji with ZWJ and a flag, CJK, a combining mark and right-to-left text before the
# spans the tests select: any UTF-16/code point slip shows as a wrong quote.
TEXT = (
    "Chips Are Back\n"
    "\n"
    "The team 👩‍👩‍👧 in 🇯🇵 Tokyo said the chip is 3.5x faster. 東京の研究所が発表した。 "
    "Critics in القاهرة called it the greatest leap ever. Café owners were not impressed.\n"
    "\n"
    "Shipments are expected to begin next year. Nobody knows the price."
)


@pytest.fixture
def article(editor):
    return Article.objects.create(title="Chips", text=TEXT, created_by=editor)


SELECT_JS = """([quote, nth]) => {
  // The client rectangles of the first and last character of the nth occurrence of quote.
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, all.length]);
    all += walker.currentNode.data;
  }
  let at = -1;
  for (let i = 0; i <= nth; i++) at = all.indexOf(quote, at + 1);
  if (at < 0) throw new Error("quote not on page: " + quote);
  function point(pos) {
    for (const [node, base] of nodes) {
      if (pos >= base && pos < base + node.data.length) return [node, pos - base];
    }
  }
  function rect(pos, len) {
    const [node, off] = point(pos);
    const r = document.createRange();
    r.setStart(node, off); r.setEnd(node, off + len);
    const b = r.getClientRects()[0];
    return {x: b.left, y: b.top + b.height / 2, w: b.width};
  }
  const lastLen = quote.length >= 2 && /[\\udc00-\\udfff]/.test(quote[quote.length - 1]) ? 2 : 1;
  return {first: rect(at, 1), last: rect(at + quote.length - lastLen, lastLen)};
}"""


def mouse_select(page, quote: str, nth: int = 0) -> None:
    """Drag the mouse across quote, as an editor would."""
    box = page.evaluate(SELECT_JS, [quote, nth])
    page.mouse.move(box["first"]["x"] + 1, box["first"]["y"])
    page.mouse.down()
    page.mouse.move(box["last"]["x"] + box["last"]["w"] / 2, box["last"]["y"], steps=5)
    page.mouse.move(box["last"]["x"] + box["last"]["w"] - 1, box["last"]["y"], steps=2)
    page.mouse.up()


def wait_for_count(n: int, **filters) -> list[Annotation]:
    import time

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        found = list(Annotation.objects.filter(**filters))
        if len(found) == n:
            return found
        time.sleep(0.05)
    raise AssertionError(f"expected {n} annotations, found {Annotation.objects.count()}")


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
    page.keyboard.press("j")  # first sentence: the heading
    page.keyboard.press("j")
    page.keyboard.press("f")
    [first] = wait_for_count(1)
    assert first.quote == "The team 👩‍👩‍👧 in 🇯🇵 Tokyo said the chip is 3.5x faster."
    page.keyboard.press("j")
    page.keyboard.press("3")
    wait_for_count(2)
    assert Annotation.objects.get(label="speculation").quote == "東京の研究所が発表した。"
    page.keyboard.press("k")
    page.keyboard.press("x")
    [left] = wait_for_count(1)
    assert left.label == "speculation"
    page.wait_for_function("document.querySelectorAll('#article-text mark').length === 1")
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
