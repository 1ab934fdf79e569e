"""Paragraphs and sentences of an article's text, as (start, end) code point spans.

Pure functions, no Django. Sentences come from pysbd, with headings, list items and the
sentence ends it gets wrong handled here; a sentence never crosses a paragraph.
"""

from __future__ import annotations

import re

import pysbd

from annotate.text import Span, trim_span

# One segmenter for the process. We call its processor() rather than segment():
# segment() keeps the text on the instance (not thread-safe) and silently drops any
# sentence it cannot find again in the input.
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)

# pysbd's cost grows faster than linearly with input length; longer runs are cut first.
_PIECE_LENGTH = 3_000

_LIST_ITEM = re.compile(r"(?:[-*•–]|\d{1,3}[.)]|[a-z][.)]|[A-Z]\)|\(\w{1,3}\))(?:\s+|$)")
_CLOSED_LINE = re.compile(r"[.!?:;][\"'”’)\]»]*$")
# A lowercase word ending a sentence inside a line ("said. Then"): not a heading.
_SENTENCE_INSIDE = re.compile(r"(?:\b[a-z]{3,}[.!?]|[!?])[\"'”’)\]]*\s")
_HEADING_MAX_WORDS = 12
# A paragraph of one line is a heading up to this many words (headlines run longer than
# subheadings), when it does not end like a sentence: see _stands_alone_as_heading.
_STANDALONE_MAX_WORDS = 16
_STANDALONE_CLOSED = re.compile(r"[.!;:,][\"'”’)\]»]*$")
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
    if len(lines) == 1 and _stands_alone_as_heading(text[start:end]):
        return [("heading", start, end)]
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


def heading_spans(text: str, sentences: list, *, title: str = "") -> list[Span]:
    """The sentences (`sentences`, as sentence_spans gave them) that are headings, in order.

    A heading is a paragraph of one short line that does not end like a sentence (a
    question mark may end it), or a short line heading a paragraph of prose (see _runs);
    and the first sentence, whatever it ends with, when it repeats `title` (the headline
    pasted with the text) and is the whole first line. List items are sentences: they carry
    claims.
    """
    headings = [
        (start, end)
        for paragraph in paragraph_spans(text)
        for kind, start, end in _runs(text, *paragraph)
        if kind == "heading"
    ]
    first_line = text[: text.find("\n")] if "\n" in text else text
    if (
        sentences
        and first_line.strip() == text[slice(*sentences[0])]
        and same_title(first_line, title)
    ):
        first = tuple(sentences[0])
        if not headings or headings[0] != first:
            headings.insert(0, first)
    return headings


def heading_lists(text: str, sentences: list, title: str) -> list[list[int]]:
    """heading_spans as the JSON fields hold them: [start, end] lists."""
    return [list(span) for span in heading_spans(text, sentences, title=title)]


def body_sentences(sentences: list, headings: list) -> list:
    """The sentences that are not headings: those progress and agreement count."""
    if not headings:
        return sentences
    skip = {tuple(span) for span in headings}
    return [span for span in sentences if tuple(span) not in skip]


def same_title(line: str, title: str) -> bool:
    """Whether a line repeats the title, case, spacing and final punctuation aside."""
    return bool(title.strip()) and _folded(line) == _folded(title)


def _folded(s: str) -> str:
    return " ".join(s.casefold().split()).rstrip(".!?:;,")


def _stands_alone_as_heading(line: str) -> bool:
    if not (line[0].isupper() or line[0].isdigit()) or _LIST_ITEM.match(line):
        return False
    if len(line.split()) > _STANDALONE_MAX_WORDS or _STANDALONE_CLOSED.search(line):
        return False
    return not _SENTENCE_INSIDE.search(line)


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
