"""Every page, tag and download costs the same number of queries whatever the number of
sentences, annotations or articles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotate.models import Annotation, Article
from tests.conftest import tag
from tests.test_annotation_views import HTMX, tag_url

pytestmark = pytest.mark.django_db


def annotate_every_sentence(article: Article, editors: list) -> None:
    Annotation.objects.bulk_create(
        Annotation(
            article=article,
            editor=editors[i % len(editors)],
            start=start,
            end=end,
            quote=article.text[start:end],
            label=["fact", "hype", "speculation"][i % 3],
        )
        for i, (start, end) in enumerate(article.sentences)
    )
    article.refresh_progress()


def long_text(sentences: int) -> str:
    """``sentences`` sentences, 40 a paragraph."""
    lines = [f"Sentence number {i} says the thing is big." for i in range(sentences)]
    return "\n\n".join(" ".join(lines[i : i + 40]) for i in range(0, sentences, 40))


def test_detail_page_query_count_does_not_grow_with_sentences_or_annotations(
    client_for, editor, other_editor, make_article
):
    small = make_article(text=long_text(10))
    client = client_for(editor)

    def count(article: Article) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(queries)

    client.get(small.get_absolute_url())  # the session, once
    few = count(small)
    big = make_article(text=long_text(400))
    assert len(big.sentences) == 400
    annotate_every_sentence(big, [editor, other_editor])
    for _ in range(5):
        make_article()
    assert count(big) == few


def test_tag_query_count_does_not_grow_with_sentences_or_annotations(
    client_for, editor, other_editor, make_article
):
    client = client_for(editor)

    def count(article: Article) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                tag_url(article), {"start": 0, "end": 8, "label": "fact"}, **HTMX
            )
            assert response.status_code == 200
        return len(queries)

    small = make_article(text=long_text(10))
    annotate_every_sentence(small, [editor])  # both articles hold the editor's layer already
    few = count(small)
    big = make_article(text=long_text(400))
    annotate_every_sentence(big, [editor, other_editor])
    assert count(big) == few


def test_list_query_count_does_not_grow_with_articles(
    client_for, editor, other_editor, make_article
):
    client = client_for(editor)
    make_article()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("annotate:article_list")).status_code == 200
        return len(queries)

    client.get(reverse("annotate:article_list"))  # the session, once
    few = count()
    for i in range(29):
        article = make_article(text=long_text(10 + i * 10))
        annotate_every_sentence(article, [editor, other_editor])
    assert Article.objects.count() == 30
    assert count() == few


def test_bulk_export_query_count_does_not_grow_with_articles(
    client_for, editor, other_editor, make_article
):
    client = client_for(editor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("annotate:export") + "?format=json")
            b"".join(response.streaming_content)
        return len(queries)

    tag(make_article(), editor, "greatest leap", "hype")
    client.get(reverse("annotate:article_list"))  # the session, once
    few = count()
    # Up to one chunk of the stream (100 articles): more chunks add five queries each.
    for i in range(19):
        article = make_article(text=long_text(10 + i * 20))
        annotate_every_sentence(article, [editor, other_editor])
    assert Article.objects.count() == 20
    assert count() == few


def test_article_export_query_count_does_not_grow_with_sentences_or_annotations(
    client_for, editor, other_editor, make_article
):
    client = client_for(editor)

    def count(article: Article) -> int:
        with CaptureQueriesContext(connection) as queries:
            url = reverse("annotate:article_export", args=[article.pk])
            assert client.get(url).status_code == 200
        return len(queries)

    bare = make_article(text=long_text(10))
    client.get(reverse("annotate:article_list"))  # the session, once
    small = make_article(text=long_text(10))
    tag(small, editor, "Sentence number 1 says", "fact")
    few = count(small)
    assert count(bare) == few  # annotations and their editors come in one query
    big = make_article(text=long_text(400))
    annotate_every_sentence(big, [editor, other_editor])
    assert count(big) == few
