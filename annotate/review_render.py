"""The review page's rows as HTML, one string a sentence.

Pure: built in Python rather than in a template loop, as the page of a long article holds
some 900 rows and a template took most of its time. The markup:

    <li class="review-row [disputed|agreed] [decided]" id="r-N" data-index data-start
        data-end [data-majority] [data-verdict-id data-verdict] tabindex="-1">
      <p class="review-text">the sentence</p>
      <div class="review-facts"> each finished editor's value by name; state; verdict </div>
    </li>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import NamedTuple

from annotate.adjudication import Row


class VerdictView(NamedTuple):
    id: int
    label: str
    decided_by: str
    decided_at: str  # ISO 8601
    when: str  # as shown, "2026-12-01 09:10"
    note: str


def rows_html(
    rows: Iterable[Row],
    text: str,
    names: Mapping[str, str],
    verdicts: Mapping[int, VerdictView],
    *,
    oob: bool = False,
) -> str:
    """The rows' markup, joined; ``verdicts`` by ``Row.verdict``. Rows giving the same
    values share the markup of their values, made once."""
    made: dict[tuple, str] = {}
    parts = []
    for row in rows:
        values = made.get(row.values)
        if values is None:
            values = made[row.values] = values_html(row.values, names)
        verdict = None if row.verdict is None else verdicts[row.verdict]
        parts.append(row_html(row, text, names, verdict, oob=oob, values=values))
    return "".join(parts)


def values_html(values: tuple[tuple[str, str], ...], names: Mapping[str, str]) -> str:
    """Each finished editor's value by name."""
    if not values:
        return ""
    items = "".join(
        f'<li><span class="who">{escape(editor)}</span> '
        f'<span class="badge" data-label="{value}">{names[value]}</span></li>'
        for editor, value in values
    )
    return f'<ul class="review-values" aria-label="Finished editors\' values">{items}</ul>'


def row_html(
    row: Row,
    text: str,
    names: Mapping[str, str],
    verdict: VerdictView | None,
    *,
    oob: bool = False,
    values: str | None = None,
) -> str:
    """One row; ``values`` its values' markup, when made already."""
    classes = "review-row"
    if row.disputed:
        classes += " disputed"
    elif row.agree:
        classes += " agreed"
    attrs = (
        f'id="r-{row.index}" data-index="{row.index}" data-start="{row.start}" data-end="{row.end}"'
    )
    if row.majority:
        attrs += f' data-majority="{row.majority}"'
    if verdict:
        classes += " decided"
        attrs += f' data-verdict-id="{verdict.id}" data-verdict="{verdict.label}"'
    if oob:
        attrs += ' hx-swap-oob="true"'
    if values is None:
        values = values_html(row.values, names)
    if row.disputed:
        state = '<span class="state state-disputed">Disputed</span>'
    elif row.agree:
        state = '<span class="state state-agreed">Agreed</span>'
    else:
        state = ""
    if verdict:
        note = f" · {escape(verdict.note)}" if verdict.note else ""
        state += (
            f'<span class="verdict">Verdict <span class="badge" data-label="{verdict.label}">'
            f"{names[verdict.label]}</span> by {escape(verdict.decided_by)} "
            f'<time datetime="{verdict.decided_at}">{verdict.when}</time>{note}</span>'
        )
    elif row.disputed:
        state += '<span class="no-verdict">No verdict yet</span>'
    return (
        f'<li class="{classes}" {attrs} tabindex="-1">'
        f'<p class="review-text">{escape(text[row.start : row.end], quote=False)}</p>'
        f'<div class="review-facts">{values}<p class="review-state">{state}</p></div></li>'
    )
