"""Suggested labels for sentences, each with its reasons: the cue suggester (issue 14).

Pure Python, no Django, no model file. ``lexicon`` holds the word lists (and cites the
literature they draw on), ``cues`` finds them and weighs each in its context, ``suggester``
turns them into one suggestion per sentence and the JSON of suggestions.json.
"""

from __future__ import annotations

from annotate.suggestions.suggester import (
    LABELS,
    SUGGESTER,
    THRESHOLD,
    Reason,
    Suggestion,
    suggest,
    suggest_sentence,
    suggestions_json,
)

__all__ = [
    "LABELS",
    "SUGGESTER",
    "THRESHOLD",
    "Reason",
    "Suggestion",
    "suggest",
    "suggest_sentence",
    "suggestions_json",
]
