"""The bulk export through the view (every format, checked by its own rules) and the
import page."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotate import data_views, formats
from annotate.formats.labelstudio import LABELSTUDIO_CONFIG
from annotate.formats.schema import validator
from annotate.formats.w3c import W3C_CONTEXT
from annotate.models import Annotation, Article
from tests.conftest import tag
from tests.formats.test_w3c_suite import MUSTS, outcome, require_suite

pytestmark = pytest.mark.django_db

EMOJI_TEXT = "Acme 👩‍💻 says 東京 will love it. مرحبا is the greatest chip ever made. Ship soon."


@pytest.fixture
def corpus(make_article, editor, other_editor):
    """Two articles: one with a source URL, one without; emoji, CJK, RTL; two editors."""
    first = make_article(title="Chip", source_url="https://news.example/chip")
    tag(first, editor, "the greatest leap in computing history", "hype", note="no benchmark")
    tag(first, other_editor, "the greatest leap in computing history", "fact")
    tag(first, editor, "👩‍💻 in 東京", "speculation")
    second = make_article(EMOJI_TEXT, title="Emoji", status="done")
    tag(second, other_editor, "مرحبا", "fact")
    tag(second, other_editor, "greatest chip ever made", "hype")
    return first, second


def export(client, query: str = "format=json"):
    response = client.get(reverse("annotate:export") + "?" + query)
    body = b"".join(response.streaming_content).decode() if response.streaming else ""
    return response, body


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [
        ("json", "application/json", ".json"),
        ("jsonl", "application/x-ndjson", ".jsonl"),
        ("w3c", "application/ld+json", ".jsonld"),
        ("labelstudio", "application/json", ".json"),
        ("doccano", "application/x-ndjson", ".jsonl"),
    ],
)
def test_export_has_content_type_and_dated_filename(
    client_for, editor, fmt, content_type, extension
):
    response, _ = export(client_for(editor), f"format={fmt}")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].split(";")[0] == content_type
    assert "charset=utf-8" in response["Content-Type"]
    today = f"{timezone.now():%Y-%m-%d}"
    disposition = f'attachment; filename="annotate-{fmt}-{today}{extension}"'
    assert response["Content-Disposition"] == disposition


def test_export_json_validates_against_export_schema(client_for, editor, corpus):
    _, body = export(client_for(editor), "format=json")
    data = json.loads(body)
    assert list(validator("export").iter_errors(data)) == []
    assert [d["article"]["title"] for d in data["articles"]] == ["Chip", "Emoji"]
    for doc in data["articles"]:
        for a in doc["annotations"]:
            assert doc["article"]["text"][a["start"] : a["end"]] == a["quote"]


def test_export_jsonl_each_line_validates_against_article_schema(client_for, editor, corpus):
    _, body = export(client_for(editor), "format=jsonl")
    lines = body.split("\n")
    assert lines[-1] == "" and len(lines) == 3
    for line in lines[:-1]:
        assert list(validator("article").iter_errors(json.loads(line))) == []


def test_export_w3c_passes_every_must_assertion_of_the_suite(client_for, editor, corpus):
    require_suite()
    _, body = export(client_for(editor), "format=w3c")
    collection = json.loads(body)
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 5
    for item in items:
        annotation = {"@context": W3C_CONTEXT, **item}
        failed = [path for path in MUSTS if outcome(path, annotation) != "pass"]
        assert failed == [], annotation["id"]


def test_export_w3c_target_source_is_source_url_or_absolute_article_url(client_for, editor, corpus):
    first, second = corpus
    _, body = export(client_for(editor), "format=w3c")
    items = json.loads(body)["first"]["items"]
    sources = {item["target"]["source"] for item in items}
    assert sources == {"https://news.example/chip", f"http://testserver/articles/{second.pk}/"}
    for item in items:
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        text = first.text if item["target"]["source"].startswith("https://news") else second.text
        position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
        assert item["id"].startswith("urn:uuid:")
        assert item["body"][0] == {
            "type": "TextualBody",
            "value": item["body"][0]["value"],
            "purpose": "tagging",
            "format": "text/plain",
        }


def test_export_labelstudio_tasks_follow_the_importer_rules(client_for, editor, corpus):
    _, body = export(client_for(editor), "format=labelstudio")
    tasks = json.loads(body)
    config = ET.fromstring(LABELSTUDIO_CONFIG)
    labels = config.find("Labels")
    names = {label.get("value") for label in labels}
    text_tag = config.find("Text")
    assert isinstance(tasks, list) and len(tasks) == 2
    for task in tasks:
        text = task["data"][text_tag.get("value").removeprefix("$")]
        editors = [a["annotate_editor"] for a in task["annotations"]]
        assert len(editors) == len(set(editors))  # one annotation per editor
        for annotation in task["annotations"]:
            for result in annotation["result"]:
                assert result["from_name"] == labels.get("name")
                assert result["to_name"] == text_tag.get("name") == labels.get("toName")
                assert result["type"] == "labels" and len(result["id"]) == 10
                value = result["value"]
                assert text[value["start"] : value["end"]] == value["text"]
                assert len(value["labels"]) == 1 and value["labels"][0] in names
    assert sorted(len(t["annotations"]) for t in tasks) == [1, 2]


def test_export_doccano_lines_slice_the_text_to_their_spans(client_for, editor, corpus):
    _, body = export(client_for(editor), "format=doccano")
    lines = [json.loads(line) for line in body.split("\n") if line]
    assert len(lines) == 2
    quotes = set(Annotation.objects.values_list("quote", "label"))
    found = {(line["text"][s:e], label) for line in lines for s, e, label in line["label"]}
    assert found == quotes
    assert all(isinstance(s, int) and isinstance(e, int) for ln in lines for s, e, _ in ln["label"])


def titles(client, query: str) -> list[str]:
    response, body = export(client, "format=jsonl&" + query)
    assert response.status_code == 200, body
    return [json.loads(line)["article"]["title"] for line in body.split("\n") if line]


def test_export_filters_narrow_by_id_status_label_editor_and_dates(
    client_for, editor, other_editor, corpus, make_article
):
    first, second = corpus
    old = make_article(title="Old")
    Article.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    client = client_for(editor)
    assert titles(client, "") == ["Chip", "Emoji", "Old"]
    assert titles(client, f"article={second.pk}&article={old.pk}") == ["Emoji", "Old"]
    assert titles(client, f"article={first.pk},{old.pk}") == ["Chip", "Old"]
    assert titles(client, "status=done") == ["Emoji"]
    assert titles(client, "label=speculation") == ["Chip"]
    assert titles(client, "editor=bob") == ["Chip", "Emoji"]
    assert titles(client, "editor=alice&label=fact") == []
    assert titles(client, "editor=bob&label=fact") == ["Chip", "Emoji"]
    today = timezone.localdate()
    assert titles(client, f"since={today}") == ["Chip", "Emoji"]
    assert titles(client, f"until={today - timedelta(days=1)}") == ["Old"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("article=abc", "article: 'abc' is not an article id."),
        ("status=finished", "status: Select a valid choice."),
        ("label=opinion", "label: Select a valid choice."),
        ("editor=nobody", "editor: No editor is named 'nobody'."),
        ("since=2026-13-01", "since: Enter a valid date."),
        ("since=2026-11-02&until=2026-11-01", "since comes after until."),
    ],
)
def test_export_with_bad_filter_is_400_with_message(client_for, editor, query, message):
    response = client_for(editor).get(reverse("annotate:export") + "?" + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_export_queries_grow_with_chunks_not_articles(
    client_for, editor, make_article, monkeypatch
):
    monkeypatch.setattr(data_views, "EXPORT_CHUNK", 5)
    client = client_for(editor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            export(client, "format=w3c")
        return len(queries)

    for _ in range(5):
        tag(make_article(), editor, "greatest leap", "hype")
    one_chunk = count()
    for _ in range(20):
        tag(make_article(), editor, "greatest leap", "hype")
    chunks = math.ceil(25 / 5)
    # A chunk reads its articles, annotations, finished layers and verdicts.
    assert count() <= one_chunk + 4 * (chunks - 1)


def test_export_needs_a_login(client):
    response = client.get(reverse("annotate:export") + "?format=json")
    assert response.status_code == 302


def test_list_and_article_pages_link_every_export_format(client_for, editor, article):
    client = client_for(editor)
    listing = client.get(reverse("annotate:article_list") + "?status=done").content.decode()
    page = client.get(article.get_absolute_url()).content.decode()
    for fmt in formats.FORMATS:
        assert f"/export/?format={fmt}&amp;status=done" in listing
        assert f"/export/?format={fmt}&amp;article={article.pk}" in page
