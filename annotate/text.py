"""Text handling for articles: normalization, paragraphs, sentences and offsets.

Pure functions, no Django. Every offset is a Python ``str`` index (a Unicode code
point), as in the W3C TextPositionSelector; the UTF-16 helpers cover the browser side.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

import pysbd

MAX_TEXT_LENGTH = 200_000

Span = tuple[int, int]

# One segmenter for the process. We call its processor() rather than segment():
# segment() keeps the text on the instance (not thread-safe) and silently drops any
# sentence it cannot find again in the input.
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)

# pysbd's cost grows faster than linearly with input length; longer runs are cut first.
_PIECE_LENGTH = 3_000

_DISALLOWED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_DISALLOWED_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_LIST_ITEM = re.compile(r"(?:[-*•–]|\d{1,3}[.)]|[a-z][.)]|[A-Z]\)|\(\w{1,3}\))(?:\s+|$)")
_CLOSED_LINE = re.compile(r"[.!?:;][\"'”’)\]»]*$")
# A lowercase word ending a sentence inside a line ("said. Then"): not a heading.
_SENTENCE_INSIDE = re.compile(r"(?:\b[a-z]{3,}[.!?]|[!?])[\"'”’)\]]*\s")
_HEADING_MAX_WORDS = 12
_STARTS_LIKE_A_SENTENCE = re.compile(r"[^\W_]|[“‘\"'(\[]")

# Sentence ends pysbd misses (each checked against what follows, see _missed_ends).
_MISSED_END = re.compile(
    r"(?P<quoted>[.!?]+[\"'”’)\]]+)(?=\s)"
    r"|(?P<marks>[?!]{2,})(?=\s)"
    r"|(?P<initials>(?<![\w.])(?:[A-Z]\.){2,})(?=\s+(?:The|This|That|These|Those|Then|There|It|"
    r"Its|He|She|They|We|I|But|And|However|Meanwhile|Still|Yet|So|In|On|A|An)\b)"
    r"|(?P<script>[।॥؟۔])(?=\s)"
)
_OPENERS = "“‘\"'(["
# A piece of text never starts a sentence with these: it belongs to the one before.
_CLOSING_START = ")]}”’」』）］】〕〉》"
_ABBREVIATION_END = re.compile(r"(?:^|[\s(])(?:approx|vs|cf|incl|esp|viz|e\.g|i\.e)\.$", re.I)
_CLOCK_END = re.compile(r"\b[ap]\.m\.$", re.I)
_CLOCK_FOLLOWER = re.compile(
    r"[a-z]|(?:[A-Z][DS]?T|GMT|UTC)\b|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
)
_SAFE_CUT = re.compile(r"(?<![\w.])[a-z]{3,}[.!?]\s+(?=[A-Z])")


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


def _lines(text: str, start: int, end: int) -> list[Span]:
    """The lines of text[start:end], without their "\\n"."""
    spans = []
    while True:
        newline = text.find("\n", start, end)
        if newline < 0:
            spans.append((start, end))
            return spans
        spans.append((start, newline))
        start = newline + 1


def paragraph_spans(text: str) -> list[Span]:
    """Blocks separated by blank lines, each trimmed of white space at both ends."""
    spans = []
    block: Span | None = None
    for line_start, line_end in _lines(text, 0, len(text)):
        start, end = trim_span(text, line_start, line_end)
        if start == end:
            if block:
                spans.append(block)
            block = None
        else:
            block = (block[0], end) if block else (start, end)
    if block:
        spans.append(block)
    return spans


def sentence_spans(text: str) -> list[Span]:
    """Sentences in order, trimmed, never crossing a paragraph, covering all non-space text."""
    spans: list[Span] = []
    for paragraph_start, paragraph_end in paragraph_spans(text):
        for kind, start, end in _runs(text, paragraph_start, paragraph_end):
            if kind == "prose":
                spans.extend(_split_prose(text, start, end))
            else:
                spans.append((start, end))
    return spans


def _runs(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """A paragraph's headings, list items and runs of wrapped prose lines, as (kind, start, end).

    Headings and list items are one sentence each; only prose goes to pysbd. A heading is a
    short line that does not end like a sentence, at the paragraph's start or after a line
    that does, followed by a line that starts like a sentence or a list item (so that
    hard-wrapped prose is not taken for headings). An indented line continues a list item.
    """
    lines = [(raw, trim_span(text, *raw)) for raw in _lines(text, start, end)]
    runs: list[list] = []
    for i, (raw, (line_start, line_end)) in enumerate(lines):
        line = text[line_start:line_end]
        previous = runs[-1] if runs else None
        if _LIST_ITEM.match(line):
            runs.append(["item", line_start, line_end])
        elif previous and previous[0] == "item" and line_start > raw[0]:
            previous[2] = line_end
        elif _is_heading(text, lines, i, previous):
            runs.append(["heading", line_start, line_end])
        elif previous and previous[0] == "prose":
            previous[2] = line_end
        else:
            runs.append(["prose", line_start, line_end])
    return [(kind, run_start, run_end) for kind, run_start, run_end in runs]


def _is_heading(text: str, lines: list, i: int, previous: list | None) -> bool:
    line = text[slice(*lines[i][1])]
    if i + 1 == len(lines) or line[0].islower():
        return False
    following = text[slice(*lines[i + 1][1])]
    if following[0].islower() or not (
        _LIST_ITEM.match(following) or _STARTS_LIKE_A_SENTENCE.match(following)
    ):
        return False
    if len(line.split()) >= _HEADING_MAX_WORDS or _CLOSED_LINE.search(line):
        return False
    if _SENTENCE_INSIDE.search(line):
        return False
    if previous is None or previous[0] != "prose":
        return True
    return bool(_CLOSED_LINE.search(text[previous[1] : previous[2]]))


def _split_prose(text: str, start: int, end: int) -> list[Span]:
    """Sentences of text[start:end], a run of wrapped lines inside one paragraph."""
    # Same length, so offsets into the chunk are offsets into the text.
    chunk = text[start:end].replace("\n", " ")
    spans: list[Span] = []
    for piece_start, piece_end in _pieces(chunk):
        spans.extend(_segment(chunk, piece_start, piece_end))
    spans = _split_missed(chunk, _merge_false_splits(chunk, spans))
    return [(start + s, start + e) for s, e in spans]


def _pieces(chunk: str) -> list[Span]:
    """Cut a long chunk at likely sentence ends, so that each piece is cheap for pysbd."""
    pieces = []
    start = 0
    while len(chunk) - start > _PIECE_LENGTH:
        limit = start + _PIECE_LENGTH
        cut = None
        for match in _SAFE_CUT.finditer(chunk, start + _PIECE_LENGTH // 2, limit):
            cut = match.end()
        if cut is None:
            space = max(chunk.rfind(" ", start + 1, limit), chunk.rfind("\t", start + 1, limit))
            cut = space if space > start else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(chunk)))
    return pieces


def _segment(chunk: str, start: int, end: int) -> list[Span]:
    """pysbd's sentences of chunk[start:end], found again with a moving cursor.

    pysbd's own offsets are wrong on repeated sentences. Text pysbd skipped joins the
    sentence after it; if a sentence cannot be found, the rest is one sentence.
    """
    spans = []
    cursor = start
    try:
        segments = _SEGMENTER.processor(chunk[start:end]).process() or []
    except Exception:  # pysbd is a heuristic; a failure must not lose the article.
        segments = []
    for segment in segments:
        needle = segment.strip()
        if not needle:
            continue
        found = chunk.find(needle, cursor, end)
        if found < 0:
            break
        spans.append(trim_span(chunk, cursor, found + len(needle)))
        cursor = found + len(needle)
    spans.append(trim_span(chunk, cursor, end))
    return [(s, e) for s, e in spans if s < e]


def _merge_false_splits(chunk: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and _joins_previous(chunk[slice(*merged[-1])], chunk[slice(*span)]):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _joins_previous(previous: str, following: str) -> bool:
    if following[0] in _CLOSING_START or _ABBREVIATION_END.search(previous):
        return True
    return bool(_CLOCK_END.search(previous) and _CLOCK_FOLLOWER.match(following))


def _split_missed(chunk: str, spans: list[Span]) -> list[Span]:
    result: list[Span] = []
    for start, end in spans:
        for cut in _missed_ends(chunk, start, end):
            result.append(trim_span(chunk, start, cut))
            start = cut
        result.append(trim_span(chunk, start, end))
    return [(s, e) for s, e in result if s < e]


def _missed_ends(chunk: str, start: int, end: int) -> list[int]:
    cuts = []
    for match in _MISSED_END.finditer(chunk, start, end):
        after, _ = trim_span(chunk, match.end(), end)
        if after == end:
            continue
        following = chunk[after]
        needs_capital = match.group("quoted") or match.group("marks")
        if needs_capital and not (following.isupper() or following in _OPENERS):
            continue
        cuts.append(match.end())
    return cuts


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
