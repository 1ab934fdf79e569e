"""Which suggester an article's page gets, and its suggestions for one editor (issue 14).

The order: the newsroom's own service when SUGGESTER_URL is set (the built-in ones when it
fails, saying so); else the newest learned model; else the cue suggester. Each reads the
newsroom's cue settings (kinds switched off, phrases added). Nothing here depends on any
other editor's tags, with one exception kept out: in a blind article an editor who has not
finished gets the cue suggester where the learned model learned from that very article.

Suggestions are cached (Django's cache, ten minutes) by everything they depend on: the
text and its sentences, the cue settings, the learned model and the service's address.
An editor's dismissals are applied after, so one cached answer serves every editor.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache

from annotate.models import (
    Article,
    CueKindSwitch,
    CuePhrase,
    LearnedSuggester,
    SuggestionDismissal,
)
from annotate.suggestions import cues, remote, suggestions_json
from annotate.suggestions.learned import LearnedModel

CACHE_SECONDS = 600
_MODELS: dict[int, dict] = {}  # read once a process: a row's coefficients never change


def cue_settings() -> tuple[list[tuple[str, str]], list[str]]:
    """The newsroom's own phrases (phrase, kind) and the kinds switched off."""
    extra = list(CuePhrase.objects.order_by("pk").values_list("phrase", "kind"))
    disabled = sorted(CueKindSwitch.objects.values_list("kind", flat=True))
    return extra, disabled


def cue_lexicon() -> cues.Lexicon:
    extra, disabled = cue_settings()
    return cues.lexicon_with(extra, disabled) if extra or disabled else cues.LEXICON


def latest_learned() -> LearnedSuggester | None:
    return LearnedSuggester.objects.defer("model").order_by("-id").first()


def learned_model(row: LearnedSuggester, lex: cues.Lexicon) -> LearnedModel:
    stored = _MODELS.get(row.pk)
    if stored is None:
        stored = LearnedSuggester.objects.values_list("model", flat=True).get(pk=row.pk)
        _MODELS[row.pk] = stored
    return LearnedModel(stored, row.name, lex)


def chosen_suggestions(
    text: str, sentences: list, *, row: LearnedSuggester | None = None
) -> tuple[dict, str]:
    """The suggestions of the suggester in use (`row`, the learned model, when given), and a
    message when the newsroom's own failed."""
    extra, disabled = cue_settings()
    learned_key = (row.pk, row.created_at.isoformat()) if row else None
    key = json.dumps([extra, disabled, learned_key, settings.SUGGESTER_URL, sentences])
    key = "suggestions:" + hashlib.sha256((key + text).encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found, ""
    lex = cues.lexicon_with(extra, disabled) if extra or disabled else cues.LEXICON
    message = ""
    body = None
    if settings.SUGGESTER_URL:
        try:
            url, timeout = settings.SUGGESTER_URL, settings.SUGGESTER_TIMEOUT
            body = remote.fetch(url, text, sentences, timeout)
        except remote.RemoteFailure as failure:
            message = (
                f"The newsroom's suggester failed: {failure}. "
                "These are the built-in suggestions instead."
            )
    if body is None and row is not None:
        body = learned_model(row, lex).as_json(text, sentences)
    if body is None:
        body = suggestions_json(text, sentences, lex)
    if not message:  # a failure is not kept: the service may be back on the next request
        cache.set(key, body, CACHE_SECONDS)
    return body, message


def suggestions_for(article: Article, user) -> dict:
    """suggestions.json for `user`: every suggestion, those they dismissed flagged."""
    row = latest_learned()
    if row is not None and article.pk in row.trained_on and article.hides_others_from(user):
        row = None
    body, message = chosen_suggestions(article.text, article.sentences, row=row)
    text = article.text
    dismissed = {
        (s, e)
        for s, e, quote in SuggestionDismissal.objects.filter(
            article=article, editor=user
        ).values_list("start", "end", "quote")
        if text[s:e] == quote
    }
    for suggestion in body["suggestions"]:
        if (suggestion["start"], suggestion["end"]) in dismissed:
            suggestion["dismissed"] = True
    if message:
        body["message"] = message
    return body
