"""The API and the page at once (PostgreSQL: SQLite serializes writers on a file lock)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from annotate.api.models import Token
from annotate.models import Annotation
from tests.test_concurrency import SENTENCES, together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs it there)"
    ),
]


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {Token.objects.issue(user=user, name='t')[1]}"}


def test_bulk_and_single_tags_on_one_article_keep_one_row_per_span(make_user, make_article, editor):
    article = make_article(text=SENTENCES)
    others = [make_user(f"editor{i}") for i in range(6)]
    spans = [{"start": s, "end": e, "label": "fact"} for s, e in article.sentences]
    url = f"/api/v1/articles/{article.pk}/annotations"
    mine = bearer(editor)

    def bulk():
        body = json.dumps({"annotations": spans})
        response = Client(raise_request_exception=False).post(
            f"{url}/bulk", body, content_type="application/json", headers=mine
        )
        return response.status_code

    def single(user, i: int):
        headers = bearer(user) if user != editor else mine
        s, e = article.sentences[i]
        body = json.dumps({"start": s, "end": e, "label": "hype"})
        response = Client(raise_request_exception=False).post(
            url, body, content_type="application/json", headers=headers
        )
        return response.status_code

    jobs = [bulk, bulk] + [lambda u=u, i=i: single(u, i) for i, u in enumerate(others)]
    jobs += [lambda i=i: single(editor, i) for i in range(3)]
    statuses = together(jobs)
    assert statuses[:2] == [201, 201]
    assert set(statuses[2:]) <= {200, 201}
    mine_count = Annotation.objects.filter(article=article, editor=editor).count()
    assert mine_count == len(article.sentences)  # one per span, whoever came first
    assert Annotation.objects.filter(article=article).exclude(editor=editor).count() == 6
    article.refresh_from_db()
    assert article.sentences_tagged == len(article.sentences)
