"""The bad-input catalogue: every case asserts the response and that nothing changed.

Here: refused form, tag and import input. Unknown or foreign ids and CSRF are in
tests/test_access.py; query strings in tests/test_query_strings.py; account names, login
redirects and leads in the admin in tests/test_accounts.py. Hostile strings that are
accepted (and shown as text) are in tests/test_escaping.py; login throttling in
tests/test_auth.py; headers and settings in tests/test_settings.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.urls import reverse

from annotate import formats
from annotate.models import Article
from tests.conftest import snapshot

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- refused form and tag input -----------------------------------------------------------


@dataclass
class Case:
    data: dict
    status: int
    message: str


GOOD_ARTICLE = {"title": "A title", "text": "One sentence. Another one.", "outlet": "Wire"}

PASTE = {
    "NUL in title": Case({"title": "Bad\x00title"}, 200, "holds a NUL (U+0000) at character 3"),
    "bell in title": Case({"title": "Bad\x07title"}, 200, "control character U+0007"),
    "line break in title": Case({"title": "Two\nlines"}, 200, "control character U+000A"),
    "escape in outlet": Case({"outlet": "Wire\x1b[31m"}, 200, "control character U+001B"),
    "NUL in outlet": Case({"outlet": "Wi\x00re"}, 200, "holds a NUL (U+0000) at character 2"),
    "NUL in text": Case({"text": "One\x00two."}, 200, "NUL (U+0000) at line 1, column 4"),
    "C1 control in text": Case({"text": "One\x85two."}, 200, "control character U+0085"),
    "DEL in text": Case({"text": "One\x7ftwo."}, 200, "control character U+007F"),
    "oversized title": Case({"title": "t" * 301}, 200, "at most 300 characters"),
    "oversized paste": Case({"text": "word " * 40_001}, 200, "the limit is 200,000"),
    "javascript: source": Case({"source_url": "javascript:alert(1)"}, 200, "Enter a valid URL."),
    "quote in source": Case(
        {"source_url": 'https://x.example/" onmouseover="alert(1)'}, 200, "Enter a valid URL."
    ),
    "empty title": Case({"title": "   "}, 200, "This field is required."),
}


@pytest.mark.parametrize("case", PASTE.values(), ids=PASTE.keys())
def test_paste_with_bad_input_shows_why_and_changes_nothing(client_for, editor, world, case):
    client = client_for(editor)
    before = snapshot()
    response = client.post(reverse("annotate:article_create"), GOOD_ARTICLE | case.data)
    assert response.status_code == case.status
    assert case.message in response.content.decode()
    assert snapshot() == before


def test_paste_bigger_than_the_upload_limit_is_400_and_changes_nothing(client_for, editor, world):
    client = client_for(editor)
    before = snapshot()
    text = "x" * (5 * 1024 * 1024)  # past DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(reverse("annotate:article_create"), {"title": "T", "text": text})
    assert response.status_code == 400
    assert snapshot() == before


TAGS = {
    "NUL in note": Case({"note": "a\x00b"}, 400, "note: Null characters are not allowed."),
    "bell in note": Case({"note": "a\x07b"}, 400, "note holds a control character U+0007"),
    "oversized note": Case({"note": "n" * 501}, 400, "note: Ensure this value has at most 500"),
    "float start": Case({"start": "1e3"}, 400, "start: Enter a whole number."),
    "empty start": Case({"start": ""}, 400, "start: This field is required."),
    "negative start": Case({"start": "-1"}, 400, "start: Ensure this value is greater"),
    "huge end": Case({"end": "9" * 40}, 400, "is not inside the text"),
    "end before start": Case({"start": "9", "end": "3"}, 400, "is not inside the text"),
    "label in capitals": Case({"label": "HYPE"}, 400, "label: Select a valid choice."),
    "label with NUL": Case({"label": "hype\x00"}, 400, "label: Select a valid choice."),
    "label as markup": Case({"label": "<script>"}, 400, "label: Select a valid choice."),
    "label as lookup": Case({"label": "hype' OR '1'='1"}, 400, "label: Select a valid choice."),
    "no label": Case({"label": ""}, 400, "label: This field is required."),
}


@pytest.mark.parametrize("case", TAGS.values(), ids=TAGS.keys())
def test_tag_with_bad_input_is_400_in_plain_text_and_changes_nothing(
    client_for, editor, world, case
):
    client = client_for(editor)
    before = snapshot()
    data = {"start": "0", "end": "4", "label": "fact"} | case.data
    response = client.post(
        reverse("annotate:annotation_create", args=[world["first"].pk]), data, **HTMX
    )
    assert response.status_code == case.status
    assert case.message in response.content.decode()
    # The message echoes what was sent: plain text the page shows with textContent.
    assert response["Content-Type"].startswith("text/plain")
    assert snapshot() == before


# --- malformed imports -----------------------------------------------------------------------


def exported(article) -> dict:
    return json.loads(json.dumps(next(Article.objects.filter(pk=article.pk).documents())))


def in_article(key, value):
    return lambda doc: doc["article"].update({key: value})


def in_annotation(key, value):
    return lambda doc: doc["annotations"][0].update({key: value})


IMPORTS = {
    "NUL in title": (in_article("title", "a\x00b"), "article.title: holds a NUL character"),
    "escape in outlet": (in_article("outlet", "\x1b[2J"), "article.outlet: holds a control"),
    "NUL in creator": (in_article("created_by", "al\x00ice"), "article.created_by: holds a NUL"),
    "NUL in editor": (in_annotation("editor", "\x00"), "annotations[0].editor: holds a NUL"),
    "NUL in note": (in_annotation("note", "n\x00"), "annotations[0].note: holds a NUL"),
    "label as markup": (in_annotation("label", "<b>"), "'<b>' is not one of"),
    "offset past the text": (in_annotation("end", 10**9), "past the end of the text"),
    "offset as string": (in_annotation("start", "0"), "expected a whole number"),
    "text changed": (in_article("text", "<script>alert(1)</script>"), "text_sha256"),
}


@pytest.mark.parametrize("mutate, message", IMPORTS.values(), ids=IMPORTS.keys())
def test_malformed_import_is_refused_with_a_message_and_changes_nothing(world, mutate, message):
    doc = exported(world["first"])
    formats.parse(json.dumps(doc))  # the unchanged export is fine
    mutate(doc)
    before = snapshot()
    with pytest.raises(formats.ImportFailure) as caught:
        formats.parse(json.dumps(doc))
    assert message in str(caught.value)
    assert snapshot() == before


@pytest.mark.parametrize("data", ["", "{", "[1, 2]", '{"format": "annotate.export/v1"}', "\ufeff"])
def test_import_that_is_not_an_export_is_refused(world, data):
    before = snapshot()
    with pytest.raises(formats.ImportFailure):
        formats.parse(data)
    assert snapshot() == before
