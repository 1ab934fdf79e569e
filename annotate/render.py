"""Render an article's text with its sentences and annotations as HTML, in one pass.

Pure: takes the text, its paragraph and sentence spans and plain annotation records;
returns HTML strings. The DOM it writes is the page contract of DESIGN.md:

    <p class="para" id="para-N" data-start data-end>
      <span class="sentence" data-start data-end data-index> ...marks... </span>
      <span class="gap" data-start data-end> </span> ...
    </p>

Text nodes hold exactly ``text[start:end]`` (no added whitespace), so the page's
script can turn a DOM selection into code point offsets by counting characters from
the start of the enclosing paragraph. Overlapping annotations are nested ``<mark>``
elements; one that crosses another's edge, a sentence or a paragraph is split into
several marks with the same ``data-annotation-id``, and only its last piece carries
the ``ann-end`` class (where the CSS draws its label badge).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise


# Not frozen: pages build thousands, and a frozen dataclass's __init__ costs several times.
@dataclass(slots=True)
class Mark:
    id: int
    start: int
    end: int
    label: str
    title: str  # tooltip: label, editor, time, note
    mine: bool
    version: int = 0  # sent back with a change, to detect someone else's change since
    # The same details as data attributes, for the page's details list (not only a tooltip).
    editor: str = ""
    when: str = ""
    note: str = ""
    # The attributes after `class`, already escaped (see marks_from_rows), when the caller
    # made them; else made here from the fields above.
    attrs: str = ""


def runs_for(
    paragraphs: Sequence[Sequence[int]], sentences: Sequence[Sequence[int]]
) -> list[list[tuple[int, int, int | None]]]:
    """Per paragraph, its runs (start, end, sentence index or None for the gap between)."""
    out: list[list[tuple[int, int, int | None]]] = []
    starts = [s[0] for s in sentences]
    for p_start, p_end in paragraphs:
        runs: list[tuple[int, int, int | None]] = []
        pos = p_start
        i = bisect_left(starts, p_start)
        while i < len(sentences) and sentences[i][0] < p_end:
            s_start, s_end = sentences[i]
            if s_start > pos:
                runs.append((pos, s_start, None))
            runs.append((s_start, s_end, i))
            pos = s_end
            i += 1
        if pos < p_end:
            runs.append((pos, p_end, None))
        out.append(runs)
    return out


def _marks_html(text: str, start: int, end: int, marks: list[Mark]) -> str:
    """Text of [start, end) with the marks that overlap it, nested, split where they cross.

    ``marks`` come outermost first (see ``_outermost_first``), their ``attrs`` made.
    """
    if not marks:
        return _escape(text[start:end])
    if len(marks) == 1:  # the common case, a run with one tag: no nesting to work out
        m = marks[0]
        m_start = m.start if m.start > start else start
        m_end = m.end if m.end < end else end
        last = ' ann-end"' if m.end == m_end else '"'
        return (
            f'{_escape(text[start:m_start])}<mark class="ann{last}{m.attrs}>'
            f"{_escape(text[m_start:m_end])}</mark>{_escape(text[m_end:end])}"
        )
    nested = _nested_html(text, start, end, marks)
    return nested if nested is not None else _split_html(text, start, end, marks)


def _split_html(text: str, start: int, end: int, marks: list[Mark]) -> str:
    """The general way: the marks of [start, end) closed and opened again wherever one
    crosses another's edge (the walks above give the same HTML where none does)."""
    points = {start, end}
    for m in marks:
        points.add(max(m.start, start))
        points.add(min(m.end, end))
    bounds = sorted(points)
    parts: list[str] = []
    stack: list[tuple[Mark, int]] = []  # open marks, with the index of their opening tag

    def close(n: int, at: int) -> None:
        for _ in range(n):
            m, opened = stack.pop()
            if m.end == at:  # this piece is the mark's last: it carries the badge
                parts[opened] = _open_mark(m, last=True)
            parts.append("</mark>")

    for seg_start, seg_end in pairwise(bounds):
        active = [m for m in marks if m.start < seg_end and m.end > seg_start]
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep][0] is active[keep]:
            keep += 1
        close(len(stack) - keep, seg_start)
        for m in active[keep:]:
            stack.append((m, len(parts)))
            parts.append(_open_mark(m, last=False))
        parts.append(_escape(text[seg_start:seg_end]))
    close(len(stack), end)
    return "".join(parts)


def _nested_html(text: str, start: int, end: int, marks: list[Mark]) -> str | None:
    """The same HTML as _marks_html's general way, in one walk, when no mark crosses another
    inside [start, end) (the common case); None when one does."""
    parts: list[str] = []
    stack: list[int] = []  # where the open marks close, innermost last
    pos = start
    for m in marks:
        m_start = m.start if m.start > start else start
        m_end = m.end if m.end < end else end
        while stack and stack[-1] <= m_start:
            at = stack.pop()
            parts.append(_escape(text[pos:at]) + "</mark>")
            pos = at
        if stack and m_end > stack[-1]:
            return None
        if pos < m_start:
            parts.append(_escape(text[pos:m_start]))
            pos = m_start
        last = ' ann-end"' if m.end == m_end else '"'
        parts.append(f'<mark class="ann{last}{m.attrs}>')
        stack.append(m_end)
    while stack:
        at = stack.pop()
        parts.append(_escape(text[pos:at]) + "</mark>")
        pos = at
    if pos < end:
        parts.append(_escape(text[pos:end]))
    return "".join(parts)


def _escape(s: str) -> str:
    """html.escape(s, quote=False), without its call overhead: it runs per piece of text."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(s: str) -> str:
    """An attribute value, escaped; most (names, times) need nothing, and this runs
    thousands of times a page, so look before escaping."""
    if "&" in s or "<" in s or ">" in s or '"' in s or "'" in s:
        return escape(s)
    return s


def _mark_attributes(m: Mark) -> str:
    mine = ' data-mine="1"' if m.mine else ""
    details = f' data-editor="{_attr(m.editor)}"' if m.editor else ""
    if m.when:
        details += f' data-when="{_attr(m.when)}"'
    if m.note:
        details += f' data-note="{_attr(m.note)}"'
    title = f' title="{_attr(m.title)}"' if m.title else ""
    return (
        f' data-annotation-id="{m.id}" data-label="{m.label}"'
        f' data-ann-start="{m.start}" data-ann-end="{m.end}"{mine}{details}'
        f' data-version="{m.version}"{title}'
    )


def marks_from_rows(rows: Iterable[tuple], user_pk: int | None, when: Callable) -> list[Mark]:
    """Marks, their attributes made, from rows of (id, start, end, label, note, editor id,
    editor's name, time, version); ``when`` turns a row's time into the minute shown.

    The attributes are those of ``_mark_attributes`` for a Mark without a title, with each
    editor's name escaped once rather than once a mark: the annotate page makes thousands.
    The tooltip (label, editor, time, note) is the page script's, made from them when the
    pointer is on a mark."""
    editors: dict[int, str] = {}
    marks: list[Mark] = []
    append = marks.append
    for ann_id, start, end, label, note, editor_id, username, time, version in rows:
        editor = editors.get(editor_id)
        if editor is None:
            mine = ' data-mine="1"' if editor_id == user_pk else ""
            editor = editors[editor_id] = f'{mine} data-editor="{_attr(username)}"'
        # A minute is digits, dashes, a space and a colon: nothing to escape.
        noted = f' data-note="{_attr(note)}"' if note else ""
        attrs = (
            f' data-annotation-id="{ann_id}" data-label="{label}" data-ann-start="{start}"'
            f' data-ann-end="{end}"{editor} data-when="{when(time)}"{noted}'
            f' data-version="{version}"'
        )
        append(Mark(ann_id, start, end, label, "", False, version, username, "", "", attrs))
    return marks


def _open_mark(m: Mark, *, last: bool) -> str:
    classes = "ann ann-end" if last else "ann"
    return f'<mark class="{classes}"{m.attrs or _mark_attributes(m)}>'


def _outermost_first(m: Mark) -> tuple[int, int, int]:
    """Nesting order: earlier start, then longer, then older."""
    return (m.start, -m.end, m.id)


_NO_EXTRA = ("", "")


def render_paragraphs(
    text: str,
    paragraphs: Sequence[Sequence[int]],
    sentences: Sequence[Sequence[int]],
    marks: Iterable[Mark],
    *,
    only: Iterable[int] | None = None,
    oob: bool = False,
    sentence_extra: Mapping[int, tuple[str, str]] | None = None,
    headings: Mapping[int, int] | None = None,
) -> list[str]:
    """HTML for each paragraph (or for the paragraph indices in ``only``); ``sentence_extra``
    gives some sentences (by index) more classes and attributes, each string escaped and
    starting with a space.

    ``headings`` maps the start of each sentence that is a heading to its level (1 for the
    headline): it stays a sentence (focusable, taggable) with the role of a heading."""
    extra = sentence_extra or {}
    headings = headings or {}
    wanted = range(len(paragraphs)) if only is None else sorted(set(only))
    # Only the wanted paragraphs' runs: a tag's fragments are one or two of hundreds.
    all_runs = dict(zip(wanted, runs_for([paragraphs[i] for i in wanted], sentences), strict=True))
    # Bucket the marks by paragraph: each mark goes to every paragraph it overlaps.
    p_starts = [p[0] for p in paragraphs]
    buckets: dict[int, list[Mark]] = {i: [] for i in wanted}
    for m in marks:
        i = max(bisect_left(p_starts, m.start + 1) - 1, 0)
        while i < len(paragraphs) and paragraphs[i][0] < m.end:
            if paragraphs[i][1] > m.start and i in buckets:
                buckets[i].append(m)
            i += 1
    for bucket in buckets.values():
        for m in bucket:
            if not m.attrs:  # a caller's Mark of fields only: make its attributes once
                m.attrs = _mark_attributes(m)
    swap = ' hx-swap-oob="true"' if oob else ""
    out = []
    for i in wanted:
        p_start, p_end = paragraphs[i]
        pmarks = sorted(buckets[i], key=_outermost_first)
        html = [f'<p class="para" id="para-{i}" data-start="{p_start}" data-end="{p_end}"{swap}>']
        # Sweep the runs in order: the marks still open, plus those starting in this run,
        # stay in nesting order (pmarks' order) without re-scanning all of pmarks per run.
        rmarks: list[Mark] = []
        j, n = 0, len(pmarks)
        for r_start, r_end, s_index in all_runs[i]:
            if rmarks:
                rmarks = [m for m in rmarks if m.end > r_start]
            while j < n and pmarks[j].start < r_end:
                if pmarks[j].end > r_start:
                    rmarks.append(pmarks[j])
                j += 1
            if rmarks:
                inner = _marks_html(text, r_start, r_end, rmarks)
            else:
                inner = _escape(text[r_start:r_end])
            if s_index is None:
                html.append(
                    f'<span class="gap" data-start="{r_start}" data-end="{r_end}">{inner}</span>'
                )
                continue
            tagged = " tagged" if rmarks else ""
            classes, attrs = extra.get(s_index, _NO_EXTRA)
            level = headings.get(r_start)
            heading = f' heading level-{level}" role="heading" aria-level="{level}' if level else ""
            html.append(
                f'<span class="sentence{tagged}{classes}{heading}" id="s-{s_index}" '
                f'data-index="{s_index}" data-start="{r_start}" data-end="{r_end}" '
                f'tabindex="-1"{attrs}>{inner}</span>'
            )
        html.append("</p>")
        out.append("".join(html))
    return out


def paragraphs_touching(paragraphs: Sequence[Sequence[int]], start: int, end: int) -> list[int]:
    return [i for i, (p_start, p_end) in enumerate(paragraphs) if p_start < end and p_end > start]
