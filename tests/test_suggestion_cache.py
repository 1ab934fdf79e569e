"""suggestions.json's cache: one computation serves repeated requests, and nothing it keeps
outlives what it was made of (the text, the cue settings, the learned model, the service)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from annotate import suggesting
from annotate.models import CueKindSwitch, CuePhrase, LearnedSuggester

pytestmark = pytest.mark.django_db

EXPECTED = "Analysts expect shipments to begin next year."
NEW = "The chip is the most revolutionary design ever made."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def computed():
    """Counts the suggester's runs (the cue suggester's, as the view calls it)."""
    with mock.patch.object(
        suggesting, "suggestions_json", wraps=suggesting.suggestions_json
    ) as spy:
        yield spy


def get(client, article) -> dict:
    response = client.get(reverse("annotate:article_suggestions", args=[article.pk]))
    assert response.status_code == 200
    return response.json()


def quoted(body: dict, article) -> set[str]:
    return {article.text[s["start"] : s["end"]] for s in body["suggestions"]}


def test_a_second_request_is_served_from_the_cache(client_for, editor, article, computed):
    client = client_for(editor)
    assert get(client, article) == get(client, article)
    assert computed.call_count == 1


def test_a_text_edit_gives_the_new_texts_suggestions(client_for, editor, article, computed):
    client = client_for(editor)
    assert EXPECTED in quoted(get(client, article), article)
    text = article.text.replace(EXPECTED, NEW)
    assert article.edit(seen_version=article.version, by=editor, text=text) is not None
    body = get(client, article)
    assert NEW in quoted(body, article) and EXPECTED not in quoted(body, article)
    assert computed.call_count == 2


def test_new_cue_settings_give_new_suggestions(client_for, editor, lead, article, computed):
    client = client_for(editor)
    before = get(client, article)
    CuePhrase.objects.create(phrase="shipments", kind="promotional", added_by=lead)
    with_phrase = get(client, article)
    assert with_phrase != before  # the sentence's score: a rival label now
    CueKindSwitch.objects.create(kind="future", switched_by=lead)
    assert get(client, article) != with_phrase
    assert computed.call_count == 3


def test_a_newly_learned_model_is_used_at_once(client_for, editor, article):
    client = client_for(editor)
    assert get(client, article)["suggester"] == "cues/1"
    model = {"classes": ["fact", "none"], "intercept": [1.0, 0.0], "coef": {}}
    row = LearnedSuggester.objects.create(model=model, sentences=10)
    assert get(client, article)["suggester"] == row.name


def test_a_new_service_address_is_asked(client_for, editor, article, settings):
    client = client_for(editor)
    get(client, article)
    settings.SUGGESTER_URL = "http://127.0.0.1:9/suggest"
    answer = {"suggester": "ours/2", "threshold": 0.5, "suggestions": []}
    with mock.patch.object(suggesting.remote, "fetch", return_value=answer) as fetch:
        assert get(client, article)["suggester"] == "ours/2"
    assert fetch.call_count == 1
