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


def row_html(
    row: Row, text: str, names: dict[str, str], verdict: VerdictView | None, *, oob=False
) -> str:
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
    parts = [
        f'<li class="{classes}" {attrs} tabindex="-1">',
        f'<p class="review-text">{escape(text[row.start : row.end], quote=False)}</p>',
        '<div class="review-facts">',
    ]
    if row.values:
        parts.append('<ul class="review-values" aria-label="Finished editors\' values">')
        for editor, value in row.values:
            parts.append(
                f'<li><span class="who">{escape(editor)}</span> '
                f'<span class="badge" data-label="{value}">{names[value]}</span></li>'
            )
        parts.append("</ul>")
    parts.append('<p class="review-state">')
    if row.disputed:
        parts.append('<span class="state state-disputed">Disputed</span>')
    elif row.agree:
        parts.append('<span class="state state-agreed">Agreed</span>')
    if verdict:
        note = f" · {escape(verdict.note)}" if verdict.note else ""
        parts.append(
            f'<span class="verdict">Verdict <span class="badge" data-label="{verdict.label}">'
            f"{names[verdict.label]}</span> by {escape(verdict.decided_by)} "
            f'<time datetime="{verdict.decided_at}">{verdict.when}</time>{note}</span>'
        )
    elif row.disputed:
        parts.append('<span class="no-verdict">No verdict yet</span>')
    parts.append("</p></div></li>")
    return "".join(parts)
