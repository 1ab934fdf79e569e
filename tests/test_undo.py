"""Undo: POST /articles/<id>/undo/ takes back the editor's last tag change, again and again."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from annotate.models import Annotation, Article, Event, Kind
from tests.conftest import tag

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
QUOTE = "3.5x faster"


def span(article: Article, quote: str = QUOTE) -> dict:
    start = article.text.index(quote)
    return {"start": start, "end": start + len(quote)}


def post_tag(client, article, **fields):
    url = reverse("annotate:annotation_create", args=[article.pk])
    return client.post(url, {**span(article), "label": "hype", **fields}, **HTMX)


def undo(client, article):
    return client.post(reverse("annotate:article_undo", args=[article.pk]), **HTMX)


def remove(client, article, annotation):
    url = reverse("annotate:annotation_delete", args=[article.pk, annotation.pk])
    return client.post(url, {"version": annotation.version}, **HTMX)


def test_undo_walks_back_tag_relabel_note_and_remove(client_for, editor, article):
    client = client_for(editor)
    post_tag(client, article)
    post_tag(client, article, label="fact")
    post_tag(client, article, label="fact", note="checked")
    tagged = Annotation.objects.get()
    remove(client, article, tagged)
    assert not Annotation.objects.exists()

    response = undo(client, article)
    assert response.status_code == 200
    assert "is back" in response.content.decode() and "data-undo" in response.content.decode()
    back = Annotation.objects.get()
    assert (back.uuid, back.label, back.note, back.editor) == (
        tagged.uuid,
        "fact",
        "checked",
        editor,
    )
    assert back.created_at == tagged.created_at

    undo(client, article)
    assert (Annotation.objects.get().label, Annotation.objects.get().note) == ("fact", "")
    undo(client, article)
    assert Annotation.objects.get().label == "hype"
    undo(client, article)
    assert not Annotation.objects.exists()
    article.refresh_from_db()
    assert article.sentences_tagged == 0

    response = undo(client, article)
    assert response.status_code == 409 and "Nothing of yours to undo" in response.content.decode()
    undos = Event.objects.filter(article=article, undoes__isnull=False).order_by("at", "id")
    assert [e.kind for e in undos] == [
        Kind.TAG_RESTORED, Kind.TAG_NOTE, Kind.TAG_RELABELLED, Kind.TAG_REMOVED
    ]  # fmt: skip
    assert Event.objects.filter(article=article).count() == 9  # pasted, 4 changes, 4 undos


def test_undo_of_a_tag_a_lead_changed_since_is_refused(client_for, editor, lead, article):
    client = client_for(editor)
    post_tag(client, article)
    mine = Annotation.objects.get()
    mine.change(seen_version=mine.version, label="fact", by=lead)
    response = undo(client, article)
    assert response.status_code == 409
    assert "lena changed this tag since" in response.content.decode()
    assert Annotation.objects.get().label == "fact"
    assert not Event.objects.filter(undoes__isnull=False).exists()


def test_undo_takes_back_only_the_requester_s_changes(client_for, editor, other_editor, article):
    post_tag(client_for(editor), article)
    response = undo(client_for(other_editor), article)
    assert response.status_code == 409
    assert Annotation.objects.count() == 1


def test_a_lead_undoes_their_own_change_to_an_editor_s_tag(client_for, editor, lead, article):
    post_tag(client_for(editor), article)
    mine = Annotation.objects.get()
    mine.change(seen_version=mine.version, label="fact", by=lead)
    assert undo(client_for(lead), article).status_code == 200
    back = Annotation.objects.get()
    assert (back.label, back.editor) == ("hype", editor)


def test_undo_of_a_removal_is_refused_once_the_span_is_tagged_again(client_for, editor, article):
    client = client_for(editor)
    post_tag(client, article)
    remove(client, article, Annotation.objects.get())
    post_tag(client, article, label="fact")
    undo(client, article)  # takes back the new tag
    assert not Annotation.objects.exists()
    assert undo(client, article).status_code == 200  # and now the removal
    assert Annotation.objects.get().label == "hype"


def test_undo_of_a_removal_after_the_words_changed_is_refused(client_for, editor, article):
    client = client_for(editor)
    post_tag(client, article)
    remove(client, article, Annotation.objects.get())
    article.refresh_from_db()
    article.edit(seen_version=article.version, text=article.text.replace(QUOTE, "4x quicker"))
    response = undo(client, article)
    assert response.status_code == 409 and "text was edited" in response.content.decode()
    assert not Annotation.objects.exists()


def test_undo_without_htmx_redirects_to_the_article(client_for, editor, article):
    client = client_for(editor)
    post_tag(client, article)
    response = client.post(reverse("annotate:article_undo", args=[article.pk]))
    assert response.status_code == 302 and not Annotation.objects.exists()


def test_undo_is_post_only(client_for, editor, article):
    response = client_for(editor).get(reverse("annotate:article_undo", args=[article.pk]))
    assert response.status_code == 405


def test_undo_leaves_what_a_lead_imported_alone(client_for, editor, lead, article, tmp_path):
    tag(article, editor, QUOTE, "fact")
    path = tmp_path / "one.json"
    call_command("export_articles", "--output", str(path), stderr=io.StringIO())
    Article.objects.all().delete()
    upload = SimpleUploadedFile("one.json", path.read_bytes(), content_type="application/json")
    assert client_for(lead).post(reverse("annotate:import"), {"file": upload}).status_code == 200
    imported = Article.objects.get()
    assert Event.objects.filter(article=imported, who=lead, kind=Kind.TAG_CREATED).exists()
    assert undo(client_for(lead), imported).status_code == 409
    assert Annotation.objects.filter(article=imported).count() == 1
