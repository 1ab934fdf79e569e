"""export_articles and import_articles, the import page, and what import writes."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from annotate import importing
from annotate import sentences as sentencelib
from annotate.formats.schema import validator
from annotate.models import Annotation, Article
from tests.conftest import tag
from tests.test_data_views import EMOJI_TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(make_article, editor, other_editor):
    first = make_article(title="Chip", source_url="https://news.example/chip", outlet="Wire")
    tag(first, editor, "the greatest leap in computing history", "hype", note="no benchmark")
    tag(first, other_editor, "the greatest leap in computing history", "fact")
    tag(first, editor, "👩‍💻 in 東京", "speculation")
    second = make_article(EMOJI_TEXT, title="Emoji", status="in_review")
    tag(second, other_editor, "مرحبا", "fact")
    return first, second


def read(path) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()


def export_file(tmp_path, fmt: str = "json", *args: str) -> str:
    path = tmp_path / f"export.{fmt}"
    call_command(
        "export_articles", "--format", fmt, "--output", str(path), *args, stderr=io.StringIO()
    )
    return str(path)


def run_import(path: str, *args: str) -> str:
    out = io.StringIO()
    call_command("import_articles", path, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def without_ids(data: dict) -> dict:
    data = json.loads(json.dumps(data))
    data.pop("exported_at")
    for doc in data["articles"]:
        doc["article"].pop("id")
        for a in doc["annotations"]:
            a.pop("id")
    return data


def rows() -> dict:
    """Every row's identity and updated_at: what a second import must not touch."""
    return {
        "articles": sorted(Article.objects.values_list("uuid", "updated_at", "sentences_tagged")),
        "annotations": sorted(Annotation.objects.values_list("uuid", "updated_at", "label")),
        "users": sorted(get_user_model().objects.values_list("username", "password")),
    }


def empty_database() -> None:
    Annotation.objects.all().delete()
    Article.objects.all().delete()
    get_user_model().objects.all().delete()


def test_export_command_writes_each_format_to_a_file(tmp_path, corpus):
    data = json.loads(read(export_file(tmp_path, "json")))
    assert list(validator("export").iter_errors(data)) == []
    assert len(data["articles"]) == 2
    w3c = json.loads(read(export_file(tmp_path, "w3c", "--base-url", "https://a.example")))
    sources = {item["target"]["source"] for item in w3c["first"]["items"]}
    assert sources == {"https://news.example/chip", f"https://a.example/articles/{corpus[1].pk}/"}
    tasks = json.loads(read(export_file(tmp_path, "labelstudio")))
    assert [t["data"]["title"] for t in tasks] == ["Chip", "Emoji"]
    lines = read(export_file(tmp_path, "doccano")).split("\n")
    assert len(lines) == 3 and lines[-1] == ""


def test_export_command_takes_article_ids_and_refuses_unknown_ones(tmp_path, corpus):
    path = export_file(tmp_path, "jsonl", "--article", str(corpus[1].pk))
    lines = read(path).splitlines()
    assert [json.loads(line)["article"]["title"] for line in lines] == ["Emoji"]
    with pytest.raises(CommandError, match="No article with id 999"):
        export_file(tmp_path, "json", "--article", "999")


def test_export_command_prints_a_summary_and_no_progress_off_a_terminal(tmp_path, corpus):
    err = io.StringIO()
    call_command("export_articles", "--output", str(tmp_path / "e.json"), stderr=err)
    assert err.getvalue().count("\n") == 1
    assert err.getvalue().startswith("Exported 2 articles and 4 annotations as json to ")
    assert "annotations/s" in err.getvalue() and "\r" not in err.getvalue()


def test_progress_is_drawn_on_a_terminal(tmp_path, corpus, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(importing, "CHUNK", 1)
    terminal = Terminal()
    from annotate.management.commands import _progress

    monkeypatch.setattr(_progress.Progress, "EVERY", 0.0)
    call_command("import_articles", export_file(tmp_path), stdout=io.StringIO(), stderr=terminal)
    assert "\rImported 1 articles, 3 annotations (" in terminal.getvalue()
    assert "annotations/s)" in terminal.getvalue()


def test_json_round_trip_into_an_empty_database_loses_nothing_but_ids(tmp_path, corpus):
    before = json.loads(read(export_file(tmp_path)))
    path = tmp_path / "before.json"
    path.write_text(json.dumps(before))
    empty_database()
    out = run_import(str(path))
    assert "Imported 2 articles (2 new, 0 updated, 0 unchanged) and 4 annotations (4 new" in out
    assert "2 inactive editor accounts created" in out
    after = json.loads(read(export_file(tmp_path)))
    assert without_ids(after) == without_ids(before)
    for doc in after["articles"]:  # the list page's progress, kept in a column
        article = Article.objects.get(uuid=doc["article"]["uuid"])
        assert article.sentences_tagged == doc["summary"]["sentences_tagged"] > 0
    for user in get_user_model().objects.all():
        assert not user.is_active and not user.has_usable_password()


def test_importing_the_same_file_twice_changes_nothing(tmp_path, corpus):
    path = export_file(tmp_path)
    empty_database()
    run_import(path)
    first = rows()
    out = run_import(path)
    assert rows() == first
    assert "(0 new, 0 updated, 2 unchanged)" in out and "(0 new, 0 updated, 4 unchanged)" in out


def test_import_of_own_export_into_same_database_changes_nothing(tmp_path, corpus):
    path = export_file(tmp_path)
    before = rows()
    run_import(path)
    assert rows() == before


def test_import_maps_editors_to_existing_accounts_by_username(tmp_path, corpus, editor):
    path = export_file(tmp_path)
    Annotation.objects.all().delete()
    Article.objects.all().delete()
    run_import(path)
    alice = Annotation.objects.filter(editor=editor)
    assert sorted(alice.values_list("label", flat=True)) == ["hype", "speculation"]
    assert get_user_model().objects.get(username="alice").is_active


def test_import_updates_a_changed_label_to_the_files_version(tmp_path, corpus):
    path = tmp_path / "changed.json"
    data = json.loads(read(export_file(tmp_path)))
    a = data["articles"][1]["annotations"][0]
    a["label"], a["updated_at"] = "hype", "2030-01-01T00:00:00Z"
    data["articles"][1]["summary"].update(fact=0, hype=1)
    del data["articles"][1]["summary"]["sentence_labels"]  # optional: derived, checked if given
    path.write_text(json.dumps(data))
    out = run_import(str(path))
    assert "(0 new, 1 updated, 3 unchanged)" in out
    changed = Annotation.objects.get(uuid=a["uuid"])
    assert changed.label == "hype" and changed.updated_at.year == 2030


def test_import_trusts_sentences_from_the_file(tmp_path, corpus, monkeypatch):
    data = json.loads(read(export_file(tmp_path)))
    doc = data["articles"][1]
    doc["article"]["sentences"] = [[0, len(doc["article"]["text"])]]
    doc["summary"].update(sentences=1, sentences_tagged=1)
    del doc["summary"]["sentence_labels"]
    path = tmp_path / "one-sentence.json"
    path.write_text(json.dumps(data))
    empty_database()

    def no_split(text):
        raise AssertionError("the file's sentences should have been used")

    monkeypatch.setattr(sentencelib, "sentence_spans", no_split)
    run_import(str(path))
    article = Article.objects.get(uuid=doc["article"]["uuid"])
    assert article.sentences == [[0, len(EMOJI_TEXT)]] and article.sentences_tagged == 1


def mutate(tmp_path, change) -> str:
    data = json.loads(read(export_file(tmp_path)))
    change(data["articles"][1])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    return str(path)


BAD = [
    (lambda doc: doc["annotations"][0].update(label="opinion"), "annotations[0].label"),
    (lambda doc: doc["annotations"][0].update(end=10_000), "annotations[0].end"),
    (lambda doc: doc["annotations"][0].update(quote="something else"), "annotations[0].quote"),
    (lambda doc: doc["article"].pop("title"), "article.title"),
]


@pytest.mark.parametrize(("change", "field"), BAD)
def test_bad_import_names_article_and_field_and_writes_nothing(tmp_path, corpus, change, field):
    path = mutate(tmp_path, change)
    empty_database()
    with pytest.raises(CommandError) as caught:
        run_import(path)
    assert "article 2" in str(caught.value) and field in str(caught.value)
    assert "Nothing was imported." in str(caught.value)
    assert Article.objects.count() == Annotation.objects.count() == 0
    assert get_user_model().objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json at all", "this is not JSON"), ("[1, 2]", "article 1: expected an object")],
)
def test_import_of_something_else_fails_with_a_message(tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        run_import(str(path))


def test_import_failing_late_rolls_back_what_it_wrote(tmp_path, corpus, monkeypatch):
    """The second article's text differs from the stored one: found only while writing."""
    data = json.loads(read(export_file(tmp_path)))
    first_uuid = data["articles"][0]["article"]["uuid"]
    Article.objects.filter(uuid=data["articles"][0]["article"]["uuid"]).delete()
    doc = data["articles"][1]
    stored = Article.objects.get(uuid=doc["article"]["uuid"])
    Article.objects.filter(pk=stored.pk).update(text=stored.text + " More.")
    path = tmp_path / "late.json"
    path.write_text(json.dumps(data))
    monkeypatch.setattr(importing, "CHUNK", 1)
    with pytest.raises(CommandError, match=r'article 2 \("Emoji"\): article.text: differs'):
        run_import(str(path))
    assert not Article.objects.filter(uuid=first_uuid).exists()


def test_import_command_prints_no_traceback(tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text("{")
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "import_articles", str(path)]).execute()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "this is not JSON" in err


@pytest.mark.parametrize("fmt", ["labelstudio", "doccano"])
def test_tool_export_imports_as_new_articles_once(tmp_path, corpus, fmt):
    path = export_file(tmp_path, fmt)
    Annotation.objects.all().delete()
    Article.objects.all().delete()
    run_import(path)
    first = rows()
    assert Article.objects.count() == 2 and Annotation.objects.count() == 4
    assert set(Annotation.objects.values_list("quote", "label")) == {
        ("the greatest leap in computing history", "hype"),
        ("the greatest leap in computing history", "fact"),
        ("👩‍💻 in 東京", "speculation"),
        ("مرحبا", "fact"),
    }
    for article in Article.objects.all():
        assert article.sentences == [list(s) for s in sentencelib.sentence_spans(article.text)]
    run_import(path)
    assert rows() == first


def test_doccano_line_without_uuid_matches_by_text_and_title(tmp_path, make_article, editor):
    line = {"title": "Plain", "text": "Acme is the best. It ships.", "label": [[12, 16, "hype"]]}
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps(line) + "\n" + json.dumps({**line, "title": "Other"}) + "\n")
    run_import(str(path), "--editor", "desk")
    run_import(str(path), "--editor", "desk")
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Other", "Plain"]
    assert list(Annotation.objects.values_list("article__title", "quote", "editor__username")) == [
        ("Plain", "best", "desk"),
        ("Other", "best", "desk"),
    ]
    assert not get_user_model().objects.get(username="desk").is_active


def upload(client, content: str):
    file = SimpleUploadedFile("export.json", content.encode(), content_type="application/json")
    return client.post(reverse("annotate:import"), {"file": file})


def test_import_page_is_for_leads_only(client_for, editor, client):
    assert client.get(reverse("annotate:import")).status_code == 302
    assert client_for(editor).get(reverse("annotate:import")).status_code == 403
    assert upload(client_for(editor), "[]").status_code == 403


def test_import_page_imports_a_file_for_a_lead(tmp_path, client_for, lead, corpus):
    content = read(export_file(tmp_path))
    empty_database_but(lead)
    client = client_for(lead)
    assert client.get(reverse("annotate:import")).status_code == 200
    response = upload(client, content)
    assert response.status_code == 200
    assert "Imported 2 articles" in response.content.decode()
    assert Annotation.objects.count() == 4


def test_import_page_shows_the_failure_and_writes_nothing(tmp_path, client_for, lead, corpus):
    path = mutate(tmp_path, BAD[0][0])
    empty_database_but(lead)
    response = upload(client_for(lead), read(path))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported." in page
    assert "article 2 (&quot;Emoji&quot;): annotations[0].label: &#x27;opinion&#x27;" in page
    assert Article.objects.count() == 0


def test_import_page_refuses_a_file_over_its_limit(client_for, lead, corpus, monkeypatch):
    from annotate.forms import ImportForm

    monkeypatch.setattr(ImportForm, "MAX_BYTES", 10)  # the real 20 MB, scaled down
    before = Article.objects.count()
    response = upload(client_for(lead), "[" + " " * 20 + "]")
    assert response.status_code == 400
    assert "the page takes up to 20 MB" in response.content.decode()
    assert "import_articles" in response.content.decode()
    assert Article.objects.count() == before


def empty_database_but(user) -> None:
    Annotation.objects.all().delete()
    Article.objects.all().delete()
    get_user_model().objects.exclude(pk=user.pk).delete()


def test_round_trip_keeps_orphaned_tags_orphaned(tmp_path, corpus):
    first, _ = corpus
    # An edit that removes the tagged words orphans those tags (kept, never dropped).
    text = first.text.replace("the greatest leap in computing history", "a chip")
    result = first.edit(seen_version=first.version, text=text)
    assert len(result.orphaned) == 2
    before = json.loads(read(export_file(tmp_path)))
    exported = [a for d in before["articles"] for a in d["annotations"] if a.get("orphaned")]
    assert {a["quote"] for a in exported} == {"the greatest leap in computing history"}
    path = tmp_path / "before.json"
    path.write_text(json.dumps(before))
    empty_database()
    run_import(str(path))
    assert Annotation.objects.filter(orphaned=True).count() == 2
    assert Annotation.objects.filter(orphaned=False).count() == 2
    assert without_ids(json.loads(read(export_file(tmp_path)))) == without_ids(before)
    assert "(0 new, 0 updated, 4 unchanged)" in run_import(str(path))
