"""String distances for re-anchoring: pure, no Django.

Levenshtein distance, the closest approximate match of a pattern in a text (bit-parallel,
Myers 1999 in Hyyrö's 2001 form), and how many words of a text were swapped for others.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

WORD = re.compile(r"\w+")

Span = tuple[int, int]


def distance(a: str, b: str) -> int:
    """The Levenshtein distance of ``a`` and ``b``."""
    if a == b or not a or not b:
        return 0 if a == b else len(a) or len(b)
    return myers(a, b, anchored=True)[-1]


def myers(pattern: str, text: str, *, anchored: bool) -> list[int]:
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


def swapped_words(old: str, new: str) -> int:
    """How many words of ``old`` were swapped for other words in ``new``: words inserted,
    deleted, or corrected by a typo fix (a few edits, a split or a join) do not count."""
    a, b = WORD.findall(old.lower()), WORD.findall(new.lower())
    swapped = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace":
            was, now = " ".join(a[i1:i2]), " ".join(b[j1:j2])
            if distance(was, now) > max(2, max(len(was), len(now)) // 3):
                swapped += max(i2 - i1, j2 - j1)
    return swapped


def align(pattern: str, text: str) -> Span:
    """The [start, end) of the part of ``text`` closest to ``pattern`` in edit distance: the
    best end, then the best start for that end (a search of the reversed strings)."""
    ends = myers(pattern, text, anchored=False)
    end = min(range(len(ends)), key=ends.__getitem__)
    starts = myers(pattern[::-1], text[:end][::-1], anchored=True)
    return end - min(range(len(starts)), key=starts.__getitem__), end
