"""The query string is a fixed set of filters and sort keys: anything else is ignored or
refused, never passed to the ORM, and changes nothing."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from tests.conftest import snapshot, tag

pytestmark = pytest.mark.django_db


def list_titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<td><a href="/articles/\d+/">([^<]*)</a>', response.content.decode())


LIST_QUERIES = {
    "unknown status": {"status": "archived"},
    "status as markup": {"status": "<script>"},
    "sort by a field name": {"sort": "-id"},
    "sort by a relation": {"sort": "created_by__password"},
    "random sort": {"sort": "?"},
    "sort as markup": {"sort": '"><script>'},
    "page as text": {"page": "abc"},
    "negative page": {"page": "-1"},
    "huge page": {"page": "9" * 30},
    "NUL in search": {"q": "\x00"},
    "ORM lookups": {"created_by__username": "nobody", "title__startswith": "zzz", "pk__in": "0"},
}


@pytest.mark.parametrize("query", LIST_QUERIES.values(), ids=LIST_QUERIES.keys())
def test_list_ignores_unknown_filters_and_sort_keys(client_for, editor, world, query):
    client = client_for(editor)
    before = snapshot()
    response = client.get(reverse("annotate:article_list"), query)
    assert list_titles(response) == ["Second", "First"]  # all of them, newest first
    assert "<script>" not in response.content.decode()
    assert snapshot() == before


@pytest.fixture
def fruit(editor, make_article):
    """Banana, then Apple, then Cherry; Apple has 2 sentences tagged, Cherry 1, Banana 0."""
    banana, apple, cherry = (make_article(title=t) for t in ("Banana", "Apple", "Cherry"))
    tag(apple, editor, "Acme Corp. said on Monday that its chip is 3.5x faster.", "fact")
    tag(apple, editor, "greatest leap", "hype")
    tag(cherry, editor, "greatest leap", "hype")
    return banana, apple, cherry


@pytest.mark.parametrize(
    "sort, titles",
    [
        ("newest", ["Cherry", "Apple", "Banana"]),
        ("oldest", ["Banana", "Apple", "Cherry"]),
        ("title", ["Apple", "Banana", "Cherry"]),
        ("progress", ["Banana", "Cherry", "Apple"]),  # least tagged first
        ("", ["Cherry", "Apple", "Banana"]),
        ("-title", ["Cherry", "Apple", "Banana"]),
        ("sentences_tagged", ["Cherry", "Apple", "Banana"]),
    ],
)
def test_list_sorts_by_known_keys_only(client_for, editor, fruit, sort, titles):
    response = client_for(editor).get(reverse("annotate:article_list"), {"sort": sort})
    assert list_titles(response) == titles
    selected = re.search(
        r'<option value="(\w+)" selected>', response.content.decode().split('name="sort"')[1]
    )
    assert selected.group(1) == (sort if sort in ("oldest", "title", "progress") else "newest")


def test_list_pages_keep_the_sort(client_for, editor, make_article):
    for i in range(26):
        make_article(title=f"Story {i:02d}")
    page = client_for(editor).get(reverse("annotate:article_list"), {"sort": "title"})
    assert list_titles(page)[0] == "Story 00"
    assert "?page=2&amp;sort=title" in page.content.decode()


@pytest.mark.parametrize(
    "query, status",
    [
        ({"format": "<script>"}, 400),
        ({"format": "json", "status": "<script>"}, 400),  # a filter's bad value says so
        ({"format": "json", "created_by__password__startswith": "md5"}, 200),
    ],
)
def test_export_query_string_is_a_fixed_set(client_for, editor, world, query, status):
    client = client_for(editor)
    before = snapshot()
    response = client.get(reverse("annotate:export"), query)
    assert response.status_code == status
    assert "html" not in response["Content-Type"]
    if status == 400:
        assert "&lt;" not in response.content.decode()  # plain text, not HTML
    if status == 200:
        body = json.loads(b"".join(response.streaming_content))
        assert len(body["articles"]) == 2  # not filtered by anything unknown
    assert snapshot() == before


@pytest.mark.parametrize(
    "query, statuses",
    [
        ({"q": "\x00"}, {200}),
        ({"o": "99"}, {200, 302}),
        ({"o": "-created_by__password"}, {200, 302}),
        ({"created_by__password__startswith": "md5"}, {400}),  # not in list_filter
    ],
)
def test_admin_changelist_refuses_odd_query_strings_without_error(
    admin_client, world, query, statuses
):
    before = snapshot()
    response = admin_client.get(reverse("admin:annotate_article_changelist"), query)
    assert response.status_code in statuses
    if response.status_code == 302:  # Django's admin drops what it does not know
        assert response["Location"].endswith("?e=1")
    assert snapshot() == before
