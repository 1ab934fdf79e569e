from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from annotate.models import Annotation, Article, is_lead
from tests.conftest import tag

pytestmark = pytest.mark.django_db


def test_article_save_normalizes_text_and_computes_sentences(editor):
    # "e" + combining acute (NFD) becomes "é" (NFC); CRLF and CR become LF.
    article = Article.objects.create(
        title="T", text="Cafe\u0301 opens.\r\nIt is big.\rReally.", created_by=editor
    )
    assert article.text == "Café opens.\nIt is big.\nReally."
    assert len(article.text_sha256) == 64
    assert [article.text[s:e] for s, e in article.sentences] == [
        "Café opens.",
        "It is big.",
        "Really.",
    ]
    assert article.uuid


def test_article_text_change_recomputes_sentences(article):
    article.text = "Only one sentence now."
    article.save()
    article.refresh_from_db()
    assert article.sentences == [[0, len("Only one sentence now.")]]


def test_article_clean_rejects_control_characters(editor):
    article = Article(title="T", text="Escape \x1b[31m red", created_by=editor)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "control character U+001B" in str(error.value.message_dict["text"])


@pytest.mark.parametrize("start, end", [(5, 5), (6, 5)])
def test_database_refuses_an_empty_or_reversed_span(article, editor, start, end):
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.create(
            article=article, editor=editor, start=start, end=end, quote="", label="fact"
        )


def test_database_refuses_an_unknown_label(article, editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.create(
            article=article, editor=editor, start=0, end=4, quote="Acme", label="opinion"
        )


def test_database_refuses_a_second_annotation_on_the_same_span_by_the_same_editor(article, editor):
    tag(article, editor, "Acme", "fact")
    with pytest.raises(IntegrityError), transaction.atomic():
        tag(article, editor, "Acme", "hype")


def test_progress_counts_sentences_touched_by_any_annotation(article, editor, other_editor):
    tag(article, editor, "greatest leap", "hype")
    tag(article, other_editor, "The company called it", "fact")  # the same sentence
    tag(article, editor, "Analysts expect", "speculation")
    article.refresh_from_db()
    assert article.sentences_tagged == 2
    # The headline repeating the title is a heading: not counted.
    assert article.sentences_total == len(article.sentences) - 1
    assert article.progress_percent() == round(100 * 2 / (len(article.sentences) - 1))


def test_leads_are_the_group_and_staff(editor, lead, make_user):
    staff = make_user("sam")
    staff.is_staff = True
    assert (is_lead(editor), is_lead(lead), is_lead(staff)) == (False, True, True)


def test_annotation_editable_by_owner_and_lead_only(article, editor, other_editor, lead):
    annotation = tag(article, editor, "Acme", "fact")
    assert annotation.editable_by(editor)
    assert annotation.editable_by(lead)
    assert not annotation.editable_by(other_editor)
