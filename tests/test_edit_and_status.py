from __future__ import annotations

import json

import pytest
from django.urls import reverse

from annotate import formats
from annotate.formats.schema import validator
from annotate.models import Annotation, Article
from tests.conftest import tag

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def edit_url(article: Article) -> str:
    return reverse("annotate:article_edit", args=[article.pk])


def status_url(article: Article) -> str:
    return reverse("annotate:article_status", args=[article.pk])


def edit(client, article: Article, text: str, **fields):
    data = {"title": article.title, "text": text, "version": article.version, **fields}
    return client.post(edit_url(article), data)


# --- status ------------------------------------------------------------------------------


def test_lead_sets_status_and_the_fragment_carries_the_new_version(client_for, lead, article):
    response = client_for(lead).post(
        status_url(article), {"status": "in_review", "version": 1}, **HTMX
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.status, article.version) == ("in_review", 2)
    html = response.content.decode()
    assert 'id="status"' in html and 'hx-swap-oob="true"' in html
    assert 'name="version" value="2"' in html
    assert "Status set to “In review”." in html


def test_status_with_a_stale_version_is_409_and_changes_nothing(client_for, lead, article):
    Article.objects.filter(pk=article.pk).update(status="done", version=5)
    response = client_for(lead).post(status_url(article), {"status": "draft", "version": 4})
    assert response.status_code == 409
    assert "changed this article's status to “Done”" in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.version) == ("done", 5)


def test_editor_may_not_set_status(client_for, editor, article):
    response = client_for(editor).post(status_url(article), {"status": "done", "version": 1})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == "draft"


def test_article_page_shows_the_status_control_to_leads_only(client_for, lead, editor, article):
    client = client_for(lead)
    assert 'name="version" value="1"' in client.get(article.get_absolute_url()).content.decode()
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert 'id="status-select"' not in html
    assert 'data-status="draft">Draft<' in html


# --- edit the text -----------------------------------------------------------------------


def test_edit_reanchors_tags_and_lists_the_lost_one(client_for, editor, article):
    kept = tag(article, editor, "The company called it the greatest leap in computing history.")
    emoji = tag(article, editor, "Engineers 👩‍💻 in 東京 tested it.", "fact")
    lost = tag(article, editor, "Analysts expect shipments to begin next year.", "speculation")
    new_text = "Breaking: " + article.text.replace(
        "Analysts expect shipments to begin next year.", "Shipments are set for 2027."
    )
    response = edit(client_for(editor), article, new_text)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.text == new_text and article.version == 2
    for annotation in (kept, emoji):
        annotation.refresh_from_db()
        assert not annotation.orphaned
        assert article.text[annotation.start : annotation.end] == annotation.quote
    lost.refresh_from_db()
    assert lost.orphaned and lost.quote == "Analysts expect shipments to begin next year."
    assert Annotation.objects.count() == 3  # nothing dropped
    # Progress and counts ignore the orphan.
    assert article.sentences_tagged == 2

    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    body = html.split('id="article-text"', 1)[1].split("</div>", 1)[0]
    assert f'data-annotation-id="{lost.pk}"' not in body
    assert f'data-annotation-id="{kept.pk}"' in body
    assert "1 tag could not be found in the new text" in html
    assert "Analysts expect shipments to begin next year." in html
    assert 'data-count="speculation">0<' in html
    listing = client_for(editor).get(reverse("annotate:article_list")).content.decode()
    assert "speculation 0<" in listing and "hype 1<" in listing and "fact 1<" in listing


def test_orphan_is_exported_flagged_and_left_out_of_other_formats(client_for, editor, article):
    tag(article, editor, "Acme Unveils a Chip", "fact")
    tag(article, editor, "It may change everything.", "speculation")
    edit(client_for(editor), article, article.text.replace("It may change everything.", "Hm."))
    client = client_for(editor)
    doc = client.get(reverse("annotate:article_export", args=[article.pk])).json()
    validator("article").validate(doc)
    flags = {a["quote"]: a.get("orphaned", False) for a in doc["annotations"]}
    assert flags == {"Acme Unveils a Chip": False, "It may change everything.": True}
    # The kept tag is on the headline: a heading, which progress leaves out.
    assert doc["summary"]["speculation"] == 0 and doc["summary"]["sentences_tagged"] == 0
    response = client.get(reverse("annotate:export"), {"format": "doccano"})
    doccano = json.loads(b"".join(response.streaming_content))
    assert [label for *_, label in doccano["label"]] == ["fact"]
    # Our own JSON reads back, orphan included.
    (parsed,) = formats.parse(json.dumps(doc))
    assert [a.get("orphaned", False) for a in parsed["annotations"]] == [False, True]


def test_removing_an_orphan_from_the_panel(client_for, editor, article):
    lost = tag(article, editor, "It may change everything.")
    edit(client_for(editor), article, article.text.replace("It may change everything.", "Hm."))
    url = reverse("annotate:annotation_delete", args=[article.pk, lost.pk])
    response = client_for(editor).post(url)
    assert response.status_code == 302
    assert not Annotation.objects.exists()


def test_edit_with_a_stale_version_saves_nothing(client_for, editor, article):
    tag(article, editor, "Acme Unveils a Chip")
    client = client_for(editor)
    Article.objects.filter(pk=article.pk).update(version=3)
    response = edit(client, article, "Something else entirely.")
    assert response.status_code == 409
    assert "Someone changed this article while you were editing it" in response.content.decode()
    article.refresh_from_db()
    assert article.text.startswith("Acme Unveils a Chip")
    assert not Annotation.objects.filter(orphaned=True).exists()


def test_edit_form_checks_the_text_as_paste_does(client_for, editor, article):
    response = edit(client_for(editor), article, "Bell\x07here")
    assert response.status_code == 200
    assert "control character U+0007" in response.content.decode()
    article.refresh_from_db()
    assert article.version == 1


def test_only_the_creator_or_a_lead_may_edit(client_for, other_editor, lead, article):
    assert client_for(other_editor).get(edit_url(article)).status_code == 403
    assert edit(client_for(other_editor), article, "Nope.").status_code == 403
    assert edit(client_for(lead), article, article.text + " Added.").status_code == 302
    article.refresh_from_db()
    assert article.text.endswith(" Added.")


def test_one_editors_two_tags_landing_on_one_span_keep_one_and_orphan_the_other(
    client_for, editor, make_article
):
    article = make_article(text="It grew. Then it grew. End.")
    first = tag(article, editor, "grew.")
    second = Annotation.objects.create(
        article=article, editor=editor, start=18, end=23, quote="grew.", label="fact"
    )
    edit(client_for(editor), article, "It grew. End.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert sorted([first.orphaned, second.orphaned]) == [False, True]
    assert Annotation.objects.count() == 2


def test_edit_shifting_tags_onto_each_others_old_spans_keeps_all(client_for, editor, make_article):
    article = make_article(text="abcdefgh ijklmnop.")
    a = tag(article, editor, "abcde")
    b = Annotation.objects.create(
        article=article, editor=editor, start=3, end=8, quote="defgh", label="fact"
    )
    # Three characters in front: "abcde" moves onto b's old span (3, 8).
    edit(client_for(editor), article, "xyzabcdefgh ijklmnop.")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.start, a.end, a.orphaned) == (3, 8, False)
    assert (b.start, b.end, b.orphaned) == (6, 11, False)


def test_tag_sent_against_an_older_text_is_409_and_stores_nothing(client_for, editor, article):
    old_sha = article.text_sha256
    edit(client_for(editor), article, "New first line.\n\n" + article.text)
    url = reverse("annotate:annotation_create", args=[article.pk])
    response = client_for(editor).post(
        url, {"start": 0, "end": 4, "label": "hype"}, HTTP_X_ARTICLE_SHA=old_sha, **HTMX
    )
    assert response.status_code == 409
    assert "your tag was not saved" in response.content.decode()
    assert not Annotation.objects.exists()


# --- one tag changed by two people -------------------------------------------------------


def update_url(annotation: Annotation) -> str:
    return reverse("annotate:annotation_update", args=[annotation.article_id, annotation.pk])


def test_page_marks_carry_the_tag_version(client_for, editor, article):
    annotation = tag(article, editor, "Acme Unveils a Chip")
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert f'data-annotation-id="{annotation.pk}"' in html and 'data-version="1"' in html


def test_lead_relabels_from_the_current_version(client_for, editor, lead, article):
    annotation = tag(article, editor, "Acme Unveils a Chip", "hype")
    response = client_for(lead).post(update_url(annotation), {"label": "fact", "version": 1})
    assert response.status_code == 302
    annotation.refresh_from_db()
    assert (annotation.label, annotation.version, annotation.editor) == ("fact", 2, editor)


def test_relabel_from_a_stale_version_is_409_and_changes_nothing(client_for, editor, lead, article):
    annotation = tag(article, editor, "Acme Unveils a Chip", "hype")
    Annotation.objects.filter(pk=annotation.pk).update(label="speculation", version=2)
    response = client_for(lead).post(update_url(annotation), {"label": "fact", "version": 1})
    assert response.status_code == 409
    assert "changed this tag to “Speculation” while you were looking" in response.content.decode()
    annotation.refresh_from_db()
    assert (annotation.label, annotation.version) == ("speculation", 2)


def test_editor_cannot_relabel_someone_elses_tag(client_for, editor, other_editor, article):
    annotation = tag(article, editor, "Acme Unveils a Chip", "hype")
    response = client_for(other_editor).post(
        update_url(annotation), {"label": "fact", "version": 1}
    )
    assert response.status_code == 404
    annotation.refresh_from_db()
    assert annotation.label == "hype"


def test_owner_retag_from_a_stale_version_is_409_but_without_one_last_writer_wins(
    client_for, editor, article
):
    annotation = tag(article, editor, "Acme Unveils a Chip", "hype")
    Annotation.objects.filter(pk=annotation.pk).update(label="fact", version=2)  # a lead did
    client = client_for(editor)
    span = {"start": annotation.start, "end": annotation.end}
    stale = client.post(tag_url(article), {**span, "label": "speculation", "version": 1})
    assert stale.status_code == 409
    annotation.refresh_from_db()
    assert annotation.label == "fact"
    # The same state again is no conflict: a retry of a request that already went through.
    assert client.post(tag_url(article), {**span, "label": "fact", "version": 1}).status_code == 302
    # Without a version, tagging again is last-writer-wins.
    assert client.post(tag_url(article), {**span, "label": "speculation"}).status_code == 302
    annotation.refresh_from_db()
    assert (annotation.label, annotation.version) == ("speculation", 3)
    assert Annotation.objects.count() == 1


def test_delete_from_a_stale_version_is_409_and_keeps_the_tag(client_for, editor, lead, article):
    annotation = tag(article, editor, "Acme Unveils a Chip", "hype")
    Annotation.objects.filter(pk=annotation.pk).update(label="fact", version=2)
    url = reverse("annotate:annotation_delete", args=[article.pk, annotation.pk])
    response = client_for(lead).post(url, {"version": 1})
    assert response.status_code == 409
    assert Annotation.objects.filter(pk=annotation.pk).exists()
    assert client_for(lead).post(url, {"version": 2}).status_code == 302
    assert not Annotation.objects.exists()


def tag_url(article: Article) -> str:
    return reverse("annotate:annotation_create", args=[article.pk])


def test_admin_shows_the_text_read_only_and_a_change_bumps_the_version(
    client, django_user_model, article
):
    admin = django_user_model.objects.create_superuser("root", password="x-long-password")
    client.force_login(admin)
    url = reverse("admin:annotate_article_change", args=[article.pk])
    html = client.get(url).content.decode()
    assert 'name="title"' in html and 'name="text"' not in html
    data = {"title": "Renamed", "status": "done", "created_by": article.created_by_id}
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status, article.version) == ("Renamed", "done", 2)
    assert article.text.startswith("Acme Unveils a Chip")


def test_orphan_is_found_again_when_its_words_come_back(client_for, editor, article):
    original = article.text
    lost = tag(article, editor, "It may change everything.")
    client = client_for(editor)
    edit(client, article, original.replace("It may change everything.", "Hm."))
    article.refresh_from_db()
    edit(client, article, original)
    lost.refresh_from_db()
    assert not lost.orphaned
    assert original[lost.start : lost.end] == "It may change everything."
    article.refresh_from_db()
    assert article.sentences_tagged == 1


def test_admin_keeps_spans_read_only_and_deleting_there_keeps_progress_true(
    client, django_user_model, article, editor
):
    admin = django_user_model.objects.create_superuser("root", password="x-long-password")
    client.force_login(admin)
    first = tag(article, editor, "3.5x faster", "fact")
    second = tag(article, editor, "It may change everything.", "hype")
    article.refresh_from_db()
    assert article.sentences_tagged == 2
    html = client.get(reverse("admin:annotate_annotation_change", args=[first.pk])).content
    assert b'name="start"' not in html and b'name="end"' not in html
    assert b'name="label"' in html
    # One deleted from its page, the other by the changelist's bulk action.
    url = reverse("admin:annotate_annotation_delete", args=[first.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    article.refresh_from_db()
    assert article.sentences_tagged == 1
    changelist = reverse("admin:annotate_annotation_changelist")
    data = {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"}
    assert client.post(changelist, data).status_code == 302
    article.refresh_from_db()
    assert (Annotation.objects.count(), article.sentences_tagged) == (0, 0)


def test_admin_relabel_and_rename_keep_what_the_article_says_counted(
    client, django_user_model, article, editor
):
    admin = django_user_model.objects.create_superuser("root", password="x-long-password")
    client.force_login(admin)
    first = tag(article, editor, article.text[slice(*article.sentences[1])], "fact")
    url = reverse("admin:annotate_annotation_change", args=[first.pk])
    data = {"label": "hype", "note": "", "editor": editor.pk, "suggested_by": ""}
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.sentence_labels["hype"] == 1 and article.sentence_labels["fact"] == 0
    # The article's own save writes every column: the counts it read when its form was drawn
    # must not come back.
    url = reverse("admin:annotate_article_change", args=[article.pk])
    data = {"title": "Renamed", "status": "draft", "created_by": article.created_by_id}
    Article.objects.filter(pk=article.pk).update(sentences_tagged=99)
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.sentences_tagged == 1 and article.sentence_labels["hype"] == 1
