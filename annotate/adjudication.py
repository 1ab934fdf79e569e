"""What a lead adjudicates: per sentence, each finished editor's value, whether they agree,
the majority, and the verdict that settles it.

Pure, no Django: the models turn rows into :class:`annotate.agreement.Layer` tuples and
call :func:`review_rows`; values and verdicts follow :mod:`annotate.agreement`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from annotate import agreement


class Row(NamedTuple):
    """One sentence as the review page shows it."""

    index: int
    start: int
    end: int
    values: tuple[tuple[str, str], ...]  # (editor, label or "none"), finished layers in order
    agree: bool  # two values or more, all the same
    majority: str | None  # the value most editors gave, when one value leads
    verdict: int | None  # index into the verdicts given, of the one settling the sentence
    disputed: bool  # the values differ


def majority(values: Sequence[str]) -> str | None:
    """The value given most often, or None when none leads (a tie, or no values)."""
    counts = Counter(values)
    if not counts:
        return None
    most = max(counts.values())
    leaders = [value for value, n in counts.items() if n == most]
    return leaders[0] if len(leaders) == 1 else None


def settling_verdicts(
    sentences: Sequence[Sequence[int]], verdicts: Sequence[agreement.Span]
) -> list[int | None]:
    """Per sentence, the index in ``verdicts`` of the one that settles it (the rule of
    :func:`annotate.agreement.verdict_values`), or None."""
    rank = {label: i for i, label in enumerate(agreement.CATEGORIES)}
    # verdict_values breaks ties by start, then label order, keeping the first seen: give
    # it the verdicts in that order, with their index in place of the label.
    order = sorted(range(len(verdicts)), key=lambda i: (verdicts[i][0], rank[verdicts[i][2]]))
    return agreement.verdict_values(sentences, [(verdicts[i][0], verdicts[i][1], i) for i in order])


def review_rows(
    sentences: Sequence[Sequence[int]],
    layers: Sequence[agreement.Layer],
    verdicts: Sequence[agreement.Span] = (),
    *,
    first: int = 0,
) -> list[Row]:
    """The rows of ``sentences`` (numbered from ``first``) over the finished ``layers``."""
    done = [layer for layer in layers if layer.finished]
    columns = [agreement.layer_values(sentences, layer) for layer in done]
    settled = settling_verdicts(sentences, verdicts)
    editors = [layer.editor for layer in done]
    given_rows = zip(*columns, strict=True) if columns else [()] * len(sentences)
    # A long article's 900 sentences hold a few dozen distinct rows of values: each is
    # worked out once, and its rows share the result.
    facts: dict[tuple, tuple] = {}
    rows = []
    for i, ((start, end), given, verdict) in enumerate(
        zip(sentences, given_rows, settled, strict=True), start=first
    ):
        known = facts.get(given)
        if known is None:
            distinct = len(set(given))
            known = facts[given] = (
                tuple(zip(editors, given, strict=True)),
                len(given) >= 2 and distinct == 1,
                majority(given),
                distinct > 1,
            )
        values, agree, most, disputed = known
        rows.append(Row(i, start, end, values, agree, most, verdict, disputed))
    return rows


def unanimous(rows: Sequence[Row]) -> list[Row]:
    """The rows all finished editors (two or more) agree on and no verdict settles yet."""
    return [row for row in rows if row.agree and row.verdict is None]
