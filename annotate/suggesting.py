"""Which suggester an article's page gets, and its suggestions for one editor (issue 14).

The order: the newsroom's own service when SUGGESTER_URL is set (the built-in ones when it
fails, saying so); else the newest learned model; else the cue suggester. Each reads the
newsroom's cue settings (kinds switched off, phrases added). Nothing here depends on any
other editor's tags, with one exception kept out: in a blind article an editor who has not
finished gets the cue suggester where the learned model learned from that very article.
"""

from __future__ import annotations

from django.conf import settings

from annotate.models import (
    Article,
    CueKindSwitch,
    CuePhrase,
    LearnedSuggester,
    SuggestionDismissal,
)
from annotate.suggestions import cues, remote, suggestions_json
from annotate.suggestions.learned import LearnedModel

_MODELS: dict[int, dict] = {}  # read once a process: a row's coefficients never change


def cue_lexicon() -> cues.Lexicon:
    extra = CuePhrase.objects.values_list("phrase", "kind")
    disabled = CueKindSwitch.objects.values_list("kind", flat=True)
    if not extra and not disabled:
        return cues.LEXICON
    return cues.lexicon_with(list(extra), list(disabled))


def learned_model(lex: cues.Lexicon) -> tuple[LearnedModel, LearnedSuggester] | None:
    row = LearnedSuggester.objects.defer("model").order_by("-id").first()
    if row is None:
        return None
    stored = _MODELS.get(row.pk)
    if stored is None:
        stored = LearnedSuggester.objects.values_list("model", flat=True).get(pk=row.pk)
        _MODELS[row.pk] = stored
    return LearnedModel(stored, row.name, lex), row


def chosen_suggestions(text: str, sentences: list, *, learned: bool = True) -> tuple[dict, str]:
    """The suggestions of the suggester in use, and a message when the newsroom's own failed.
    `learned=False` skips the learned model (see the module's docstring)."""
    lex = cue_lexicon()
    message = ""
    if settings.SUGGESTER_URL:
        try:
            url, timeout = settings.SUGGESTER_URL, settings.SUGGESTER_TIMEOUT
            return remote.fetch(url, text, sentences, timeout), ""
        except remote.RemoteFailure as failure:
            message = (
                f"The newsroom's suggester failed: {failure}. "
                "These are the built-in suggestions instead."
            )
    found = learned_model(lex) if learned else None
    if found is not None:
        return found[0].as_json(text, sentences), message
    return suggestions_json(text, sentences, lex), message


def suggestions_for(article: Article, user) -> dict:
    """suggestions.json for `user`: every suggestion, those they dismissed flagged."""
    row = LearnedSuggester.objects.values_list("trained_on", flat=True).order_by("-id").first()
    learned = not (row and article.pk in row and article.hides_others_from(user))
    body, message = chosen_suggestions(article.text, article.sentences, learned=learned)
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
