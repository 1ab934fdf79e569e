"""Sentence-level measures of a suggester against gold labels: plain data in, plain data out.

Definitions as in scikit-learn's ``precision_recall_fscore_support``: for a label L,
precision = |predicted L and gold L| / |predicted L|, recall = |predicted L and gold L| /
|gold L|, F1 their harmonic mean; a ratio with nothing to count is 0 (zero_division=0).
Macro-F1 is the unweighted mean of the labels' F1 (Sokolova & Lapalme 2009).
"""

from __future__ import annotations

from collections.abc import Sequence

NONE = "none"


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def per_label(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict:
    """{label: {"precision", "recall", "f1", "support"}} for each of ``labels``."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    figures = {}
    for label in labels:
        hits = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        precision = _ratio(hits, sum(p == label for p in predicted))
        recall = _ratio(hits, sum(g == label for g in gold))
        f1 = _ratio(2 * precision * recall, precision + recall) if hits else 0.0
        figures[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": sum(g == label for g in gold),
        }
    return figures


def macro_f1(figures: dict) -> float:
    """The unweighted mean F1 of the labels in ``figures`` (from per_label)."""
    return _ratio(sum(f["f1"] for f in figures.values()), len(figures))


def shown(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """What an editor sees of the suggestions shown (``predicted`` other than "none").

    precision: shown suggestions whose label is the gold one / shown suggestions;
    coverage: sentences with a shown suggestion / all sentences;
    recall: labelled sentences (gold not "none") shown with their label / labelled sentences.
    """
    shown_pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if p != NONE]
    right = sum(g == p for g, p in shown_pairs)
    return {
        "shown": len(shown_pairs),
        "precision": _ratio(right, len(shown_pairs)),
        "coverage": _ratio(len(shown_pairs), len(gold)),
        "recall": _ratio(right, sum(g != NONE for g in gold)),
    }
