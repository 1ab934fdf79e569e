"""History: an event for every change, written with the change; what each role may read."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from annotate.models import Annotation, Article, Event, Kind, Layer
from tests.conftest import tag

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
QUOTE = "3.5x faster"


def span(article: Article, quote: str = QUOTE) -> dict:
    start = article.text.index(quote)
    return {"start": start, "end": start + len(quote)}


def kinds(article: Article) -> list[str]:
    return list(
        Event.objects.filter(article=article).order_by("at", "id").values_list("kind", flat=True)
    )


def post_tag(client, article, **fields):
    url = reverse("annotate:annotation_create", args=[article.pk])
    return client.post(url, {**span(article), "label": "hype", **fields}, **HTMX)


def test_pasting_an_article_records_who_added_it(article, editor):
    event = Event.objects.get(article=article)
    assert (event.kind, event.who, event.who_label) == (Kind.ARTICLE_PASTED, editor, "alice")


def test_tag_relabel_note_and_remove_each_record_their_before_and_after(
    client_for, editor, article
):
    client = client_for(editor)
    post_tag(client, article)
    tagged = Annotation.objects.get()
    post_tag(client, article, label="fact")
    post_tag(client, article, label="fact", note="checked")
    tagged.refresh_from_db()
    url = reverse("annotate:annotation_delete", args=[article.pk, tagged.pk])
    assert client.post(url, {"version": tagged.version}, **HTMX).status_code == 200
    events = list(Event.objects.filter(article=article).order_by("at", "id"))[1:]
    assert [e.kind for e in events] == [
        Kind.TAG_CREATED, Kind.TAG_RELABELLED, Kind.TAG_NOTE, Kind.TAG_REMOVED
    ]  # fmt: skip
    assert {e.annotation_uuid for e in events} == {tagged.uuid}
    assert all(e.who == editor for e in events)
    assert events[0].after["label"] == "hype" and events[0].before is None
    assert (events[1].before, events[1].after) == (
        {"label": "hype", "note": ""},
        {"label": "fact", "note": ""},
    )
    assert events[2].after == {"label": "fact", "note": "checked"}
    removed = events[3].before
    assert removed["uuid"] == str(tagged.uuid) and removed["note"] == "checked"
    assert (removed["quote"], removed["editor"], removed["label"]) == (QUOTE, "alice", "fact")
    assert removed["created_at"] and events[3].after is None


def test_tagging_the_same_span_twice_records_one_event(client_for, editor, article):
    client = client_for(editor)
    post_tag(client, article)
    post_tag(client, article)
    assert kinds(article).count(Kind.TAG_CREATED) == 1 and len(kinds(article)) == 2


def test_a_refused_change_records_nothing(client_for, editor, lead, article):
    post_tag(client_for(editor), article)
    before = Event.objects.count()
    mine = Annotation.objects.get()
    mine.change(seen_version=mine.version, label="fact", by=lead)
    with pytest.raises(Exception, match="changed this tag"):
        Annotation.objects.get().change(seen_version=1, label="speculation", by=editor)
    assert Event.objects.count() == before + 1


def test_an_event_and_its_change_commit_or_roll_back_together(article, editor):
    with pytest.raises(RuntimeError), transaction.atomic():
        article.tag(editor=editor, start=0, end=4, label="fact")
        raise RuntimeError
    assert not Annotation.objects.exists()
    assert kinds(article) == [Kind.ARTICLE_PASTED]


def test_status_blind_finish_verdicts_and_text_edits_are_recorded(article, editor, lead):
    article.set_status("done", seen_version=article.version, by=lead)
    article.refresh_from_db()
    article.set_blind(True, by=lead)
    article.set_finished(editor, True)
    article.set_finished(editor, False)
    verdict = article.decide(lead=lead, **span(article), label="fact")
    article.decide(lead=lead, **span(article), label="hype", note="loaded")
    verdict.remove(by=lead)
    gone = tag(article, editor, "greatest leap")
    moved = tag(article, editor, "Analysts expect")
    article.refresh_from_db()
    text = article.text.replace("the greatest leap", "a leap").replace("Acme Corp.", "Acme Inc.")
    article.edit(seen_version=article.version, by=editor, text=text, title="New title")
    assert kinds(article)[1:] == [
        Kind.STATUS_CHANGED, Kind.BLIND_CHANGED, Kind.LAYER_FINISHED, Kind.LAYER_REOPENED,
        Kind.VERDICT_DECIDED, Kind.VERDICT_CHANGED, Kind.VERDICT_REMOVED, Kind.ARTICLE_EDITED,
        Kind.TAG_ORPHANED, Kind.TAG_REANCHORED,
    ]  # fmt: skip
    edit = Event.objects.get(kind=Kind.ARTICLE_EDITED)
    assert "the greatest leap" in edit.before["text"] and edit.after["title"] == "New title"
    orphaned = Event.objects.get(kind=Kind.TAG_ORPHANED)
    assert orphaned.annotation_uuid == gone.uuid and orphaned.after["orphaned"] is True
    assert Event.objects.get(kind=Kind.TAG_REANCHORED).annotation_uuid == moved.uuid
    decided = Event.objects.get(kind=Kind.VERDICT_CHANGED)
    assert (decided.before["label"], decided.after["label"]) == ("fact", "hype")


def test_a_tag_post_adds_one_insert(client_for, editor, article):
    client = client_for(editor)
    post_tag(client, article)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        post_tag(client, article, label="fact")
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "annotate_event" in inserts[0]


# --- reading it --------------------------------------------------------------------------


def test_history_page_lists_changes_newest_first_with_names(client_for, editor, article):
    client = client_for(editor)
    post_tag(client, article)
    post_tag(client, article, label="fact")
    response = client.get(reverse("annotate:article_history", args=[article.pk]))
    html = response.content.decode().split("<tbody>")[1]
    assert response.status_code == 200
    assert html.index("Relabelled") < html.index("Tagged") < html.index("Article added")
    assert "hype → fact" in html and "alice" in html and f"<q>{QUOTE}</q>" in html


def test_history_filters_by_editor_and_kind(client_for, editor, other_editor, article):
    post_tag(client_for(other_editor), article)
    post_tag(client_for(editor), article, label="fact")
    url = reverse("annotate:article_history_json", args=[article.pk])
    client = client_for(editor)
    mine = client.get(url, {"editor": "alice"}).json()
    assert [e["who"] for e in mine] == ["alice", "alice"]
    assert [e["kind"] for e in mine] == ["tag_created", "article_pasted"]
    created = client.get(url, {"kind": "tag_created"}).json()
    assert [e["who"] for e in created] == ["alice", "bob"]
    assert set(created[0]) >= {"at", "who", "kind", "annotation", "before", "after"}


def test_history_of_one_tag_from_its_id(client_for, editor, article):
    client = client_for(editor)
    post_tag(client, article)
    post_tag(client, article, **span(article, "Analysts"), label="fact")
    first = Annotation.objects.get(quote=QUOTE)
    url = reverse("annotate:article_history_json", args=[article.pk])
    events = client.get(url, {"annotation": first.pk}).json()
    assert [e["annotation"] for e in events] == [str(first.uuid)]


def test_history_pages_hold_fifty(client_for, editor, article):
    Event.objects.bulk_create(
        Event(article=article, kind=Kind.STATUS_CHANGED, who_label="x", before={"status": "draft"},
              after={"status": "done"}) for _ in range(60)
    )  # fmt: skip
    url = reverse("annotate:article_history", args=[article.pk])
    client = client_for(editor)
    assert client.get(url).content.decode().count("<tr data-kind") == 50
    assert client.get(url, {"page": 2}).content.decode().count("<tr data-kind") == 11


def test_blind_article_history_hides_others_tags_until_finished(
    client_for, editor, other_editor, lead, article
):
    article.set_blind(True, by=lead)
    post_tag(client_for(other_editor), article)
    post_tag(client_for(editor), article, **span(article, "Analysts"))
    url = reverse("annotate:article_history_json", args=[article.pk])
    seen = client_for(editor).get(url).json()
    assert {e["who"] for e in seen if e["annotation"]} == {"alice"}
    assert {e["who"] for e in client_for(lead).get(url).json() if e["annotation"]} == {
        "alice", "bob"
    }  # fmt: skip
    Article.objects.get(pk=article.pk).set_finished(editor, True)
    assert {e["who"] for e in client_for(editor).get(url).json() if e["annotation"]} == {
        "alice", "bob"
    }  # fmt: skip


def test_history_needs_a_login(client, article):
    response = client.get(reverse("annotate:article_history", args=[article.pk]))
    assert response.status_code == 302


def test_a_lead_s_change_to_an_editor_s_tag_shows_in_the_editor_s_blind_history(
    client_for, editor, lead, article
):
    article.set_blind(True, by=lead)
    post_tag(client_for(editor), article)
    mine = Annotation.objects.get()
    mine.change(seen_version=mine.version, label="fact", by=lead)
    url = reverse("annotate:article_history_json", args=[article.pk])
    seen = [e["kind"] for e in client_for(editor).get(url).json()]
    assert seen[:2] == ["tag_relabelled", "tag_created"]


def test_layers_are_not_changed_by_reading_history(client_for, editor, article):
    client_for(editor).get(reverse("annotate:article_history", args=[article.pk]))
    assert not Layer.objects.exists()


def test_the_schema_names_every_kind_of_event():
    from annotate.formats.schema import validator

    schema = validator("article").schema
    assert schema["$defs"]["event"]["properties"]["kind"]["enum"] == Kind.values


def test_accepting_unanimous_sentences_records_a_verdict_event_each(
    article, editor, other_editor, lead
):
    sentence = "Analysts expect shipments to begin next year."
    for who in (editor, other_editor):
        tag(article, who, sentence, "speculation")
        article.set_finished(who, True)
    decided = article.accept_unanimous(lead)
    events = Event.objects.filter(article=article, kind=Kind.VERDICT_DECIDED)
    assert decided >= 1 and events.count() == decided
    assert {e.who for e in events} == {lead}
    assert any(e.after["label"] == "speculation" for e in events)
