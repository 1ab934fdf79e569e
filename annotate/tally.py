"""What an article's progress columns count, over some of its sentences: how many sentences a
tag touches, what each sentence says by the one rule (annotate.agreement) and each editor's
own values. Pure, no Django.

`Article.refresh_progress` tallies every sentence; after a change of one span it tallies the
few sentences that span touches, before and after the change, and adds the difference to
the stored columns (the counts are sums over sentences, so the rest cancels out).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import NamedTuple

from annotate import agreement

MISSING = "missing"  # an unfinished layer's value where it leaves a sentence untagged
LAYER_KEYS = (*agreement.CATEGORIES, MISSING)

Span = tuple[int, int, str]


class Tally(NamedTuple):
    tagged: int  # sentences some tag touches
    labels: Counter  # what the sentences say: fact, speculation, hype, disputed, none
    layers: dict  # editor -> their values counted: fact, speculation, hype, none, missing


def layer_counts(values: Iterable[str | None]) -> dict[str, int]:
    """One editor's values per sentence, counted; `missing` where an unfinished layer
    leaves a sentence untagged."""
    counts = dict.fromkeys(LAYER_KEYS, 0)
    for value in values:
        counts[value or MISSING] += 1
    return counts


def tally(
    sentences: Sequence[Sequence[int]],
    editors: Iterable,
    spans: Mapping[object, Iterable[Span]],
    finished: Collection,
    gold: Sequence[str | None],
) -> Tally:
    """Over `sentences` (sorted, as Article.sentences): the `editors`' tags (`spans` by
    editor), the layers that are `finished` (their untagged sentences say `none`) and
    the verdicts' value for each sentence (`gold`, None where there is none)."""
    covering = {e: agreement.covering_labels(sentences, spans.get(e, ())) for e in editors}
    rows = zip(*covering.values(), strict=True)
    tagged = sum(1 for row in rows if any(v is not None for v in row))
    columns = {
        e: [v or agreement.NONE for v in column] if e in finished else column
        for e, column in covering.items()
    }
    labels = Counter(agreement.resolve(gold, list(columns.values())))
    return Tally(tagged, labels, {e: layer_counts(c) for e, c in columns.items()})


def shifted(stored: Mapping[str, int], keys: Sequence[str], after: Mapping, before: Mapping):
    """`stored` counts plus `after` minus `before`, for each of `keys`; None when `stored`
    lacks one (never counted) or a count would go below zero (it was not in step)."""
    if any(not isinstance(stored.get(key), int) for key in keys):
        return None
    counts = {key: stored[key] + after.get(key, 0) - before.get(key, 0) for key in keys}
    return counts if min(counts.values(), default=0) >= 0 else None
