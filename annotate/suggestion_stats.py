"""What the leads' Suggestions page counts: per cue kind and per label, how often editors
accepted the suggestions and how often the gold (a lead's verdict on the sentence) agreed.

A suggestion's cue kinds are read again from the text with today's lexicon: an accepted tag
records its suggester, not the cues, and the cues are what a lead tunes.
"""

from __future__ import annotations

from collections import defaultdict

from annotate.models import Annotation, Article, SuggestionDismissal, Verdict
from annotate.suggestions import THRESHOLD, cues, suggest_sentence

LIMIT = 5000  # of each kind of row, the newest: the page stays quick in a big newsroom


def _blank() -> dict:
    return {"accepted": 0, "dismissed": 0, "gold": 0, "gold_agreed": 0}


def feedback(lex: cues.Lexicon) -> dict:
    accepted = list(
        Annotation.objects.exclude(suggested_by="")
        .filter(orphaned=False)
        .order_by("-id")
        .values_list("article_id", "start", "end", "label")[:LIMIT]
    )
    dismissed = list(
        SuggestionDismissal.objects.order_by("-id").values_list(
            "article_id", "start", "end", "label"
        )[:LIMIT]
    )
    verdicts = list(
        Verdict.objects.order_by("-id").values_list("article_id", "start", "end", "label")[:LIMIT]
    )
    ids = {row[0] for rows in (accepted, dismissed, verdicts) for row in rows}
    texts = {
        pk: (text, {tuple(s) for s in sentences})
        for pk, text, sentences in Article.objects.filter(pk__in=ids).values_list(
            "pk", "text", "sentences"
        )
    }
    by_kind: dict[str, dict] = defaultdict(_blank)
    by_label: dict[str, dict] = defaultdict(_blank)

    def kinds_of(article_id: int, start: int, end: int, label: str) -> set[str]:
        text, _ = texts[article_id]
        if end > len(text):
            return set()
        found = cues.sentence_cues(text, start, end, lex)
        return {c.kind for c in found if c.label == label}

    for key, rows in (("accepted", accepted), ("dismissed", dismissed)):
        for article_id, start, end, label in rows:
            by_label[label][key] += 1
            for kind in kinds_of(article_id, start, end, label):
                by_kind[kind][key] += 1
    for article_id, start, end, label in verdicts:
        text, sentences = texts[article_id]
        if (start, end) not in sentences:
            continue
        suggestion = suggest_sentence(text, start, end, lex)
        if suggestion is None or suggestion.score < THRESHOLD:
            continue
        agreed = int(label == suggestion.label)
        for row in [by_label[suggestion.label]] + [
            by_kind[kind] for kind in kinds_of(article_id, start, end, suggestion.label)
        ]:
            row["gold"] += 1
            row["gold_agreed"] += agreed
    kinds = [
        {"kind": kind, "label": label, "meaning": meaning, "on": kind not in lex.disabled}
        | _rates(by_kind[kind])
        for kind, (label, _weight, meaning) in cues.KINDS.items()
    ]
    labels = [
        {"label": label} | _rates(by_label[label]) for label in ("hype", "speculation", "fact")
    ]
    return {"kinds": kinds, "labels": labels, "limit": LIMIT}


def _rates(counts: dict) -> dict:
    acted = counts["accepted"] + counts["dismissed"]
    return {
        **counts,
        "accept_rate": _percent(counts["accepted"], acted),
        "gold_rate": round(100 * counts["gold_agreed"] / counts["gold"])
        if counts["gold"]
        else None,
    }


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None
