"""The learned suggester: a logistic regression over a sentence's words, word pairs and cue
kinds, trained on the newsroom's own decisions (gold verdicts, finished layers).

The model is kept as plain numbers (classes, intercepts, a coefficient per class for each
feature) and applied here in plain Python: serving never imports scikit-learn, and nothing
is unpickled. Training (`fit`, `cross_validate`) imports scikit-learn when called.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

from annotate.suggestions import cues, measures
from annotate.suggestions.cues import LEXICON, Lexicon
from annotate.suggestions.suggester import (
    THRESHOLD,
    Reason,
    Suggestion,
    from_cues,
    suggest_sentence,
)

NONE = measures.NONE
CATEGORIES = ("hype", "fact", "speculation", NONE)
# A learned suggestion is shown from this probability on; below it, fewer but surer.
LEARNED_THRESHOLD = 0.5
# The cue suggester's verdict weighs as much as several words: regularization shrinks each
# weight alike, and one feature must be able to speak for the whole lexicon.
CUE_VERDICT_SCALE = 3.0
Example = tuple[str, int, int, str]  # text, start, end, label (a label or "none")


def features(
    text: str, start: int, end: int, lex: Lexicon = LEXICON, found_cues: list | None = None
) -> dict[str, float]:
    """Words and word pairs (present or not), each cue kind's weight in context, and the cue
    suggester's own verdict (its label, weighed by its score): the model starts from what
    the cues say and learns where the newsroom reads otherwise."""
    words = [t[2] for t in cues._tokens(text[start:end])]
    found: dict[str, float] = {f"w:{w}": 1.0 for w in words}
    found.update((f"b:{a} {b}", 1.0) for a, b in pairwise(words))
    if found_cues is None:
        found_cues = cues.sentence_cues(text, start, end, lex)
    for cue in found_cues:
        found[f"cue:{cue.kind}"] = found.get(f"cue:{cue.kind}", 0.0) + cue.weight
    verdict = from_cues(text, start, end, found_cues)
    if verdict is not None:
        found[f"cues:{verdict.label}"] = CUE_VERDICT_SCALE * verdict.score
    return found


class LearnedModel:
    """A trained model's numbers, applied to sentences."""

    def __init__(self, model: dict, name: str, lex: Lexicon = LEXICON) -> None:
        self.classes: list[str] = model["classes"]
        self.intercept: list[float] = model["intercept"]
        self.coef: dict[str, list[float]] = model["coef"]
        self.threshold: float = model.get("threshold", LEARNED_THRESHOLD)
        self.name, self.lex = name, lex

    def probabilities(self, feats: dict[str, float]) -> list[float]:
        logits = list(self.intercept)
        for feature, value in feats.items():
            weights = self.coef.get(feature)
            if weights is not None:
                for k, w in enumerate(weights):
                    logits[k] += w * value
        top = max(logits)
        exps = [math.exp(x - top) for x in logits]
        total = sum(exps)
        return [x / total for x in exps]

    def predict(self, text: str, start: int, end: int) -> tuple[str, float]:
        probs = self.probabilities(features(text, start, end, self.lex))
        k = max(range(len(probs)), key=probs.__getitem__)
        return self.classes[k], probs[k]

    def suggest_sentence(self, text: str, start: int, end: int) -> Suggestion | None:
        found = cues.sentence_cues(text, start, end, self.lex)
        probs = self.probabilities(features(text, start, end, self.lex, found))
        k = max(range(len(probs)), key=probs.__getitem__)
        label = self.classes[k]
        if label == NONE:
            return None
        reasons = self._reasons(text, start, end, k, found)
        return Suggestion(start, end, label, round(probs[k], 3), reasons)

    def _reasons(self, text: str, start: int, end: int, k: int, found: list) -> tuple:
        """The cues that point at the label (and that the model weighs for it), then up to
        four of the words or word pairs that pull most towards it, each with its span."""
        label = self.classes[k]
        reasons = [
            Reason(text[c.start : c.end], c.start, c.end, c.rule)
            for c in found
            if c.label == label and self.coef.get(f"cue:{c.kind}", [0.0] * (k + 1))[k] > 0
        ]
        tokens = cues._tokens(text[start:end])
        weighed = []
        for i, (s, e, word) in enumerate(tokens):
            weighed.append((self._lean(f"w:{word}", k), s, e))
            if i + 1 < len(tokens):
                weighed.append((self._lean(f"b:{word} {tokens[i + 1][2]}", k), s, tokens[i + 1][1]))
        taken = [(r.start, r.end) for r in reasons]
        for lean, s, e in sorted(weighed, reverse=True)[:6]:
            s, e = start + s, start + e
            if lean <= 0.3 or any(a < e and s < b for a, b in taken) or len(taken) >= 4:
                continue
            taken.append((s, e))
            reasons.append(
                Reason(text[s:e], s, e, f"'{text[s:e]}': the newsroom's tags lean {label} here")
            )
        return tuple(sorted(reasons, key=lambda r: r.start))

    def _lean(self, feature: str, k: int) -> float:
        """How much more a feature pulls towards class k than towards the others, on average."""
        weights = self.coef.get(feature)
        if not weights:
            return 0.0
        others = [w for j, w in enumerate(weights) if j != k]
        return weights[k] - sum(others) / max(len(others), 1)

    def suggest(self, text: str, sentences: Sequence[Sequence[int]]) -> list[Suggestion]:
        found = (self.suggest_sentence(text, s, e) for s, e in sentences)
        return [s for s in found if s is not None]

    def as_json(self, text: str, sentences: Sequence[Sequence[int]]) -> dict:
        return {
            "suggester": self.name,
            "threshold": self.threshold,
            "suggestions": [s.as_dict() for s in self.suggest(text, sentences)],
        }


# --- training (scikit-learn) ---------------------------------------------------------------


def fit(examples: Sequence[Example], lex: Lexicon = LEXICON, c: float = 1.0) -> dict:
    """A multinomial logistic regression on ``examples``, as plain numbers."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([features(t, s, e, lex) for t, s, e, _ in examples])
    y = [label for *_, label in examples]
    classifier = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    classifier.fit(x, y)
    classes = [str(k) for k in classifier.classes_]
    coef, intercept = classifier.coef_, classifier.intercept_
    if len(classes) == 2:  # one row: P(second) = sigmoid(w.x + b) = softmax([0, w.x + b])
        rows = [[0.0, float(w)] for w in coef[0]]
        intercepts = [0.0, float(intercept[0])]
    else:
        rows = [[float(coef[k][j]) for k in range(len(classes))] for j in range(coef.shape[1])]
        intercepts = [float(b) for b in intercept]
    names = vectorizer.get_feature_names_out()
    return {
        "classes": classes,
        "intercept": [round(b, 5) for b in intercepts],
        "coef": {
            str(name): [round(w, 5) for w in row]
            for name, row in zip(names, rows, strict=True)
            if any(abs(w) >= 1e-4 for w in row)
        },
        "threshold": LEARNED_THRESHOLD,
    }


def cue_prediction(text: str, start: int, end: int, lex: Lexicon = LEXICON) -> str:
    found = suggest_sentence(text, start, end, lex)
    return found.label if found is not None and found.score >= THRESHOLD else NONE


def learned_prediction(model: LearnedModel, text: str, start: int, end: int) -> str:
    label, probability = model.predict(text, start, end)
    return label if label != NONE and probability >= model.threshold else NONE


def cross_validate(
    examples: Sequence[Example], groups: Sequence[object], lex: Lexicon = LEXICON, folds: int = 5
) -> dict:
    """Held-out figures of the learned suggester and of the cue suggester on the same folds.

    Folds keep an article's sentences together (StratifiedGroupKFold) when there are enough
    articles, so a model is never tested on an article it learned from; else sentences
    are split (StratifiedKFold). Each sentence is predicted once, by the model that did not
    see it; the figures are those of measures.per_label over every prediction.
    """
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    labels = [label for *_, label in examples]
    smallest = min(labels.count(label) for label in set(labels))
    folds = max(2, min(folds, smallest))
    by_group = len(set(groups)) >= folds
    splitter = (
        StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0)
        if by_group
        else StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    )
    learned: dict[int, str] = {}
    for train, test in splitter.split(examples, labels, groups if by_group else None):
        model = LearnedModel(fit([examples[i] for i in train], lex), "fold", lex)
        for i in test:
            learned[i] = learned_prediction(model, *examples[i][:3])
    gold = labels
    predicted = [learned[i] for i in range(len(examples))]
    baseline = [cue_prediction(t, s, e, lex) for t, s, e, _ in examples]
    return {
        "sentences": len(examples),
        "folds": folds,
        "by_article": by_group,
        "support": dict(sorted(count_labels(gold).items())),
        "learned": _figures(gold, predicted),
        "cues": _figures(gold, baseline),
    }


def count_labels(labels: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for label in labels:
        counts[label] += 1
    return dict(counts)


def _figures(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    table = measures.per_label(gold, predicted, CATEGORIES)
    return {
        "macro_f1": round(measures.macro_f1(table), 4),
        "labels": {k: {m: round(v, 4) for m, v in f.items()} for k, f in table.items()},
        "shown": {k: round(v, 4) for k, v in measures.shown(gold, predicted).items()},
    }
