"""The review page and a verdict cost the same number of queries whatever the number of
editors, annotations or sentences."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotate.models import Article
from tests.test_annotation_views import HTMX
from tests.test_query_counts import annotate_every_sentence, long_text

pytestmark = pytest.mark.django_db


def finished_by(article: Article, editors: list) -> Article:
    annotate_every_sentence(article, editors)
    for editor in editors:
        article.set_finished(editor, True)
    return article


def test_review_page_query_count_does_not_grow_with_editors_or_annotations(
    client_for, lead, make_user, make_article
):
    client = client_for(lead)
    two = [make_user("ed1"), make_user("ed2")]
    small = finished_by(make_article(text=long_text(10)), two)

    def count(article: Article) -> int:
        with CaptureQueriesContext(connection) as queries:
            url = reverse("annotate:article_review", args=[article.pk])
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(reverse("annotate:article_list"))  # the session, once
    few = count(small)
    five = two + [make_user(f"ed{i}") for i in range(3, 6)]
    big = finished_by(make_article(text=long_text(400)), five)
    big.decide(lead=lead, start=0, end=8, label="none")
    assert count(big) == few


def test_verdict_query_count_does_not_grow_with_editors_or_annotations(
    client_for, lead, make_user, make_article
):
    client = client_for(lead)
    two = [make_user("ed1"), make_user("ed2")]

    def count(article: Article) -> int:
        start, end = article.sentences[1]
        with CaptureQueriesContext(connection) as queries:
            url = reverse("annotate:verdict_create", args=[article.pk])
            response = client.post(url, {"start": start, "end": end, "label": "hype"}, **HTMX)
            assert response.status_code == 200
        return len(queries)

    small = finished_by(make_article(text=long_text(10)), two)
    few = count(small)
    five = two + [make_user(f"ed{i}") for i in range(3, 6)]
    big = finished_by(make_article(text=long_text(400)), five)
    assert count(big) == few
