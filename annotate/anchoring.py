"""Find an annotation again after its article's text was edited: pure, no Django.

An annotation holds its span (code points) and its quote. After an edit, its new place is:

1. KEPT: its span, shifted, when it lies wholly before or after the part of the text that
   changed (the common prefix and suffix of the old and new text);
2. EXACT: its quote unchanged, where the edit's character diff (diff-match-patch) carries
   it, or elsewhere in inserted text (a sentence moved) when its surroundings, 32 code
   points before and after as in the W3C TextQuoteSelector, still agree;
3. FUZZY: its words changed (a typo fixed, a word inserted or deleted): the text the diff
   carries it onto, or the closest approximate match in inserted text, within
   MAX_ERROR_RATE edits per code point of the quote and with agreeing surroundings;
4. otherwise None: orphaned, for an editor to fix. A new span starts and ends on word
   boundaries where the old one did.
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
MIN_MOVED_WORDS = 3  # a quote this long in inserted text moved there, whatever surrounds it
WORDS_PER_SWAP = 8  # a quote may have one word swapped for another per this many words
KEPT, EXACT, FUZZY = "kept", "exact", "fuzzy"

_WORD = re.compile(r"\w+")

Span = tuple[int, int]


@dataclass(frozen=True)
class Anchor:
    """Where an annotation sits in the new text and how it got there (KEPT, EXACT or FUZZY):
    only FUZZY changes the words under it, so its quote becomes ``new[start:end]``."""

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
        if end > self.prefix and start < first_new:
            return self._relocate(start, end, quote)
        shift = 0 if end <= self.prefix else self.delta
        # Letters added to the tag's first or last word at its edge: the whole word is taken
        # in when that stays within the bound; else the tag keeps its letters.
        grown = _grown(old, new, start, shift) or _grown(old, new, end, shift)
        kept = Anchor(start + shift, end + shift, KEPT)
        return (grown and self._relocate(start, end, quote)) or kept

    def _relocate(self, start: int, end: int, quote: str) -> Anchor | None:
        old, new = self.old, self.new
        context = _Context.around(old, start, end)
        mapped = context.snap(new, self._map(start, end=False), self._map(end, end=True), quote)
        if new[mapped[0] : mapped[1]] == quote:
            return Anchor(*mapped, EXACT)
        exact = self._exact(quote, context, mapped)
        if exact is not None and exact[1] >= MIN_AGREEMENT:
            return Anchor(exact[0], exact[0] + len(quote), EXACT)
        # Text the diff carried over from inside the old span is the tag's own, whatever moved
        # around it: it needs no agreeing surroundings.
        own = self._inserted(*mapped) <= len(quote) * MAX_ERROR_RATE
        if self._fits(quote, context, mapped, moved=own):
            return Anchor(*mapped, FUZZY)
        if exact is not None and len(quote.split()) >= MIN_MOVED_WORDS:
            return Anchor(exact[0], exact[0] + len(quote), EXACT)
        found = self._search(quote, context) or (0, 0)
        # A moved sentence has new surroundings; the words under it must then be new text,
        # not a near twin that was there before.
        moved = len(quote.split()) >= MIN_MOVED_WORDS and new[found[0] : found[1]] not in old
        if not self._fits(quote, context, found, moved=moved):
            return None
        return Anchor(*found, EXACT if new[found[0] : found[1]] == quote else FUZZY)

    def _changed(self) -> Span:  # the changed part of the new text
        return self.prefix, len(self.new) - self.suffix

    def _map(self, pos: int, *, end: bool) -> int:
        """Where old offset ``pos`` goes in the new text, for a span's start or its end."""
        base, diff = self._diff_of_middle()
        if pos < base or (end and pos == base):
            return pos
        if pos > base + diff.old_length:
            return pos + self.delta
        return base + diff.map(pos - base, end=end)

    def _diff_of_middle(self) -> tuple[int, _Diff]:
        """The diff of the changed part, with CONTEXT code points around it so that the diff
        can slide an edit onto a word boundary there; and where it starts in either text."""
        base = max(0, self.prefix - CONTEXT)
        if self._diff is None:
            margin = min(CONTEXT, self.suffix)
            old_end, new_end = len(self.old) - self.suffix, len(self.new) - self.suffix
            old, new = self.old[base : old_end + margin], self.new[base : new_end + margin]
            self._diff = _Diff(old, new)
        return base, self._diff

    def _exact(
        self, quote: str, context: _Context, mapped: Span, *, anywhere: bool = False
    ) -> tuple[int, float] | None:
        """The occurrence of ``quote`` (and its agreement) in the changed text, or ``anywhere``:
        the one on ``mapped``, where the diff carried the old span, else the one whose
        surroundings agree best, the nearest on a tie. One that holds no inserted text was
        carried over from elsewhere in the old text: a twin that was there before, not it."""
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

    def _inserted(self, start: int, end: int) -> int:
        """How much of [start, end) of the new text the edit inserted."""
        base, diff = self._diff_of_middle()
        return diff.inserts_within(start - base, end - base)

    def _fits(self, quote: str, context: _Context, span: Span, *, moved: bool = False) -> bool:
        """Whether ``span``, touching the changed part, can be the quote with its words
        corrected: within the bound, words not swapped, surroundings agreeing unless ``moved``."""
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

    def _search(self, quote: str, context: _Context) -> Span | None:
        """The closest approximate match of ``quote`` in text the edit inserted.

        A tag whose words moved and changed lies in inserted text, around one of its longer
        words left as it was: it is looked for only at the three places, around its two
        longest words, that hold most of its words (at least half), so that a rewritten
        article costs a few small searches per tag, not a scan of the text each."""
        new, reach, words = self.new, max(1, int(len(quote) * MAX_ERROR_RATE)), _WORD.findall(quote)
        seeds = sorted(
            {(m.group(), m.start()) for m in _WORD.finditer(quote)}, key=lambda w: -len(w[0])
        )
        held: dict[int, int] = {}  # where the quote may start: how many of its words are there
        base, diff = self._diff_of_middle()
        for lo, hi in diff.inserted(len(quote)):
            lo, hi = max(0, base + lo), min(len(new), base + hi)
            for word, offset in seeds[:2]:
                found = new.find(word, lo, hi)
                while found >= 0:
                    at, found = found - offset, new.find(word, found + 1, hi)
                    if at not in held:
                        around = new[max(0, at - reach) : at + len(quote) + reach]
                        held[at] = sum(w in around for w in set(words))
        best = None
        for guess in sorted(held, key=lambda guess: -held[guess])[:3]:
            if 2 * held[guess] < len(set(words)):
                break
            lo = max(0, guess - reach)
            start, end = _align(quote, new[lo : guess + len(quote) + reach])
            span = context.snap(new, lo + start, lo + end, quote)
            if span[0] < span[1] and self._inserted(*span):
                distance = _distance(quote, new[span[0] : span[1]])
                if best is None or distance < best[0]:
                    best = (distance, span)
        return None if best is None else best[1]


@dataclass(frozen=True)
class _Context:
    """An annotation's old surroundings, and whether its ends were at word boundaries."""

    before: str
    after: str
    starts_word: bool
    ends_word: bool

    @classmethod
    def around(cls, text: str, start: int, end: int) -> _Context:
        before, after = text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
        return cls(before, after, not _inside_word(text, start), not _inside_word(text, end))

    def agreement(self, text: str, start: int, end: int) -> float:
        """The share of the old surroundings found again around [start, end) of ``text``."""
        new = _Context.around(text, start, end)
        total = len(self.before) + len(self.after)
        kept = max(0, len(self.before) - _distance(self.before, new.before))
        kept += max(0, len(self.after) - _distance(self.after, new.after))
        return kept / total if total else 1.0

    def bounds_fit(self, text: str, start: int, end: int) -> bool:
        new = _Context.around(text, start, end)
        return new.starts_word >= self.starts_word and new.ends_word >= self.ends_word

    def snap(self, text: str, start: int, end: int, quote: str) -> Span:
        """[start, end) without the spaces the quote did not have at its ends, and widened to
        whole words where the old span held whole words."""
        while start < end and text[start].isspace() and not quote[0].isspace():
            start += 1
        while end > start and text[end - 1].isspace() and not quote[-1].isspace():
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
        dmp.Diff_Timeout = 0.5  # past it, a coarser diff: a rewrite has little to map anyway
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
        self.inserts = [(n, n + size) for op, _, n, size in self.ops if op == dmp.DIFF_INSERT]

    def inserts_within(self, start: int, end: int) -> int:
        i, total = bisect.bisect_left(self.inserts, (end,)) - 1, 0  # the last before end
        while i >= 0 and self.inserts[i][1] > start:
            total += min(end, self.inserts[i][1]) - max(start, self.inserts[i][0])
            i -= 1
        return total

    def inserted(self, margin: int) -> list[Span]:
        """Runs of inserted text at least ``margin // 2`` long, widened by ``margin``."""
        return [(lo - margin, hi + margin) for lo, hi in self.inserts if 2 * (hi - lo) >= margin]

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
        following = self.ops[i + 1] if end and i + 1 < len(self.ops) else (0, 0, 0, 0)
        return n + (following[3] if following[0] == diff_match_patch.DIFF_INSERT else 0)


def reanchor(old: str, new: str, start: int, end: int, quote: str) -> Span | None:
    """The span of ``quote`` in ``new`` for an annotation at [start, end) of ``old``, or None."""
    return Edit(old, new).reanchor(start, end, quote)


def _inside_word(text: str, i: int) -> bool:
    return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()


def _grown(old: str, new: str, pos: int, delta: int = 0) -> bool:
    # A span's edge at a word boundary of the old text, inside a word of the new.
    return not _inside_word(old, pos) and _inside_word(new, pos + delta)


def _distance(a: str, b: str) -> int:
    """The Levenshtein distance of ``a`` and ``b``."""
    if a == b or not a or not b:
        return 0 if a == b else len(a) or len(b)
    return _myers(a, b, anchored=True)[-1]


def _myers(pattern: str, text: str, *, anchored: bool) -> list[int]:
    """For each offset j of ``text`` (0 to its length), the edit distance of ``pattern`` to
    the closest part of ``text`` that ends at j and starts anywhere (at 0 when ``anchored``).

    Bit-parallel, as Bitap is but with exact distances (Myers 1999, in Hyyrö's 2001 form for
    edit distance): the pattern's rows are the bits of one int, so it is one pass over the
    text whatever the pattern's length, with no 32-character limit."""
    full, last = (1 << len(pattern)) - 1, 1 << (len(pattern) - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | 1 << i
    pv, mv, score, carry = full, 0, len(pattern), int(anchored)
    scores = [score]
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | carry) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        scores.append(score)
    return scores


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


def _align(pattern: str, text: str) -> Span:
    """The [start, end) of the part of ``text`` closest to ``pattern`` in edit distance: the
    best end, then the best start for that end (a search of the reversed strings)."""
    ends = _myers(pattern, text, anchored=False)
    end = min(range(len(ends)), key=ends.__getitem__)
    starts = _myers(pattern[::-1], text[:end][::-1], anchored=True)
    return end - min(range(len(starts)), key=starts.__getitem__), end
