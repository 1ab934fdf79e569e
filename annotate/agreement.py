"""Layers, sentence values, agreement between editors and what an article says.

Pure, no Django: the views and commands turn rows into :class:`Layer` tuples and call
:func:`article_agreement`, :func:`pooled_agreement` or :func:`sentence_labels`.

The unit is the sentence. An editor's *value* for a sentence is the label of their
annotation covering most of it; ties go to the annotation that starts first, then to
the label first in ``fact, speculation, hype`` (so the result never depends on the
order annotations come in). With nothing of theirs overlapping the sentence, the value
is ``none`` when their layer is finished ("read it all, nothing to tag"), else missing.
Agreement counts finished layers only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import NamedTuple

from annotate import coefficients as co
from annotate import span_f1

LABELS = ("fact", "speculation", "hype")
NONE = "none"
CATEGORIES = (*LABELS, NONE)
DISPUTED = "disputed"
SENTENCE_LABELS = (*LABELS, DISPUTED, NONE)
FEWER_THAN_TWO = "fewer than two finished layers: agreement needs at least two"
ONE_CATEGORY = "every value is in one category: alpha is undefined (no variation)"
NOTHING_PAIRABLE = "no sentence has values from two finished layers"

_RANK = {label: rank for rank, label in enumerate(CATEGORIES)}

Span = span_f1.Span


class Layer(NamedTuple):
    """One editor's annotations on one article, and whether they marked it finished."""

    editor: str
    spans: Sequence[Span]
    finished: bool = False


class ArticleLayers(NamedTuple):
    """What the pooled measures need of one article."""

    sentences: Sequence[Sequence[int]]
    layers: Sequence[Layer]
    verdicts: Sequence[Span] = ()
    blind: bool = False


def covering_labels(
    sentences: Sequence[Sequence[int]], spans: Iterable[Span], *, default: str | None = None
) -> list[str | None]:
    """Per sentence, the label of the span covering most of it (ties: the span starting
    first, then label order), or ``default`` where no span overlaps it.

    ``sentences`` are sorted and do not overlap, as ``Article.sentences`` are.
    """
    n = len(sentences)
    starts = [start for start, _ in sentences]
    ends = [end for _, end in sentences]
    most = [0] * n  # per sentence, the longest overlap so far and the start of its span
    first = [0] * n
    labels: list[str | None] = [default] * n
    rank = _RANK.get
    # This loop runs once per span and sentence it touches: min(), max() and repeated
    # indexing cost more than the comparisons written out.
    for start, end, label in spans:
        i = bisect_right(ends, start)
        while i < n:
            s = starts[i]
            if s >= end:
                break
            e = ends[i]
            overlap = (end if end < e else e) - (start if start > s else s)
            m = most[i]
            if overlap > m or (
                overlap == m
                and (
                    start < first[i] or (start == first[i] and rank(label, 9) < rank(labels[i], 9))
                )
            ):
                most[i] = overlap
                first[i] = start
                labels[i] = label
            if e >= end:  # no later sentence starts before the span ends
                break
            i += 1
    return labels


def layer_values(sentences: Sequence[Sequence[int]], layer: Layer) -> list[str | None]:
    """An editor's value for each sentence: a label, ``none`` (finished, untagged) or None."""
    return covering_labels(sentences, layer.spans, default=NONE if layer.finished else None)


def value_table(
    sentences: Sequence[Sequence[int]], layers: Sequence[Layer], *, finished_only: bool = True
) -> list[tuple[str | None, ...]]:
    """Units x coders: one row per sentence, one column per (finished) layer, in order."""
    columns = [layer_values(sentences, x) for x in layers if x.finished or not finished_only]
    if not columns:
        return [() for _ in sentences]
    return list(zip(*columns, strict=True))


def verdict_values(
    sentences: Sequence[Sequence[int]], verdicts: Iterable[Span]
) -> list[str | None]:
    """Per sentence, the label (or ``none``) a lead decided, else None.

    A verdict settles the one sentence it matches or, failing that, covers most (ties:
    the earlier sentence); a verdict overlapping no sentence settles nothing. Where
    several verdicts settle a sentence, the one covering most of it wins, as for layers.
    """
    n = len(sentences)
    ends = [end for _, end in sentences]
    settled: list[list[Span]] = [[] for _ in sentences]
    for start, end, label in verdicts:
        i = bisect_right(ends, start)
        best, best_overlap = None, 0
        while i < n and sentences[i][0] < end:
            overlap = min(end, ends[i]) - max(start, sentences[i][0])
            if overlap > best_overlap:
                best, best_overlap = i, overlap
            i += 1
        if best is not None:
            settled[best].append((start, end, label))
    values: list[str | None] = [None] * n
    for i, spans in enumerate(settled):
        if len(spans) == 1:
            values[i] = spans[0][2]
        elif spans:
            values[i] = covering_labels([sentences[i]], spans)[0]
    return values


def sentence_labels(
    sentences: Sequence[Sequence[int]], layers: Sequence[Layer], verdicts: Iterable[Span] = ()
) -> list[str]:
    """What the article says, per sentence: ``fact``, ``speculation``, ``hype``,
    ``disputed`` or ``none``.

    The one rule (issue 10): the sentence's verdict where there is one (see
    :func:`verdict_values`); else, over the layers that give it a value (any editor's
    label for it, finished or not, or ``none`` from a finished layer), that value when
    they all agree, ``disputed`` when they differ, ``none`` when no layer gives one.
    """
    columns = [layer_values(sentences, layer) for layer in layers]
    return resolve(verdict_values(sentences, verdicts), columns)


def resolve(gold: Sequence[str | None], columns: Sequence[Sequence[str | None]]) -> list[str]:
    """The rule of :func:`sentence_labels` from values already worked out: per sentence,
    the verdict's value (or None) and each layer's value (or None)."""
    labels = []
    for i, decided in enumerate(gold):
        if decided is not None:
            labels.append(decided)
            continue
        given = {column[i] for column in columns}
        given.discard(None)
        labels.append(given.pop() if len(given) == 1 else DISPUTED if given else NONE)
    return labels


def count_sentence_labels(labels: Iterable[str]) -> dict[str, int]:
    """``{"fact", "speculation", "hype", "disputed", "none"}`` -> sentences, zeros kept."""
    counts = Counter(labels)
    return {label: counts[label] for label in SENTENCE_LABELS}


def disputed(
    sentences: Sequence[Sequence[int]], rows: Sequence[Sequence[str | None]]
) -> list[list[int]]:
    """The sentences where the layers giving a value disagree, as ``[start, end]``."""
    split: dict[tuple, bool] = {}  # a long article's rows repeat: each looked at once
    found = []
    for sentence, row in zip(sentences, rows, strict=True):
        row = tuple(row)
        differ = split.get(row)
        if differ is None:
            differ = split[row] = len({v for v in row if v is not None}) > 1
        if differ:
            found.append([sentence[0], sentence[1]])
    return found


def _measures(profiles: Counter) -> dict:
    alpha = co.alpha_from_profiles(profiles)
    total, pairable = co.pairs_agreeing(profiles)
    return {
        "alpha": alpha,
        "gwet_ac1": co.ac1_from_profiles(profiles, CATEGORIES),
        "percent_agreement": total / pairable if pairable else None,
        "labels": {
            x: {"alpha": co.alpha_from_profiles(co.binarize_profiles(profiles, x))} for x in LABELS
        },
        "reason": None if alpha is not None else ONE_CATEGORY if pairable else NOTHING_PAIRABLE,
    }


def article_agreement(
    sentences: Sequence[Sequence[int]], layers: Sequence[Layer], *, blind: bool = False
) -> dict:
    """Agreement between the finished layers of one article, as ``agreement.json`` says.

    ``editors`` are the finished layers' editors in the order given; ``pairs`` one entry
    per pair of them with Cohen's kappa (over the sentences both give a value) and span
    F1 exact and by overlap; ``labels`` each label's alpha against the rest; ``disputed``
    the sentences where finished layers disagree. With fewer than two finished layers
    every measure is ``null`` and ``reason`` says why; ``reason`` also says why when alpha
    alone is undefined (every value in one category, or no sentences), else it is ``None``.
    """
    done = [layer for layer in layers if layer.finished]
    result = {
        "unit": "sentence",
        "blind": blind,
        "editors": [layer.editor for layer in done],
        "sentences": len(sentences),
        "alpha": None,
        "gwet_ac1": None,
        "percent_agreement": None,
        "pairs": [],
        "labels": {label: {"alpha": None} for label in LABELS},
        "disputed": [],
        "reason": FEWER_THAN_TWO,
    }
    if len(done) < 2:
        return result
    columns = [layer_values(sentences, x) for x in done]
    table = list(zip(*columns, strict=True))
    result.update(_measures(co.profiles(co.tally(table))))
    # Each layer grouped (by label, as a set of spans) once, not once per pair it is in.
    grouped = [span_f1.by_label(x.spans, side=i) for i, x in enumerate(done)]
    exact = [set(map(tuple, x.spans)) for x in done]
    for (i, j), pairs in co.column_confusions(columns).items():
        a, b = done[i].spans, done[j].spans
        result["pairs"].append(
            {
                "editors": [done[i].editor, done[j].editor],
                "n": sum(pairs.values()),
                "cohen_kappa": co.kappa_from_confusion(pairs),
                "span_f1_exact": span_f1.f1(len(exact[i] & exact[j]), len(a), len(b)),
                "span_f1_overlap": span_f1.f1(
                    span_f1.grouped_overlap_matches(grouped[i], grouped[j]), len(a), len(b)
                ),
            }
        )
    result["disputed"] = disputed(sentences, table)
    return result


def pooled_agreement(articles: Iterable[ArticleLayers]) -> dict:
    """Agreement over many articles, their sentences pooled into one value table.

    Coders are all editors with a finished layer somewhere (sorted); a sentence's row has
    values from its article's finished layers, missing elsewhere. Pairs pool the
    sentences both editors rated (kappa) and add up matches and spans over the articles
    both finished (micro-averaged span F1). ``accuracy`` gives each editor's share of
    sentences with a verdict where their value equals it (``none`` included), over the
    sentences with both. ``disputed`` is a count here; pairs of editors who never both
    finished one article are left out. ``blind`` is true when every article measured (two
    finished layers or more) was blind, ``blind_articles`` how many of those were.
    """
    articles = list(articles)
    editors = sorted({x.editor for a in articles for x in a.layers if x.finished})
    rows: co.Rows = Counter()
    spans: dict[tuple[str, str], list[int]] = {}  # exact, overlap, |a|, |b| per pair
    right: Counter = Counter()
    judged: Counter = Counter()
    sentences = measured = blind = 0
    for article in articles:
        sentences += len(article.sentences)
        done = sorted((x for x in article.layers if x.finished), key=lambda x: x.editor)
        if len(done) >= 2:
            measured += 1
            blind += bool(article.blind)
        values = {x.editor: layer_values(article.sentences, x) for x in done}
        missing = [None] * len(article.sentences)
        table = list(zip(*(values.get(e, missing) for e in editors), strict=True))
        rows.update(table)
        grouped = {x.editor: span_f1.by_label(x.spans, side=i) for i, x in enumerate(done)}
        exact = {x.editor: set(map(tuple, x.spans)) for x in done}
        for x, y in combinations(done, 2):
            totals = spans.setdefault((x.editor, y.editor), [0, 0, 0, 0])
            totals[0] += len(exact[x.editor] & exact[y.editor])
            totals[1] += span_f1.grouped_overlap_matches(grouped[x.editor], grouped[y.editor])
            totals[2] += len(x.spans)
            totals[3] += len(y.spans)
        if article.verdicts:
            gold = verdict_values(article.sentences, article.verdicts)
            for editor, given in values.items():
                for truth, value in zip(gold, given, strict=True):
                    if truth is not None and value is not None:
                        judged[editor] += 1
                        right[editor] += truth == value
    profiles = co.profiles(rows)
    result = {
        "unit": "sentence",
        "blind": measured > 0 and blind == measured,
        "blind_articles": blind,
        "articles": len(articles),
        "articles_measured": measured,
        "editors": editors,
        "sentences": sentences,
        **_measures(profiles),
        "pairs": [],
        "disputed": sum(w for profile, w in profiles.items() if len(profile) > 1),
        "accuracy": [
            {"editor": e, "n": judged[e], "accuracy": right[e] / judged[e] if judged[e] else None}
            for e in editors
        ],
    }
    if measured == 0:
        result["reason"] = FEWER_THAN_TWO
    for (i, j), pairs in co.pairwise_confusions(rows, len(editors)).items():
        if (editors[i], editors[j]) not in spans:
            continue  # never both finished on one article
        exact, overlap, size_a, size_b = spans[editors[i], editors[j]]
        result["pairs"].append(
            {
                "editors": [editors[i], editors[j]],
                "n": sum(pairs.values()),
                "cohen_kappa": co.kappa_from_confusion(pairs),
                "span_f1_exact": span_f1.f1(exact, size_a, size_b),
                "span_f1_overlap": span_f1.f1(overlap, size_a, size_b),
            }
        )
    return result
