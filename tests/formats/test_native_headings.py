"""Headings in annotate.article/v1: `article.headings`, [start, end] pairs among the
sentences, always in an export, optional in an import (computed when left out, checked
when given), and left out of the summary's counts."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from annotate.formats import ImportFailure, parse
from annotate.formats.schema import validator
from annotate.models import Article

TEXT = (
    "Acme Unveils a Chip\n"
    "\n"
    "Acme said the chip is 3.5x faster. It ships in 2027.\n"
    "\n"
    "What analysts say\n"
    "\n"
    "Analysts expect it to change everything."
)


def span(words: str, label: str) -> dict:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "label": label}


def document(**article) -> dict:
    return {
        "format": "annotate.article/v1",
        "article": {"title": "Acme unveils a chip", "text": TEXT, **article},
        "annotations": [span("Acme Unveils a Chip", "hype"), span("It ships in 2027.", "fact")],
    }


def heading_words(doc: dict) -> list[str]:
    text = doc["article"]["text"]
    return [text[start:end] for start, end in doc["article"]["headings"]]


def test_import_without_headings_computes_them_and_leaves_them_out_of_the_summary():
    [doc] = parse(json.dumps(document()))
    assert heading_words(doc) == ["Acme Unveils a Chip", "What analysts say"]
    assert doc["summary"]["sentences"] == 3  # of five sentences, two are headings
    assert doc["summary"]["sentences_tagged"] == 1  # the tagged headline does not count
    assert doc["summary"]["hype"] == 1  # but its tag is a tag like any other


def test_headings_given_in_a_file_are_kept():
    [computed] = parse(json.dumps(document()))
    sentences = computed["article"]["sentences"]
    [doc] = parse(json.dumps(document(sentences=sentences, headings=[sentences[0]])))
    assert heading_words(doc) == ["Acme Unveils a Chip"]
    assert doc["summary"]["sentences"] == 4


def test_a_heading_that_is_not_a_sentence_is_refused_by_name():
    with pytest.raises(ImportFailure) as caught:
        parse(json.dumps(document(headings=[[0, 4]])))
    assert caught.value.field == "article.headings[0]"
    assert "is not one of the article's sentences" in caught.value.message


def test_headings_out_of_order_are_refused():
    [computed] = parse(json.dumps(document()))
    sentences = computed["article"]["sentences"]
    backwards = document(sentences=sentences, headings=[sentences[3], sentences[0]])
    with pytest.raises(ImportFailure) as caught:
        parse(json.dumps(backwards))
    assert caught.value.field == "article.headings[1]"


def test_a_file_whose_summary_predates_headings_still_imports():
    # An export written before headings: no `headings`, its summary counting all sentences.
    old = document()
    old["summary"] = {"fact": 1, "speculation": 0, "hype": 1, "sentences": 5, "sentences_tagged": 2}
    [doc] = parse(json.dumps(old))
    assert heading_words(doc) == ["Acme Unveils a Chip", "What analysts say"]


@pytest.mark.django_db
def test_export_carries_headings_valid_by_the_schema_and_imports_back_the_same(
    tmp_path, client_for, editor
):
    article = Article.objects.create(title="Acme unveils a chip", text=TEXT, created_by=editor)
    response = client_for(editor).get(f"/articles/{article.pk}/export.json")
    doc = json.loads(response.content)
    assert doc["article"]["headings"] == article.headings and len(article.headings) == 2
    assert list(validator("article").iter_errors(doc)) == []
    doc["article"]["headings"] = [article.headings[1]]  # a lead's call: only the subheading
    doc["article"]["uuid"] = "6c3b0d1e-0000-4000-8000-000000000001"
    doc["summary"]["sentences"] += 1
    path = tmp_path / "a.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    imported = Article.objects.get(uuid=doc["article"]["uuid"])
    assert imported.headings == [article.headings[1]]
    assert imported.sentences_total == 4
