"""Layers, verdicts and what an article says, kept in the article's columns."""

from __future__ import annotations

import pytest

from annotate.models import Annotation, Layer, Verdict
from tests.conftest import tag

pytestmark = pytest.mark.django_db

SECOND = "The company called it the greatest leap in computing history."


def test_one_editor_s_tag_is_what_the_article_says(article, editor):
    tag(article, editor, SECOND, "hype")
    article.refresh_from_db()
    assert article.sentence_labels["hype"] == 1
    # The headline is a heading: in no count of what the article says.
    assert article.sentence_labels["none"] == article.sentences_total - 1


def test_two_editors_who_differ_make_a_disputed_sentence_not_two_labels(
    article, editor, other_editor
):
    tag(article, editor, SECOND, "hype")
    tag(article, other_editor, SECOND, "fact")
    article.refresh_from_db()
    assert article.sentence_labels["disputed"] == 1
    assert article.sentence_labels["hype"] == article.sentence_labels["fact"] == 0


def test_a_finished_layer_says_none_for_what_it_left_untagged(article, editor, other_editor):
    tag(article, editor, SECOND, "hype")
    article.set_finished(other_editor, True)
    article.refresh_from_db()
    assert article.sentence_labels["disputed"] == 1  # hype against bob's "none"
    counts = Layer.objects.get(article=article, editor=other_editor).counts
    assert counts["none"] == article.sentences_total and counts["missing"] == 0
    article.set_finished(other_editor, False)
    article.refresh_from_db()
    assert article.sentence_labels["hype"] == 1


def test_a_verdict_settles_a_disputed_sentence(article, editor, other_editor, lead):
    hype = tag(article, editor, SECOND, "hype")
    tag(article, other_editor, SECOND, "fact")
    start = article.text.index(SECOND)
    verdict = article.decide(lead=lead, start=start, end=start + len(SECOND), label="hype")
    article.refresh_from_db()
    assert article.sentence_labels["hype"] == 1 and article.sentence_labels["disputed"] == 0
    assert verdict.agrees_with == [str(hype.uuid)]
    again = article.decide(lead=lead, start=start, end=start + len(SECOND), label="none")
    assert again.pk == verdict.pk and again.version == 2 and again.agrees_with == []
    again.remove()
    article.refresh_from_db()
    assert not Verdict.objects.exists() and article.sentence_labels["disputed"] == 1


def test_blind_article_shows_an_editor_only_their_own_layer_until_finished(
    article, editor, other_editor, lead
):
    tag(article, editor, SECOND, "hype")
    tag(article, other_editor, SECOND, "fact")
    article.set_blind(True)
    article.refresh_from_db()
    seen = Annotation.objects.visible_to(other_editor, article)
    assert [a.editor for a in seen] == [other_editor]
    assert Annotation.objects.visible_to(lead, article).count() == 2
    article.set_finished(other_editor, True)
    article.refresh_from_db()
    assert Annotation.objects.visible_to(other_editor, article).count() == 2
