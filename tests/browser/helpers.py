"""What the browser tests do again and again: select with the mouse, wait for the database."""

from __future__ import annotations

import time

from django.db import OperationalError

from annotate.models import Annotation

# Emoji with ZWJ and a flag, CJK, a combining mark (n + U+0308, which NFC keeps as two code
# points) and right-to-left text before the spans the tests select: any UTF-16/code point
# slip shows as a wrong quote.
TEXT = (
    "Chips Are Back\n"
    "\n"
    "The team 👩‍👩‍👧 in 🇯🇵 Tokyo said the chip is 3.5x faster. 東京の研究所が発表した。 "
    "Critics in القاهرة called it the greatest leap ever. Café owners were not impressed.\n"
    "\n"
    "Shipments are expected to begin next year. Nobody knows the price. "
    "Fans of Spin\u0308al Tap approved."
)

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
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            found = list(Annotation.objects.filter(**filters))
        except OperationalError:  # SQLite's shared in-memory test database, mid-write
            found = None
        if found is not None and len(found) == n:
            return found
        time.sleep(0.05)
    raise AssertionError(f"expected {n} annotations, found {Annotation.objects.count()}")
