"""Find an annotation again after its article's text was edited: pure, no Django.

An annotation holds its span (code points) and its quote. After an edit, its new place is:

1. KEPT: the same span shifted by the edit, when it lies wholly before or after the part of
   the text that changed (the common prefix and suffix of the old and new text);
2. EXACT: its quote unchanged, where the character diff of the edit (diff-match-patch) carries
   it, or elsewhere in the changed part (a sentence moved) when its surroundings, up to
   32 code points before and after as in the W3C TextQuoteSelector, still agree;
3. FUZZY: its words changed (a typo fixed, a word inserted or deleted) and the text the diff
   carries it onto, or an approximate match of the quote (Bitap, as Hypothesis does), is
   within MAX_ERROR_RATE edits per code point of the quote, with agreeing surroundings;
4. otherwise None: the annotation is orphaned, for an editor to fix.

A new span never starts or ends inside a word unless the old one did.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from diff_match_patch import diff_match_patch

CONTEXT = 32
MAX_ERROR_RATE = 0.25  # edits allowed per code point of the quote (at least one)
MIN_AGREEMENT = 0.5  # share of the old surroundings that must still be there
MIN_MOVED_WORDS = 3  # a quote this long, found once, moved even where its surroundings did not
WORDS_PER_SWAP = 8  # a quote may have one word swapped for another per this many words
KEPT, EXACT, FUZZY = "kept", "exact", "fuzzy"
_BITS = 32  # diff-match-patch's Match_MaxBits: Bitap patterns are cut to this length

_WORD = re.compile(r"\w+")

Span = tuple[int, int]


@dataclass(frozen=True)
class Anchor:
    """Where an annotation sits in the new text, and how it got there (KEPT, EXACT or FUZZY).

    Only FUZZY changes the words under it: its quote becomes ``new[start:end]``.
    """

    start: int
    end: int
    how: str


def common_prefix_length(a: str, b: str) -> int:
    n = min(len(a), len(b))
    lo, hi = 0, n
    # Binary search on slices: C-speed comparisons even for 200,000-character texts.
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix_length(a: str, b: str, limit: int) -> int:
    lo, hi = 0, min(len(a), len(b), limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


class Edit:
    """What changed between two texts: one region, between a common prefix and suffix."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.prefix = common_prefix_length(old, new)
        # The suffix may not reach into the prefix of either text.
        self.suffix = common_suffix_length(old, new, min(len(old), len(new)) - self.prefix)
        self.delta = len(new) - len(old)
        self._diff: _Diff | None = None  # computed once, when a span overlaps the change

    def reanchor(self, start: int, end: int, quote: str) -> Span | None:
        anchor = self.place(start, end, quote)
        return None if anchor is None else (anchor.start, anchor.end)

    def place(self, start: int, end: int, quote: str) -> Anchor | None:
        """The new place of the annotation at [start, end) of the old text, or None."""
        old = self.old
        if not quote:
            return None
        if old[start:end] != quote:
            # Already orphaned by an earlier edit: its offsets and surroundings mean nothing.
            expected = start if start < self.prefix else start + self.delta
            nowhere = _Context("", "", False, False)
            found = self._exact(quote, nowhere, (expected, expected), anywhere=True)
            return None if found is None else Anchor(found[0], found[0] + len(quote), EXACT)
        new, first_new = self.new, len(old) - self.suffix
        # Letters added to the tag's first or last word right at its edge: the word is taken in.
        if end < self.prefix or (end == self.prefix and not _grown(old, new, end)):
            return Anchor(start, end, KEPT)
        if start > first_new or (start == first_new and not _grown(old, new, start, self.delta)):
            return Anchor(start + self.delta, end + self.delta, KEPT)
        return self._relocate(start, end, quote)

    def _relocate(self, start: int, end: int, quote: str) -> Anchor | None:
        old, new = self.old, self.new
        context = _Context(
            old[max(0, start - CONTEXT) : start],
            old[end : end + CONTEXT],
            not _inside_word(old, start),
            not _inside_word(old, end),
        )
        mapped = context.snap(new, self._map(start, end=False), self._map(end, end=True), quote)
        if new[mapped[0] : mapped[1]] == quote:
            return Anchor(*mapped, EXACT)
        exact = self._exact(quote, context, mapped)
        if exact is not None and exact[1] >= MIN_AGREEMENT:
            return Anchor(exact[0], exact[0] + len(quote), EXACT)
        if self._fits(quote, context, mapped):
            return Anchor(*mapped, FUZZY)
        if (
            exact is not None
            and len(quote.split()) >= MIN_MOVED_WORDS
            and _count(new, quote, context) >= _count(old, quote, context)
        ):
            return Anchor(exact[0], exact[0] + len(quote), EXACT)
        found = self._bitap(quote, context)
        if found is None:
            return None
        # A moved sentence has new surroundings; the words under it must then be new text,
        # not a near twin that was there before.
        moved = len(quote.split()) >= MIN_MOVED_WORDS and new[found[0] : found[1]] not in old
        if self._fits(quote, context, found, moved=moved):
            return Anchor(*found, EXACT if new[found[0] : found[1]] == quote else FUZZY)
        return None

    def _changed(self) -> Span:
        """The changed part of the new text."""
        return self.prefix, len(self.new) - self.suffix

    def _map(self, pos: int, *, end: bool) -> int:
        """Where old offset ``pos`` goes in the new text, for a span's start or its end."""
        if pos < self.prefix or (end and pos == self.prefix):
            return pos
        if pos > len(self.old) - self.suffix:
            return pos + self.delta
        return self.prefix + self._diff_of_middle().map(pos - self.prefix, end=end)

    def _diff_of_middle(self) -> _Diff:
        if self._diff is None:
            old_end, new_end = len(self.old) - self.suffix, len(self.new) - self.suffix
            self._diff = _Diff(self.old[self.prefix : old_end], self.new[self.prefix : new_end])
        return self._diff

    def _exact(
        self, quote: str, context: _Context, mapped: Span, *, anywhere: bool = False
    ) -> tuple[int, float] | None:
        """The occurrence of ``quote`` in the changed part of the new text (``anywhere``: in
        all of it) that overlaps ``mapped``, where the diff carried the old span, or else
        whose surroundings agree best, the nearest on a tie; with its agreement (1 for the
        first kind). An occurrence the diff carried over unchanged from elsewhere in the old
        text, holding nothing inserted, is a twin that was there before: never this one."""
        new = self.new
        lo, hi = (0, len(new)) if anywhere else self._changed()
        best: tuple[tuple[float, int], int] | None = None
        found = new.find(quote, max(0, lo - len(quote)))
        while 0 <= found <= hi:
            end = found + len(quote)
            own = max(found, mapped[0]) < min(end, mapped[1])
            if context.bounds_fit(new, found, end) and (
                anywhere or own or self._inserted(found, end)
            ):
                agreement = 1.0 if own else context.agreement(new, found, end)
                key = (agreement, -abs(found - mapped[0]))
                if best is None or key > best[0]:
                    best = (key, found)
            found = new.find(quote, found + 1)
        return None if best is None else (best[1], best[0][0])

    def _inserted(self, start: int, end: int) -> bool:
        """Whether [start, end) of the new text holds text the edit inserted."""
        return self._diff_of_middle().inserts_within(start - self.prefix, end - self.prefix)

    def _fits(self, quote: str, context: _Context, span: Span, *, moved: bool = False) -> bool:
        """Whether the text at ``span`` can be the quote with its words corrected: within
        the edit-distance bound, no word swapped in a short quote, surroundings agreeing
        (unless ``moved``), and touching the changed part."""
        start, end = span
        lo, hi = self._changed()
        bound = max(1, int(len(quote) * MAX_ERROR_RATE))
        return (
            start < end
            and start <= hi
            and end >= lo
            and abs(len(quote) - (end - start)) <= bound
            and _distance(quote, self.new[start:end]) <= bound
            and _swapped_words(quote, self.new[start:end]) <= len(quote.split()) // WORDS_PER_SWAP
            and (moved or context.agreement(self.new, start, end) >= MIN_AGREEMENT)
        )

    def _bitap(self, quote: str, context: _Context) -> Span | None:
        """The approximate match of ``quote`` in text the edit inserted, the closest if several.

        A tag whose words moved and changed lies mostly in inserted text: only runs of it at
        least half the quote's length, widened by the quote's length, are searched, and in
        them only around an unchanged long word of the quote (its two longest are tried),
        so that a rewritten article costs a few small searches per tag, not a scan each.
        There Bitap finds where the quote's first and last 32 code points are, and an
        alignment of each, within a few code points, sets the exact ends."""
        new, best = self.new, None
        dmp = diff_match_patch()
        dmp.Match_Threshold = MAX_ERROR_RATE + 0.1  # its score adds a little for the distance
        slack = max(2, int(min(len(quote), _BITS) * MAX_ERROR_RATE))
        reach = max(1, int(len(quote) * MAX_ERROR_RATE))
        for guess in self._guesses(quote, reach):
            lo = max(0, guess - reach)
            window = new[lo : guess + len(quote) + reach]
            at = dmp.match_main(window, quote[:_BITS], guess - lo)
            if at < 0:
                continue
            start = _align(quote[:_BITS], window, at - slack, at + min(len(quote), _BITS) + slack)[0]
            at = dmp.match_main(window, quote[-_BITS:], start + len(quote) - len(quote[-_BITS:]))
            if at < 0:
                continue
            end = _align(quote[-_BITS:], window, at - slack, at + min(len(quote), _BITS) + slack)[1]
            span = context.snap(new, lo + start, lo + end, quote)
            if start < end and self._inserted(*span):
                distance = _distance(quote, new[span[0] : span[1]])
                if best is None or distance < best[0]:
                    best = (distance, span)
        return None if best is None else best[1]

    def _guesses(self, quote: str, reach: int, most: int = 3) -> list[int]:
        """Where in inserted text ``quote`` may start: at one of its two longest words found
        unchanged there, keeping the few guesses whose surroundings hold the most of its
        words (at least half: a match within the bound keeps nearly all of them)."""
        new = self.new
        words = set(_WORD.findall(quote))
        seeds = sorted({(m.group(), m.start()) for m in _WORD.finditer(quote)}, key=lambda w: -len(w[0]))
        scored: dict[int, int] = {}
        for lo, hi in self._diff_of_middle().inserted(self.prefix, len(quote)):
            lo, hi = max(0, lo), min(len(new), hi)
            for word, offset in seeds[:2]:
                found = new.find(word, lo, hi)
                while found >= 0:
                    guess = found - offset
                    if guess not in scored:
                        around = new[max(0, guess - reach) : guess + len(quote) + reach]
                        scored[guess] = sum(word in around for word in words)
                    found = new.find(word, found + 1, hi)
        ranked = sorted(scored, key=lambda guess: -scored[guess])
        return [guess for guess in ranked[:most] if 2 * scored[guess] >= len(words)]


@dataclass(frozen=True)
class _Context:
    """An annotation's old surroundings, and whether its ends were at word boundaries."""

    before: str
    after: str
    starts_word: bool
    ends_word: bool

    def agreement(self, text: str, start: int, end: int) -> float:
        """The share of the old surroundings found again around [start, end) of ``text``."""
        total = len(self.before) + len(self.after)
        if not total:
            return 1.0
        kept = max(0, len(self.before) - _distance(self.before, text[max(0, start - CONTEXT) : start]))
        kept += max(0, len(self.after) - _distance(self.after, text[end : end + CONTEXT]))
        return kept / total

    def bounds_fit(self, text: str, start: int, end: int) -> bool:
        return not (self.starts_word and _inside_word(text, start)) and not (
            self.ends_word and _inside_word(text, end)
        )

    def snap(self, text: str, start: int, end: int, quote: str) -> Span:
        """[start, end) without the spaces the quote did not have at its ends, and widened to
        whole words where the old span held whole words."""
        if not quote[0].isspace():
            while start < end and text[start].isspace():
                start += 1
        if not quote[-1].isspace():
            while end > start and text[end - 1].isspace():
                end -= 1
        if self.starts_word:
            while _inside_word(text, start):
                start -= 1
        if self.ends_word:
            while _inside_word(text, end):
                end += 1
        return start, end


class _Diff:
    """The changed parts of two texts as diff-match-patch operations, to map offsets through."""

    def __init__(self, old: str, new: str) -> None:
        dmp = diff_match_patch()
        diffs = dmp.diff_main(old, new)
        # Drop letters shared by chance inside a rewrite but keep shared runs (a sentence
        # between two edits), and move edits onto word boundaries: offsets map onto words.
        dmp.diff_cleanupEfficiency(diffs)
        dmp.diff_cleanupSemanticLossless(diffs)
        self.ops: list[tuple[int, int, int, int]] = []  # (op, old offset, new offset, length)
        o = n = 0
        for op, chunk in diffs:
            self.ops.append((op, o, n, len(chunk)))
            o += 0 if op == dmp.DIFF_INSERT else len(chunk)
            n += 0 if op == dmp.DIFF_DELETE else len(chunk)
        self.old_length, self.new_length = o, n
        self.kept = [i for i, op in enumerate(self.ops) if op[0] != dmp.DIFF_INSERT]
        self.kept_starts = [self.ops[i][1] for i in self.kept]
        inserts = [(n, n + length) for op, _, n, length in self.ops if op == dmp.DIFF_INSERT]
        self.insert_starts = [start for start, _ in inserts]
        self.insert_ends = [end for _, end in inserts]

    def inserts_within(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.insert_starts, end - 1) - 1
        return i >= 0 and self.insert_ends[i] > start

    def inserted(self, offset: int, margin: int) -> list[Span]:
        """Runs of inserted text at least ``margin // 2`` long, widened by ``margin`` on each
        side and merged, as spans of the new text (this diff's offsets plus ``offset``), which
        may reach past either end of it."""
        spans: list[Span] = []
        for op, _, n, length in self.ops:
            if op != diff_match_patch.DIFF_INSERT or 2 * length < margin:
                continue
            lo, hi = n - margin, n + length + margin
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
        return [(offset + lo, offset + hi) for lo, hi in spans]

    def map(self, pos: int, *, end: bool) -> int:
        """A start goes after text inserted before it, an end before text inserted after it;
        text that replaced the span's first or last characters is taken in."""
        if end and pos == 0:
            return 0
        if pos >= self.old_length and not end:
            return self.new_length
        char = pos - 1 if end else pos
        i = self.kept[bisect.bisect_right(self.kept_starts, char) - 1]
        op, o, n, _ = self.ops[i]
        if op == diff_match_patch.DIFF_EQUAL:
            return n + char - o + (1 if end else 0)
        following = self.ops[i + 1] if i + 1 < len(self.ops) else None
        if end and following is not None and following[0] == diff_match_patch.DIFF_INSERT:
            return n + following[3]
        return n


def reanchor(old: str, new: str, start: int, end: int, quote: str) -> Span | None:
    """The span of ``quote`` in ``new`` for an annotation at [start, end) of ``old``, or None."""
    return Edit(old, new).reanchor(start, end, quote)


def _inside_word(text: str, i: int) -> bool:
    return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()


def _grown(old: str, new: str, pos: int, delta: int = 0) -> bool:
    """Whether a span edge at ``pos`` of ``old`` (``pos + delta`` of ``new``) that was at a
    word boundary is inside a word now."""
    return not _inside_word(old, pos) and _inside_word(new, pos + delta)


def _count(text: str, quote: str, context: _Context) -> int:
    n, found = 0, text.find(quote)
    while found >= 0:
        n += context.bounds_fit(text, found, found + len(quote))
        found = text.find(quote, found + 1)
    return n


def _distance(a: str, b: str) -> int:
    """The Levenshtein distance of ``a`` and ``b``, bit-parallel (Myers 1999, as Hyyrö 2001
    writes it for edit distance): one pass over ``b`` with ``a`` as bit vectors."""
    if a == b or not a or not b:
        return 0 if a == b else len(a) or len(b)
    full = (1 << len(a)) - 1
    last = 1 << (len(a) - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(a):
        peq[char] = peq.get(char, 0) | 1 << i
    pv, mv, score = full, 0, len(a)
    for char in b:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return score


def _swapped_words(old: str, new: str) -> int:
    """How many words of ``old`` were swapped for other words in ``new``: words inserted,
    deleted, or corrected by a typo fix (a few edits, a split or a join) do not count."""
    a, b = _WORD.findall(old.lower()), _WORD.findall(new.lower())
    swapped = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace":
            was, now = " ".join(a[i1:i2]), " ".join(b[j1:j2])
            if _distance(was, now) > max(2, max(len(was), len(now)) // 3):
                swapped += max(i2 - i1, j2 - j1)
    return swapped


def _align(pattern: str, text: str, lo: int, hi: int) -> Span:
    """The [start, end) of ``text[lo:hi]`` nearest to ``pattern`` in edit distance (Sellers)."""
    lo, hi = max(0, lo), min(len(text), hi)
    # Each cell: (edits, start of the match ending here); a match may start anywhere.
    row = [(0, j) for j in range(lo, hi + 1)]
    for i, p in enumerate(pattern, 1):
        new_row = [(i, lo)]
        for j in range(1, len(row)):
            cost, begin = row[j - 1]
            best = (cost + (p != text[lo + j - 1]), begin)
            if row[j][0] + 1 < best[0]:
                best = (row[j][0] + 1, row[j][1])
            if new_row[j - 1][0] + 1 < best[0]:
                best = (new_row[j - 1][0] + 1, new_row[j - 1][1])
            new_row.append(best)
        row = new_row
    j = min(range(len(row)), key=lambda k: row[k][0])
    return row[j][1], lo + j
