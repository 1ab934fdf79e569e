"""What the printable report of one article shows: each sentence with what it says by the
one rule (and the verdicts that settle it), the summary, who tagged and who decided."""

from __future__ import annotations

from annotate import agreement, charts, insights
from annotate.models import Article


def summary(article: Article) -> dict:
    """An article's shares (its `sentence_labels` column) as the small bar and its counts."""
    counts = insights.article_counts(article.sentence_labels, article.sentences_total)
    values = [counts[c] for c in insights.CATEGORIES]
    whole = sum(values)
    return {
        "segments": charts.share_bar(values, insights.CATEGORIES),
        # The panel's and the report's: wider, so that patterns keep their proportions.
        "wide_segments": charts.segments(
            values, insights.CATEGORIES, x=0, y=0, width=400, height=16
        ),
        "cells": [
            (
                c,
                insights.CATEGORY_NAMES[c],
                counts[c],
                round(100 * counts[c] / whole) if whole else 0,
            )
            for c in insights.CATEGORIES
        ],
        "sentences": whole,
    }


def report_context(article: Article) -> dict:
    spans: dict[int, list] = {}
    rows = article.annotations.filter(orphaned=False).values_list(
        "editor_id", "start", "end", "label"
    )
    for editor_id, start, end, label in rows:
        spans.setdefault(editor_id, []).append((start, end, label))
    layers = article.editor_layers()
    views = [
        agreement.Layer(str(x.editor_id), spans.get(x.editor_id, ()), x.finished) for x in layers
    ]
    verdicts = list(article.verdicts.select_related("decided_by"))
    # Headings say nothing by the rule (they count in neither progress nor insights).
    sentences = article.body_sentences()
    labels = agreement.sentence_labels(
        sentences, views, [(v.start, v.end, v.label) for v in verdicts]
    )
    settled: dict[int, list] = {}
    for verdict in verdicts:
        values = agreement.verdict_values(sentences, [(verdict.start, verdict.end, verdict.label)])
        index = next((i for i, value in enumerate(values) if value is not None), None)
        if index is not None:
            settled.setdefault(index, []).append(verdict)
    body = {tuple(span): i for i, span in enumerate(sentences)}
    every = article.sentences
    paragraphs, n = [], 0
    for p_start, p_end in article.paragraphs():
        blocks = []
        while n < len(every) and every[n][0] < p_end:
            start, end = every[n]
            i = body.get((start, end))
            if end > p_start:
                blocks.append(
                    {
                        "index": n,
                        "text": article.text[start:end],
                        "heading": i is None,
                        "label": None if i is None else labels[i],
                        "verdicts": [] if i is None else settled.get(i, []),
                    }
                )
            n += 1
        if blocks:
            paragraphs.append(blocks)
    deciders: dict[str, int] = {}
    for verdict in verdicts:
        name = verdict.decided_by.get_username()
        deciders[name] = deciders.get(name, 0) + 1
    return {
        "article": article,
        "paragraphs": paragraphs,
        "summary": summary(article),
        "layers": [
            {"editor": x.editor.get_username(), "finished": x.finished, "counts": x.counts}
            for x in layers
        ],
        "deciders": sorted(deciders.items()),
        "verdict_count": len(verdicts),
    }
