"""Sentence suggestions from cues: the best label of each sentence, a score and the reasons.

A label's score is the noisy-or of its cues' weights (1 - the product of 1 - weight), so
every cue adds evidence and none alone reaches certainty. The sentence takes the label with
the highest score; a rival label lowers the confidence (score x (1 - rival / 2)), since an
editor is then less likely to agree. Ties go hype, then speculation, then fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotate.suggestions.cues import (
    FACT,
    HYPE,
    LEXICON,
    SPECULATION,
    Cue,
    Lexicon,
    sentence_cues,
)

SUGGESTER = "cues/1"
# The score from which the page shows a suggestion by default. Chosen on the dev half only
# (the best macro-F1 there; precision held at 0.96 from 0.2 to 0.5): it hides what one weak
# cue alone suggests (a bare number, a conditional, an exclamation, a word of emphasis).
THRESHOLD = 0.35
LABELS = (HYPE, SPECULATION, FACT)


@dataclass(frozen=True, slots=True)
class Reason:
    text: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    start: int
    end: int
    label: str
    score: float
    reasons: tuple[Reason, ...]

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "score": self.score,
            "reasons": [
                {"text": r.text, "start": r.start, "end": r.end, "rule": r.rule}
                for r in self.reasons
            ],
        }


def suggest_sentence(text: str, start: int, end: int, lex: Lexicon = LEXICON) -> Suggestion | None:
    """The suggestion for ``text[start:end]``, or None when no cue fires."""
    return from_cues(text, start, end, sentence_cues(text, start, end, lex))


def from_cues(text: str, start: int, end: int, cues: Sequence[Cue]) -> Suggestion | None:
    """The suggestion the sentence's cues (from sentence_cues) make, or None."""
    if not cues:
        return None
    doubts = dict.fromkeys(LABELS, 1.0)  # each label's, multiplied in the cues' order
    for cue in cues:
        if cue.label in doubts:
            doubts[cue.label] *= 1.0 - cue.weight
    scores = {label: 1.0 - doubt for label, doubt in doubts.items()}
    best = max(LABELS, key=lambda label: scores[label])
    rival = max(scores[label] for label in LABELS if label != best)
    score = round(scores[best] * (1.0 - rival / 2), 3)
    reasons = tuple(
        Reason(text[cue.start : cue.end], cue.start, cue.end, cue.rule)
        for cue in cues
        if cue.label == best
    )
    return Suggestion(start, end, best, score, reasons)


def suggest(
    text: str, sentences: Sequence[Sequence[int]], lex: Lexicon = LEXICON
) -> list[Suggestion]:
    """At most one suggestion per sentence (its best label), none where no cue fires.

    ``sentences`` are ``[start, end]`` code-point spans of ``text``, as Article.sentences.
    """
    suggestions = []
    for start, end in sentences:
        if not 0 <= start < end <= len(text):
            raise ValueError(f"sentence [{start}, {end}] is outside the text (0..{len(text)})")
        suggestion = suggest_sentence(text, start, end, lex)
        if suggestion is not None:
            suggestions.append(suggestion)
    return suggestions


def suggestions_json(text: str, sentences: Sequence[Sequence[int]], lex: Lexicon = LEXICON) -> dict:
    """The body of GET /articles/<id>/suggestions.json: every suggestion, shown or not."""
    return {
        "suggester": SUGGESTER,
        "threshold": THRESHOLD,
        "suggestions": [s.as_dict() for s in suggest(text, sentences, lex)],
    }
