"""Every page, tag and download costs the same number of queries whatever the number of
sentences, annotations or articles."""

from __future__ import annotations

import json

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


def test_a_tag_change_costs_at_most_its_queries_on_a_big_article(
    client_for, editor, other_editor, make_article
):
    # The write itself: the lock, the tags of the span's sentences, the row, its event, the
    # layers and verdicts, the columns moved; around it the session, the article and the
    # htmx fragments. No query reads the article's every tag (test_recount.py).
    client = client_for(editor)
    big = make_article(text=long_text(400))
    annotate_every_sentence(big, [editor, other_editor])
    start, end = big.sentences[10]
    mine = Annotation.objects.get(article=big, editor=editor, start=start, end=end)

    def count(url: str, data: dict) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url, data, **HTMX).status_code == 200
        return len(queries)

    pk = big.pk
    assert count(tag_url(big), {"start": 0, "end": 8, "label": "fact"}) <= 17  # was 25
    relabel = {"start": start, "end": end, "label": "speculation"}
    assert count(tag_url(big), relabel) <= 19  # was 24
    update = reverse("annotate:annotation_update", args=[pk, mine.pk])
    assert count(update, {"label": "fact", "version": 2}) <= 20  # was 21
    delete = reverse("annotate:annotation_delete", args=[pk, mine.pk])
    assert count(delete, {"version": 3}) <= 20  # was 22


def test_an_api_tag_change_costs_at_most_its_queries_on_a_big_article(
    editor, other_editor, make_article
):
    from django.test import Client

    from annotate.api.models import Token

    api = Client(
        headers={"Authorization": f"Bearer {Token.objects.issue(user=editor, name='t')[1]}"}
    )
    big = make_article(text=long_text(400))
    annotate_every_sentence(big, [editor, other_editor])
    url = f"/api/v1/articles/{big.pk}/annotations"

    def count(method: str, path: str, body: dict | None = None) -> int:
        with CaptureQueriesContext(connection) as queries:
            send = getattr(api, method)
            response = send(path, json.dumps(body), content_type="application/json")
            assert response.status_code in (200, 201, 204), response.content
        return len(queries)

    assert count("post", url, {"start": 9, "end": 15, "label": "fact"}) <= 11  # was 19
    assert count("post", url, {"start": 9, "end": 15, "label": "hype"}) <= 10  # was 16
    tag = Annotation.objects.get(article=big, editor=editor, start=9, end=15)
    patch = {"version": tag.version, "label": "fact"}
    assert count("patch", f"/api/v1/annotations/{tag.pk}", patch) <= 11  # was 14
    assert count("delete", f"/api/v1/annotations/{tag.pk}") <= 11  # was 14
