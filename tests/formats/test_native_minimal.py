"""Files a script writes: only title and text, spans with start, end and label.

What the app derives is optional and checked when present; such a file imports, and
importing it again changes nothing.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from annotate import sentences as sentencelib
from annotate import text as textlib
from annotate.formats import ImportFailure, parse
from annotate.formats.schema import validator
from annotate.models import Annotation, Article

# The README's "Writing an import file" example, as it stands there.
README_EXAMPLE = """\
import json


def span(text, words, label, **extra):
    start = text.index(words)  # offsets count code points, as Python's str does
    return {"start": start, "end": start + len(words), "label": label, **extra}


chip = (
    "Acme unveils a chip. The company calls it the greatest leap in computing history. "
    "Shipments may begin in 2027."
)
results = "Acme's revenue rose 12% to $4.2 billion. Analysts call the chip a game changer."
articles = [
    {
        "format": "annotate.article/v1",
        "article": {"title": "Acme unveils a chip", "text": chip},
        "annotations": [
            span(chip, "the greatest leap in computing history", "hype"),
            span(chip, "Shipments may begin in 2027.", "speculation"),
        ],
    },
    {
        "format": "annotate.article/v1",
        "article": {"title": "Acme's results", "text": results, "outlet": "Example News"},
        "annotations": [
            span(results, "Acme's revenue rose 12% to $4.2 billion.", "fact"),
            span(results, "a game changer", "hype", note="no benchmark", editor="alice"),
        ],
    },
]
with open("articles.json", "w", encoding="utf-8") as file:
    json.dump({"format": "annotate.export/v1", "articles": articles}, file, ensure_ascii=False)
"""
TEXT = (
    "Acme unveils a chip. The company calls it the greatest leap in computing history. "
    "Shipments may begin in 2027. Analysts expect it to change everything."
)
SPANS = [
    ("the greatest leap in computing history", "hype"),
    ("Shipments may begin in 2027.", "speculation"),
    ("Acme unveils a chip.", "fact"),
]


def span(words: str, label: str) -> dict:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "label": label}


def minimal(**article) -> dict:
    return {
        "format": "annotate.article/v1",
        "article": {"title": "Acme unveils a chip", "text": TEXT, **article},
        "annotations": [span(words, label) for words, label in SPANS],
    }


def snapshot() -> tuple:
    users = get_user_model().objects.order_by("username")
    return (
        list(Article.objects.order_by("pk").values()),
        list(Annotation.objects.order_by("pk").values()),
        list(users.values("username", "is_active")),
    )


def run_import(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_articles", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_minimal_document_parses_with_what_the_app_derives():
    [doc] = parse(json.dumps(minimal()))
    article = doc["article"]
    assert (article["id"], article["uuid"], article["created_by"]) == (None, None, None)
    assert (article["status"], article["source_url"], article["published_on"]) == (
        "draft",
        "",
        None,
    )
    assert article["text_sha256"] == textlib.sha256_hex(TEXT)
    assert article["sentences"] == [list(s) for s in sentencelib.sentence_spans(TEXT)]
    assert [a["quote"] for a in doc["annotations"]] == [words for words, _ in SPANS]
    assert {(a["uuid"], a["editor"], a["note"]) for a in doc["annotations"]} == {(None, None, "")}
    assert doc["summary"] == {
        "fact": 1,
        "speculation": 1,
        "hype": 1,
        "sentences": 4,
        "sentences_tagged": 3,
        "sentence_labels": {"fact": 1, "speculation": 1, "hype": 1, "disputed": 0, "none": 1},
    }


def test_export_wrapper_without_exported_at_parses():
    data = {"format": "annotate.export/v1", "articles": [minimal(), minimal(title="Two")]}
    assert [d["article"]["title"] for d in parse(json.dumps(data))] == [
        "Acme unveils a chip",
        "Two",
    ]


def test_optional_fields_given_are_kept():
    doc = minimal(outlet="Wire", status="done", published_on="2026-11-25")
    doc["annotations"][0].update(note="superlative", editor="bob", quote=SPANS[0][0])
    [parsed] = parse(json.dumps(doc))
    assert (parsed["article"]["outlet"], parsed["article"]["status"]) == ("Wire", "done")
    assert parsed["annotations"][0]["editor"] == "bob"
    assert parsed["annotations"][0]["note"] == "superlative"


def test_export_schema_requires_every_field_and_the_input_schema_only_what_a_script_knows():
    doc = minimal()
    assert not validator("article").is_valid(doc)
    assert validator("article-input").is_valid(doc)
    doc["annotations"][0].pop("label")
    assert not validator("article-input").is_valid(doc)


def set_summary(doc: dict) -> None:
    doc["summary"] = {"fact": 1, "speculation": 1, "hype": 5, "sentences": 4, "sentences_tagged": 3}


def set_quote(doc: dict) -> None:
    doc["annotations"][1]["quote"] = "Shipments begin in 2027."


WRONG = [
    (
        lambda doc: doc["article"].update(text_sha256="0" * 64),
        "article.text_sha256",
        "does not match the text",
    ),
    (set_summary, "summary.hype", "is 5 but the annotations give 1"),
    (set_quote, "annotations[1].quote", "'Shipments begin in 2027.' is not the text at"),
    (
        lambda doc: doc["article"].update(sentences=[[0, 20], [10, 30]]),
        "article.sentences[1]",
        "is not inside the text",
    ),
    (lambda doc: doc["annotations"][2].pop("label"), "annotations[2].label", "is missing"),
    (lambda doc: doc["article"].pop("text"), "article.text", "is missing"),
]


@pytest.mark.parametrize(("mutate", "field", "message"), WRONG, ids=[w[1] for w in WRONG])
def test_minimal_document_with_a_wrong_optional_field_is_refused(mutate, field, message):
    doc = minimal()
    mutate(doc)
    with pytest.raises(ImportFailure) as caught:
        parse(json.dumps(doc))
    assert (caught.value.index, caught.value.field) == (0, field)
    assert message in caught.value.message


@pytest.mark.django_db
def test_minimal_file_imported_twice_changes_nothing_the_second_time(tmp_path):
    path = write(tmp_path, minimal())
    first = run_import(path)
    assert "1 articles (1 new, 0 updated, 0 unchanged)" in first
    assert "3 annotations (3 new, 0 updated, 0 unchanged)" in first
    [article] = Article.objects.all()
    assert article.text == TEXT and article.created_by.username == "imported"
    assert set(article.annotations.values_list("editor__username", flat=True)) == {"imported"}
    assert article.sentences_tagged == 3
    before = snapshot()
    second = run_import(path)
    assert "1 articles (0 new, 0 updated, 1 unchanged)" in second
    assert "3 annotations (0 new, 0 updated, 3 unchanged)" in second
    assert snapshot() == before


@pytest.mark.django_db
def test_minimal_file_goes_to_the_editor_option_and_names_editors_it_holds(tmp_path, editor):
    doc = minimal()
    doc["annotations"][0]["editor"] = "bob"
    run_import(write(tmp_path, doc), "--editor", editor.username)
    tags = dict(Annotation.objects.values_list("label", "editor__username"))
    assert tags == {"hype": "bob", "speculation": "alice", "fact": "alice"}
    assert not get_user_model().objects.get(username="bob").is_active


@pytest.mark.django_db
def test_text_with_crlf_line_ends_imported_twice_makes_one_article(tmp_path):
    doc = minimal(text="Acme unveils a chip.\r\n\r\nIt ships next year.")
    doc["annotations"] = []
    path = write(tmp_path, doc)
    run_import(path)
    assert "(0 new, 0 updated, 1 unchanged)" in run_import(path)
    assert list(Article.objects.values_list("text", flat=True)) == [
        "Acme unveils a chip.\n\nIt ships next year."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("mutate", "field", "message"), WRONG[:3], ids=[w[1] for w in WRONG[:3]])
def test_minimal_file_with_a_wrong_optional_field_writes_nothing(tmp_path, mutate, field, message):
    doc = minimal()
    mutate(doc)
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        run_import(write(tmp_path, doc))
    assert f'article 1 ("Acme unveils a chip"): {field}: {message}' in str(caught.value)
    assert str(caught.value).endswith("Nothing was imported.")
    assert snapshot() == before


@pytest.mark.django_db
def test_import_page_takes_a_minimal_file_twice_and_changes_nothing(client_for, lead):
    client = client_for(lead)

    def upload() -> str:
        content = json.dumps(minimal()).encode()
        file = SimpleUploadedFile("articles.json", content, content_type="application/json")
        response = client.post(reverse("annotate:import"), {"file": file})
        assert response.status_code == 200
        return " ".join(response.content.decode().split())

    assert "(1 new, 0 updated, 0 unchanged) and 3 annotations (3 new" in upload()
    assert set(Annotation.objects.values_list("editor__username", flat=True)) == {"lena"}
    before = snapshot()
    page = upload()
    assert "1 article (0 new, 0 updated, 1 unchanged)" in page
    assert "3 annotations (0 new, 0 updated, 3 unchanged)" in page
    assert snapshot() == before


@pytest.mark.django_db
def test_readme_example_writes_a_file_that_imports_once(tmp_path, monkeypatch, make_user):
    make_user("demo")
    monkeypatch.chdir(tmp_path)
    exec(compile(README_EXAMPLE, "README example", "exec"), {})
    first = run_import(tmp_path / "articles.json", "--editor", "demo")
    assert "2 articles (2 new" in first and "4 annotations (4 new" in first
    tags = Annotation.objects.values_list("article__title", "quote", "label", "editor__username")
    assert sorted(tags) == [
        ("Acme unveils a chip", "Shipments may begin in 2027.", "speculation", "demo"),
        ("Acme unveils a chip", "the greatest leap in computing history", "hype", "demo"),
        ("Acme's results", "Acme's revenue rose 12% to $4.2 billion.", "fact", "demo"),
        ("Acme's results", "a game changer", "hype", "alice"),
    ]
    before = snapshot()
    again = run_import(tmp_path / "articles.json", "--editor", "demo")
    assert "(0 new, 0 updated, 2 unchanged)" in again
    assert "(0 new, 0 updated, 4 unchanged)" in again
    assert snapshot() == before


def test_readme_shows_the_example_as_tested():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "## Writing an import file" in readme
    assert README_EXAMPLE in readme
