"""The leads' Suggestions page: how the cues fare, switching a kind off, the newsroom's own
cue phrases; and what those settings do to the suggestions."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from annotate.models import Annotation, CueKindSwitch, CuePhrase, SuggestionDismissal
from annotate.suggestions import SUGGESTER
from tests.conftest import tag

pytestmark = pytest.mark.django_db

EXPECTED = "Analysts expect shipments to begin next year."


def suggestions(client, article) -> dict:
    body = client.get(reverse("annotate:article_suggestions", args=[article.pk])).json()
    return {article.text[s["start"] : s["end"]]: s for s in body["suggestions"]}


def cells(html: str, kind: str) -> list[str]:
    row = re.search(rf'<tr data-kind="{kind}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return [
        re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r'<td class="n">(.*?)</td>', row)
    ]


def test_suggestions_page_is_for_leads_only(client_for, editor):
    response = client_for(editor).get(reverse("annotate:suggestions_page"))
    assert response.status_code == 403
    assert b"Only leads" in response.content
    response = client_for(editor).post(reverse("annotate:cue_kind_switch"), {"kind": "future"})
    assert response.status_code == 403 and not CueKindSwitch.objects.exists()


def test_suggestions_page_counts_acceptances_dismissals_and_gold(
    client_for, editor, other_editor, lead, article
):
    accepted = tag(article, editor, EXPECTED, "speculation")
    Annotation.objects.filter(pk=accepted.pk).update(suggested_by=SUGGESTER)
    start = article.text.index(EXPECTED)
    SuggestionDismissal.objects.create(
        article=article,
        editor=other_editor,
        start=start,
        end=start + len(EXPECTED),
        quote=EXPECTED,
        label="speculation",
        suggester=SUGGESTER,
    )
    sentence = "The company called it the greatest leap in computing history."
    s = article.text.index(sentence)
    article.decide(lead=lead, start=s, end=s + len(sentence), label="fact")
    html = client_for(lead).get(reverse("annotate:suggestions_page")).content.decode()
    # "expect" and "next year" are both future cues: one acceptance, one dismissal, 50%.
    assert cells(html, "future") == ["1", "1", "50%", "0 of 0", "–"]
    # The superlative suggested hype where the gold says fact.
    assert cells(html, "superlative") == ["0", "0", "–", "0 of 1", "0%"]
    assert "the cue suggester" in html


def test_a_kind_switched_off_suggests_nothing(client_for, editor, lead, article):
    assert suggestions(client_for(editor), article)[EXPECTED]["label"] == "speculation"
    response = client_for(lead).post(reverse("annotate:cue_kind_switch"), {"kind": "future"})
    assert response.status_code == 302
    assert EXPECTED not in suggestions(client_for(editor), article)
    html = client_for(lead).get(reverse("annotate:suggestions_page")).content.decode()
    assert '<tr data-kind="future" class="off">' in html
    client_for(lead).post(reverse("annotate:cue_kind_switch"), {"kind": "future", "on": "1"})
    assert EXPECTED in suggestions(client_for(editor), article)


def test_a_newsroom_phrase_becomes_a_cue(client_for, editor, lead, make_article):
    article = make_article(text="The chip is pure rocket fuel for laptops.")
    assert suggestions(client_for(editor), article) == {}
    response = client_for(lead).post(
        reverse("annotate:cue_phrase_add"), {"phrase": "Rocket  Fuel", "kind": "promotional"}
    )
    assert response.status_code == 302
    assert CuePhrase.objects.get().phrase == "rocket fuel"
    [(_, found)] = suggestions(client_for(editor), article).items()
    assert found["label"] == "hype"
    assert [r["text"] for r in found["reasons"]] == ["rocket fuel"]
    again = client_for(lead).post(
        reverse("annotate:cue_phrase_add"), {"phrase": "rocket fuel", "kind": "war"}, follow=True
    )
    assert "The phrase was not added" in again.content.decode()
    assert CuePhrase.objects.count() == 1
    phrase = CuePhrase.objects.get()
    client_for(lead).post(reverse("annotate:cue_phrase_delete", args=[phrase.pk]))
    assert suggestions(client_for(editor), article) == {}
