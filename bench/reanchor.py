"""Re-anchoring: how often a tag lands right after an edit, and how fast.

    python bench/reanchor.py [--runs 5] [--verbose]

1. Over the test set (tests/data/reanchor_cases.py) counts kept right, kept wrong (placed on
   other words than expected, or placed where it should be orphaned), orphaned as expected,
   and orphaned although its words are still there.
2. On the 10,000-word article of bench/data.py with its 2,000 tags, for edits whose right
   outcome is known by construction, counts the same and times `Edit(old, new).place(...)`
   of all 2,000 tags (median of RUNS, in process):
   - one typo fixed inside a tag (a doubled letter removed);
   - 50 typos fixed in one save, across the article;
   - a line added at the start and at the end (every tag lies in the changed part);
   - every 40th sentence deleted. Tags across a deleted sentence's edge are left out of
     the counts: part of their words is gone, and either outcome is defensible;
   - ten paragraphs moved elsewhere (tags across a paragraph break are left out);
   - the whole text replaced by another generated article: time only.
"""

from __future__ import annotations

import argparse
import bisect
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from data import annotation_spans, article_text  # noqa: E402

from annotate import text as textlib  # noqa: E402
from annotate.anchoring import Edit  # noqa: E402
from tests.data.reanchor_cases import CASES  # noqa: E402

Span = tuple[int, int]
OUTCOMES = ("kept right", "kept wrong", "orphaned, as expected", "orphaned, words still there")


def outcome(placed: Span | None, expected: Span | None) -> str:
    if placed is None:
        return OUTCOMES[2] if expected is None else OUTCOMES[3]
    return OUTCOMES[0] if placed == expected else OUTCOMES[1]


def score_cases(verbose: bool) -> Counter:
    counts: Counter = Counter()
    for case in CASES:
        anchor = Edit(case.old, case.new).place(*case.span(), case.quote)
        result = outcome(
            None if anchor is None else (anchor.start, anchor.end), case.expected_span()
        )
        counts[result] += 1
        if verbose and result not in OUTCOMES[::2]:
            print(f"  {result}: {case.name}")
    return counts


class Ops:
    """Non-overlapping replacements (start, end, new text) in a text, and where offsets go."""

    def __init__(self, text: str, ops: list[tuple[int, int, str]]) -> None:
        self.ops = sorted(ops)
        pieces, pos = [], 0
        for start, end, new in self.ops:
            pieces += [text[pos:start], new]
            pos = end
        self.result = "".join([*pieces, text[pos:]])

    def shift(self, pos: int) -> int:
        return pos + sum(len(new) - (end - start) for start, end, new in self.ops if end <= pos)

    def touches(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [op for op in self.ops if op[0] < end and op[1] > start]


def scenarios(text: str, tags: list[Span], sentences: list[Span]):
    """(name, old text, new text, the tags in the old text, where each must land): a span,
    None for orphaned, or Ellipsis for a tag left out of the counts."""
    rng = random.Random(11)
    letters = [i for i in range(1, len(text) - 1) if text[i - 1 : i + 2].isalpha()]

    def typos(positions: list[int]):
        # Each typo doubles a letter inside a word of the old text; the new text is `text`.
        doubled = Ops(text, [(p, p, text[p]) for p in positions])
        old_tags = [(doubled.shift(s), doubled.shift(e)) for s, e in tags]
        return doubled.result, text, old_tags, list(tags)

    middle = tags[len(tags) // 2]
    inside = [p for p in letters if middle[0] < p < middle[1]]
    yield ("one typo fixed inside a tag", *typos([inside[len(inside) // 2]]))
    yield ("50 typos fixed in one save", *typos(sorted(rng.sample(letters, 50))))
    expected = [(s + 10, e + 10) for s, e in tags]
    yield (
        "a line added at the start and end",
        text,
        f"Updated.\n\n{text}\n\nEnds.",
        tags,
        expected,
    )
    cut = Ops(text, [(s, e + 1, "") for s, e in sentences[3::40] if text[e : e + 1] == " "])
    expected = []
    for s, e in tags:
        hit = cut.touches(s, e)
        if not hit:
            expected.append((cut.shift(s), cut.shift(e)))
        elif all(op[0] <= s and e <= op[1] for op in hit):
            expected.append(None)
        else:
            expected.append(...)
    yield ("every 40th sentence deleted", text, cut.result, tags, expected)
    # Ten paragraphs moved elsewhere: their tags must follow them.
    paragraphs, pos = [], 0
    for block in text.split("\n\n"):
        paragraphs.append((pos, block))
        pos += len(block) + 2
    order = list(range(len(paragraphs)))
    for i in rng.sample(order[1:-1], 10):
        order.remove(i)
        order.insert(rng.randrange(len(order)), i)
    moved, pos = {}, 0
    for i in order:
        moved[paragraphs[i][0]] = pos
        pos += len(paragraphs[i][1]) + 2
    starts = [start for start, _ in paragraphs]
    expected = []
    for s, e in tags:
        i = bisect.bisect_right(starts, s) - 1
        start, block = paragraphs[i]
        inside = e <= start + len(block)
        expected.append((moved[start] + s - start, moved[start] + e - start) if inside else ...)
    shuffled = "\n\n".join(paragraphs[i][1] for i in order)
    yield ("10 paragraphs moved", text, shuffled, tags, expected)
    # The worst case for time: nothing to keep, every tag searched for in new text. The two
    # generated articles share template sentences, so some tags do find their words: no counts.
    yield (
        "the text replaced by another article",
        text,
        article_text(seed=7),
        tags,
        [...] * len(tags),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--verbose", action="store_true", help="name the cases that went wrong")
    args = parser.parse_args(argv)

    counts = score_cases(args.verbose)
    print(f"Test set: {len(CASES)} edits, one tag each")
    for name in OUTCOMES:
        print(f"  {name:<30} {counts[name]:>4}")

    text = article_text()
    sentences = textlib.sentence_spans(text)
    # 2,000 tags by five editors, some on the same span, as in bench/data.py's article.
    spans = annotation_spans(text, [list(s) for s in sentences], 5, 2_000)
    tags = [(s, e) for _, s, e, _ in spans]
    print(f"\n{len(text.split()):,} words, {len(tags):,} tags; time: median of {args.runs} runs")
    print(f"  {'edit':<36} {'time':>9}  " + " / ".join(OUTCOMES) + " / left out")
    for name, old, new, old_tags, expected in scenarios(text, tags, sentences):
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            edit = Edit(old, new)
            anchors = [edit.place(s, e, old[s:e]) for s, e in old_tags]
            times.append(time.perf_counter() - began)
        counts = Counter()
        for anchor, want in zip(anchors, expected, strict=True):
            placed = None if anchor is None else (anchor.start, anchor.end)
            counts["left out" if want is ... else outcome(placed, want)] += 1
        figures = " / ".join(str(counts[o]) for o in (*OUTCOMES, "left out"))
        hows = Counter(anchor.how for anchor in anchors if anchor is not None)
        hows_text = ", ".join(f"{how} {n}" for how, n in sorted(hows.items()))
        print(f"  {name:<36} {statistics.median(times) * 1000:6.1f} ms  {figures}  ({hows_text})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
