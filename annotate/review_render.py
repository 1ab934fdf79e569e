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
    """The rows' markup, joined; ``verdicts`` by ``Row.verdict``. What a row shows of its
    values is made once for all the rows giving the same values (a few hundred of 900)."""
    made: dict[tuple, tuple[str, str, str, str]] = {}
    html = []
    for row in rows:
        shared = made.get(row.values)
        if shared is None:
            shared = made[row.values] = row_parts(row, names)
        verdict = None if row.verdict is None else verdicts[row.verdict]
        html.append(row_html(row, text, names, verdict, oob=oob, parts=shared))
    return "".join(html)


def row_parts(row: Row, names: Mapping[str, str]) -> tuple[str, str, str, str]:
    """What a row's markup takes from its values alone: its class, its majority
    attribute, each finished editor's value by name, and its state."""
    if row.disputed:
        kind, state = " disputed", '<span class="state state-disputed">Disputed</span>'
    elif row.agree:
        kind, state = " agreed", '<span class="state state-agreed">Agreed</span>'
    else:
        kind, state = "", ""
    majority = f' data-majority="{row.majority}"' if row.majority else ""
    values = ""
    if row.values:
        items = "".join(
            f'<li><span class="who">{escape(editor)}</span> '
            f'<span class="badge" data-label="{value}">{names[value]}</span></li>'
            for editor, value in row.values
        )
        values = f'<ul class="review-values" aria-label="Finished editors\' values">{items}</ul>'
    return kind, majority, values, state


def row_html(
    row: Row,
    text: str,
    names: Mapping[str, str],
    verdict: VerdictView | None,
    *,
    oob: bool = False,
    parts: tuple[str, str, str, str] | None = None,
) -> str:
    """One row; ``parts`` its row_parts, when made already."""
    kind, attrs, values, state = parts or row_parts(row, names)
    if verdict:
        kind += " decided"
        attrs += f' data-verdict-id="{verdict.id}" data-verdict="{verdict.label}"'
        note = f" · {escape(verdict.note)}" if verdict.note else ""
        state += (
            f'<span class="verdict">Verdict <span class="badge" data-label="{verdict.label}">'
            f"{names[verdict.label]}</span> by {escape(verdict.decided_by)} "
            f'<time datetime="{verdict.decided_at}">{verdict.when}</time>{note}</span>'
        )
    elif row.disputed:
        state += '<span class="no-verdict">No verdict yet</span>'
    if oob:
        attrs += ' hx-swap-oob="true"'
    i = row.index
    return (
        f'<li class="review-row{kind}" id="r-{i}" data-index="{i}" data-start="{row.start}" '
        f'data-end="{row.end}"{attrs} tabindex="-1">'
        f'<p class="review-text">{escape(text[row.start : row.end], quote=False)}</p>'
        f'<div class="review-facts">{values}<p class="review-state">{state}</p></div></li>'
    )
