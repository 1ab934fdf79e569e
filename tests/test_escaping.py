"""Hostile strings in every text field, entered the way an editor would, are data everywhere:
escaped on full pages, in htmx fragments and in the admin; byte-exact in every export.

Part of the bad-input catalogue (tests/test_security.py holds the refused inputs).
"""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from annotate.models import Annotation, Article

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "markup": "<b>bold</b> &amp; <!-- note -->",
    "template": "{{ settings.SECRET_KEY }}{% debug %}{{ request.user.password }}",
}
FIELDS = ["title", "outlet", "text", "note", "username"]


@pytest.fixture(params=PAYLOADS, ids=list(PAYLOADS))
def hostile(request, client):
    """An editor with a hostile name pastes an article and tags it, all through the app.

    Each field gets its own marked copy of the payload, so a test can tell which
    field leaked. Usernames with markup cannot be made with createeditor (Django's
    validator refuses them), but an import names accounts by a file's strings.
    """
    payload = PAYLOADS[request.param]
    strings = {field: f"[{field}]{payload}" for field in FIELDS}
    user = get_user_model().objects.create_user(username=strings["username"], password="x" * 20)
    client.force_login(user)
    text = f"First sentence here. {strings['text']} Last sentence."
    response = client.post(
        reverse("annotate:article_create"),
        {"title": strings["title"], "outlet": strings["outlet"], "text": text},
    )
    assert response.status_code == 302, response.content.decode()
    article = Article.objects.get()
    assert (article.title, article.outlet, article.text) == (
        strings["title"],
        strings["outlet"],
        text,
    )
    start = text.index(strings["text"])
    fragment = client.post(
        reverse("annotate:annotation_create", args=[article.pk]),
        {
            "start": start,
            "end": start + len(strings["text"]),
            "label": "hype",
            "note": strings["note"],
        },
        **HTMX,
    )
    assert fragment.status_code == 200
    annotation = Annotation.objects.get()
    assert (annotation.quote, annotation.note) == (strings["text"], strings["note"])
    return {
        "client": client,
        "user": user,
        "article": article,
        "annotation": annotation,
        "strings": strings,
        "fragment": fragment.content.decode(),
    }


def assert_shown_as_text(page: str, value: str, where: str) -> None:
    """value reaches the reader as the very characters typed, and never as markup."""
    if any(c in value for c in "<>\"'&"):
        assert value not in page, f"{value!r} unescaped in {where}"
    # The article's text may be cut by sentence and mark elements: read it without them.
    readable = (htmllib.unescape(page), htmllib.unescape(re.sub(r"<[^>]+>", "", page)))
    assert any(value in r for r in readable), f"{value!r} missing from {where}"


def assert_nothing_evaluated(page: str, user) -> None:
    assert settings.SECRET_KEY not in page
    assert user.password not in page
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page


def test_article_list_shows_title_outlet_and_username_as_text(hostile):
    page = hostile["client"].get(reverse("annotate:article_list")).content.decode()
    for field in ("title", "outlet", "username"):
        assert_shown_as_text(page, hostile["strings"][field], f"the list's {field}")
    assert_nothing_evaluated(page, hostile["user"])


def test_annotate_page_shows_every_field_as_text(hostile):
    page = hostile["client"].get(hostile["article"].get_absolute_url()).content.decode()
    for field in FIELDS:  # note and username in the tag's tooltip
        assert_shown_as_text(page, hostile["strings"][field], f"the annotate page's {field}")
    assert_nothing_evaluated(page, hostile["user"])


def test_htmx_fragment_shows_text_note_and_username_as_text(hostile):
    fragment = hostile["fragment"]
    for field in ("text", "note", "username"):
        assert_shown_as_text(fragment, hostile["strings"][field], f"the fragment's {field}")
    assert_nothing_evaluated(fragment, hostile["user"])


def test_search_echoes_the_query_as_text(hostile):
    query = hostile["strings"]["title"]
    page = hostile["client"].get(reverse("annotate:article_list"), {"q": query}).content.decode()
    assert_shown_as_text(page, query, "the search box")
    assert f'href="{hostile["article"].get_absolute_url()}"' in page  # and it finds it


def test_admin_shows_hostile_fields_as_text(hostile, admin_client):
    article, annotation, strings = hostile["article"], hostile["annotation"], hostile["strings"]
    pages = {
        "article changelist": reverse("admin:annotate_article_changelist"),
        "article change page": reverse("admin:annotate_article_change", args=[article.pk]),
        "annotation changelist": reverse("admin:annotate_annotation_changelist"),
        "annotation change page": reverse("admin:annotate_annotation_change", args=[annotation.pk]),
        "user changelist": reverse("admin:auth_user_changelist"),
    }
    shown = {
        "article changelist": ["title", "outlet", "username"],
        "article change page": ["title", "outlet", "text", "username"],
        "annotation changelist": ["text", "username", "title"],
        "annotation change page": ["text", "note", "username", "title"],
        "user changelist": ["username"],
    }
    for name, url in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, name
        page = response.content.decode()
        for field in shown[name]:
            assert_shown_as_text(page, strings[field], f"the admin's {name} ({field})")
        assert_nothing_evaluated(page, hostile["user"])


def string_values(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in string_values(value)]
    if isinstance(data, list):
        return [s for value in data for s in string_values(value)]
    return []


def documents(body: bytes, content_type: str) -> list:
    if "ndjson" in content_type:
        return [json.loads(line) for line in body.decode("utf-8").splitlines()]
    return [json.loads(body)]


# Each format's content type, and whether it carries the whole text (W3C: the quote only).
EXPORTS = {
    "json": ("application/json", True),
    "jsonl": ("application/x-ndjson", True),
    "w3c": ("application/ld+json", False),
    "labelstudio": ("application/json", True),
    "doccano": ("application/x-ndjson", True),
}


@pytest.mark.parametrize("fmt", EXPORTS)
def test_exports_carry_hostile_strings_byte_exact_as_json(hostile, fmt):
    content_type, whole_text = EXPORTS[fmt]
    response = hostile["client"].get(reverse("annotate:export"), {"format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "html" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    values = string_values(documents(b"".join(response.streaming_content), content_type))
    if whole_text:
        assert hostile["article"].text in values
    else:
        assert hostile["strings"]["text"] in values  # the quote, exact
    if fmt in ("json", "jsonl"):
        for field in ("title", "outlet", "note", "username"):
            assert hostile["strings"][field] in values, field  # a value of its own, exact


def test_article_download_round_trips_every_field(hostile):
    article, strings = hostile["article"], hostile["strings"]
    response = hostile["client"].get(reverse("annotate:article_export", args=[article.pk]))
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    doc = json.loads(response.content)
    assert doc["article"]["title"] == strings["title"]
    assert doc["article"]["outlet"] == strings["outlet"]
    assert doc["article"]["text"] == article.text
    assert doc["article"]["created_by"] == strings["username"]
    [annotation] = doc["annotations"]
    assert annotation["quote"] == strings["text"]
    assert annotation["note"] == strings["note"]
    assert annotation["editor"] == strings["username"]
