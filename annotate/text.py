"""Character-level text handling for articles: normalization, checks, spans and offsets.

Pure functions, no Django. Every offset is a Python ``str`` index (a Unicode code
point), as in the W3C TextPositionSelector; the UTF-16 helpers cover the browser side.
Paragraph and sentence splitting lives in ``annotate.sentences``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

MAX_TEXT_LENGTH = 200_000

Span = tuple[int, int]

_DISALLOWED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_DISALLOWED_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def normalize(text: str) -> str:
    """Unicode NFC, and every line break as "\\n". Nothing else changes."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


# What word processors and web pages put in pasted text that is not the text: their own
# line and paragraph breaks (Word's Shift+Enter is U+000B, a page break U+000C), and
# invisible characters that split a word for search and for the sentence splitter.
_PASTE_BREAKS = {"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n\n"}
_PASTE_INVISIBLE = {
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\ufeff": "zero-width space",
}
_PASTE_JUNK = re.compile("[\x0b\x0c\u2028\u2029\u00ad\u200b\ufeff]")


def clean_paste(text: str) -> tuple[str, dict[str, int]]:
    """Pasted text as an article holds it: other programs' line breaks as "\n", soft hyphens
    and zero-width spaces dropped (ZWJ and ZWNJ stay: emoji and scripts need them).
    Returns the text and what was cleaned, by kind, for the editor to be told."""
    cleaned: dict[str, int] = {}
    if _PASTE_JUNK.search(text) is None:
        return text, cleaned

    def swap(match: re.Match) -> str:
        char = match.group()
        kind = _PASTE_INVISIBLE.get(char, "line break")
        cleaned[kind] = cleaned.get(kind, 0) + 1
        return _PASTE_BREAKS.get(char, "")

    return _PASTE_JUNK.sub(swap, text), cleaned


def position(text: str, index: int, *, context: int = 12) -> str:
    """Where `index` is, for a person: line and column (from 1) and the words around it."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    before = text[max(0, index - context) : index].rsplit("\n", 1)[-1]
    after = text[index + 1 : index + 1 + context].split("\n", 1)[0]
    shown = f"“{before}▮{after}”" if (before or after).strip() else ""
    return f"line {line}, column {column}" + (f", at ▮ in {shown}" if shown else "")


def bad_character(text: str, *, single_line: bool = False) -> tuple[int, str] | None:
    """The first character an article may not hold, as (index, description), or None.

    With single_line, line breaks and tabs are refused too (titles, outlets).
    """
    match = (_DISALLOWED_IN_LINE if single_line else _DISALLOWED).search(text)
    if match is None:
        return None
    code = ord(match.group())
    if code == 0:
        description = "NUL (U+0000)"
    elif 0xD800 <= code <= 0xDFFF:
        description = f"lone surrogate U+{code:04X}"
    elif code >= 0xFFFE:
        description = f"noncharacter U+{code:04X}"
    else:
        description = f"control character U+{code:04X}"
    return match.start(), description


def trim_span(text: str, start: int, end: int) -> Span:
    """Move start forward and end backward past white space; (end, end) if nothing else."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}-{end} is not inside the text (0-{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_ZWJ = "\u200d"
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)


def _extends_previous(char: str) -> bool:
    """A character that belongs to the one before it: a mark, a selector, a ZWJ, a modifier."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char == _ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors (text or emoji style)
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
    )


def splits_grapheme(text: str, offset: int) -> bool:
    """Whether offset falls inside a user-perceived character of text.

    A simple, stdlib-only reading of UAX #29 that covers what editors paste: combining
    and spacing marks, variation selectors, skin tones, ZWJ emoji sequences, tag flags
    and regional-indicator pairs (flags). Hangul jamo and Indic conjuncts are not checked.
    """
    if not 0 < offset < len(text):
        return False
    before, after = text[offset - 1], text[offset]
    if _extends_previous(after) or before == _ZWJ:
        return True
    if ord(before) in _REGIONAL_INDICATORS and ord(after) in _REGIONAL_INDICATORS:
        # Flags pair up from the start of a run of regional indicators.
        run = 0
        while offset - run > 0 and ord(text[offset - run - 1]) in _REGIONAL_INDICATORS:
            run += 1
        return run % 2 == 1
    return False


def folded(s: str) -> str:
    """s with each run of white space as one space, ends trimmed: for comparing quotes."""
    return " ".join(s.split())


class SpanFault(ValueError):
    """Why a span cannot be tagged, in words for the editor."""


def checked_span(text: str, start: int, end: int, quote: str | None = None) -> Span:
    """[start, end) as a tag (or verdict) takes it: inside the text, trimmed of white space
    at its edges, on whole characters, and holding `quote` (folded: a browser's selection
    does not carry the line breaks between paragraphs) when one is given. Raises SpanFault
    saying why not."""
    length = len(text)
    if not 0 <= start < end <= length:
        raise SpanFault(
            f"The span {start}–{end} is not inside the text (0–{length}, start before end)."
        )
    start, end = trim_span(text, start, end)
    if start >= end:
        raise SpanFault("The span holds only white space.")
    if splits_grapheme(text, start) or splits_grapheme(text, end):
        raise SpanFault(
            "The span starts or ends inside a character (an accent, an emoji sequence "
            "or a flag). Select whole characters."
        )
    if quote and folded(quote) != folded(text[start:end]):
        raise SpanFault(
            "The selection does not match the text at those offsets. "
            "Reload the page and select it again."
        )
    return start, end


def spans_overlapping(spans: Sequence[Sequence[int]], start: int, end: int) -> range:
    """Indices of the sorted, non-overlapping spans that overlap [start, end)."""
    first = bisect_right(spans, start, key=lambda span: span[1])
    after = bisect_left(spans, end, key=lambda span: span[0])
    return range(first, max(first, after))


def count_tagged(sentences: Sequence[Sequence[int]], spans: Iterable[Sequence[int]]) -> int:
    """How many of the sorted, non-overlapping sentences at least one span overlaps
    (start < sentence end and end > sentence start): the progress the app shows."""
    # Plain lists for bisect (a key function per comparison costs more than the rest),
    # and merged index ranges rather than a set of every index.
    starts = [s[0] for s in sentences]
    ends = [s[1] for s in sentences]
    ranges = sorted((bisect_right(ends, start), bisect_left(starts, end)) for start, end in spans)
    tagged = reached = 0
    for first, stop in ranges:
        first = max(first, reached)
        if stop > first:
            tagged += stop - first
            reached = stop
    return tagged


def utf16_length(s: str) -> int:
    """Length in UTF-16 code units, as a browser's String.length counts."""
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def utf16_to_codepoint(text: str, offset: int) -> int:
    """A browser's UTF-16 offset into text, as a code point offset."""
    if offset < 0:
        raise ValueError(f"UTF-16 offset {offset} is negative")
    if offset <= len(text) and utf16_length(text) == len(text):
        return offset
    units = 0
    for index, char in enumerate(text):
        if units == offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
        if units > offset:
            raise ValueError(f"UTF-16 offset {offset} falls inside a surrogate pair")
    if units == offset:
        return len(text)
    raise ValueError(f"UTF-16 offset {offset} is past the end of the text ({units})")


def codepoint_to_utf16(text: str, offset: int) -> int:
    """A code point offset into text, as a browser's UTF-16 offset."""
    if not 0 <= offset <= len(text):
        raise ValueError(f"offset {offset} is not inside the text (0-{len(text)})")
    return utf16_length(text[:offset])


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    """White-space-separated tokens: the words behind a density per 1,000 words."""
    return len(text.split())
