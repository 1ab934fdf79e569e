"""History in exports and imports, the article as it was, pruning, the admin."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from annotate.formats.schema import validator
from annotate.models import Annotation, Article, Event, Import, Kind
from tests.test_history import post_tag, span

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(client_for, editor, lead, article):
    """An article tagged, relabelled, noted, removed, one removal undone, its status set."""
    client = client_for(editor)
    post_tag(client, article)
    post_tag(client, article, label="fact")
    post_tag(client, article, **span(article, "Analysts"), label="speculation", note="hedged")
    gone = Annotation.objects.get(quote="Analysts")
    client.post(reverse("annotate:annotation_delete", args=[article.pk, gone.pk]))
    client.post(reverse("annotate:article_undo", args=[article.pk]))
    article.refresh_from_db()
    article.set_status("done", seen_version=article.version, by=lead)
    return article


def export(tmp_path, *args) -> dict:
    path = tmp_path / "out.json"
    call_command("export_articles", "--output", str(path), *args, stderr=io.StringIO())
    return json.loads(path.read_text(encoding="utf-8"))


def test_export_with_history_holds_every_event_oldest_first_and_fits_the_schema(tmp_path, worked):
    data = export(tmp_path, "--history")
    history = data["articles"][0]["history"]
    assert [e["kind"] for e in history] == [
        "article_pasted", "tag_created", "tag_relabelled", "tag_created", "tag_removed",
        "tag_restored", "status_changed",
    ]  # fmt: skip
    assert history[5]["undoes"] == history[4]["uuid"]
    assert history[-1]["who"] == "lena" and history[-1]["after"] == {"status": "done"}
    assert not list(validator("export").iter_errors(data))
    assert "history" not in export(tmp_path)["articles"][0]


def test_history_goes_only_with_json_and_jsonl(tmp_path, worked, client_for, lead, editor):
    with pytest.raises(CommandError, match="json or jsonl"):
        export(tmp_path, "--history", "--format", "w3c")
    client = client_for(lead)
    response = client.get(reverse("annotate:export"), {"format": "doccano", "history": "1"})
    assert response.status_code == 400 and b"history" in response.content
    response = client.get(reverse("annotate:export"), {"format": "jsonl", "history": "1"})
    line = json.loads(b"".join(response.streaming_content).splitlines()[0])
    assert len(line["history"]) == 7
    refused = client_for(editor).get(reverse("annotate:export"), {"history": "1"})
    assert refused.status_code == 403


def test_import_takes_history_back_losslessly_and_twice_adds_nothing(tmp_path, worked):
    data = export(tmp_path, "--history")
    path = tmp_path / "out.json"
    Article.objects.all().delete()  # events stay, orphaned of their article: drop them too
    Event.objects.all().delete()
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=io.StringIO())
    assert "7 history events added" in out.getvalue()
    again = export(tmp_path, "--history")
    history = again["articles"][0]["history"]
    imported = [e for e in history if e["who"] == "import out.json"]
    assert [e for e in history if e not in imported] == data["articles"][0]["history"]
    assert {e["kind"] for e in imported} == {"article_pasted", "tag_created"}
    count = Event.objects.count()
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Event.objects.count() == count + 0
    assert Import.objects.count() == 2


def test_an_import_is_recorded_with_its_counts_and_file(tmp_path, worked):
    path = tmp_path / "out.json"
    export(tmp_path)
    Article.objects.all().delete()
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    record = Import.objects.get()
    assert record.file_name == "out.json"
    assert record.counts["annotations_created"] == 2 and record.counts["articles_created"] == 1
    events = Event.objects.filter(source=record)
    assert events.filter(kind=Kind.TAG_CREATED).count() == 2
    assert {e.who_label for e in events} == {"import out.json"}


def test_import_changing_a_tag_records_before_and_after(tmp_path, worked):
    data = export(tmp_path)
    doc = data["articles"][0]
    doc["annotations"][0]["label"] = "hype"
    doc["summary"]["fact"], doc["summary"]["hype"] = 0, 1
    del doc["summary"]["sentence_labels"]  # checked when present: let the import derive it
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    event = Event.objects.get(kind=Kind.TAG_CHANGED)
    assert (event.before, event.after) == ({"label": "fact"}, {"label": "hype"})


# --- the article as it was ----------------------------------------------------------------


def as_of(client, article, moment) -> str:
    url = reverse("annotate:article_history", args=[article.pk])
    response = client.get(url, {"at": moment.isoformat()})
    assert response.status_code == 200
    return response.content.decode()


def test_the_article_as_it_was_shows_that_moment_s_tags_and_text(client_for, editor, article):
    client = client_for(editor)
    post_tag(client, article)
    first = Event.objects.get(kind=Kind.TAG_CREATED).at
    post_tag(client, article, label="fact")
    article.refresh_from_db()
    article.edit(seen_version=article.version, by=editor, text=article.text.replace("Acme", "Apex"))
    html = as_of(client, article, first)
    assert 'data-label="hype"' in html and 'data-label="fact"' not in html
    assert "Acme Corp." in html and "Apex" not in html and "edited since" in html
    now = as_of(client, article, timezone.now())
    assert 'data-label="fact"' in now and "Apex Corp." in now
    assert "annotate/page/" not in html  # read-only: none of the annotate page's scripts
    before = as_of(client, article, article.created_at - timedelta(seconds=1))
    assert "had not been added yet" in before


def test_the_article_as_it_was_brings_back_a_removed_tag(client_for, editor, article):
    client = client_for(editor)
    post_tag(client, article, note="loaded")
    tagged = Annotation.objects.get()
    moment = timezone.now()
    client.post(reverse("annotate:annotation_delete", args=[article.pk, tagged.pk]))
    html = as_of(client, article, moment)
    assert 'data-label="hype"' in html and "loaded" in html


def test_the_article_as_it_was_refuses_a_bad_moment(client_for, editor, article):
    url = reverse("annotate:article_history", args=[article.pk])
    response = client_for(editor).get(url, {"at": "yesterday"})
    assert response.status_code == 400 and "not a date and time" in response.content.decode()


# --- pruning and the admin --------------------------------------------------------------


def test_prune_deletes_events_before_the_date_for_leads_only(worked, editor, lead):
    Event.objects.filter(kind=Kind.TAG_CREATED).update(at=timezone.now() - timedelta(days=400))
    day = (timezone.now() - timedelta(days=30)).date().isoformat()
    with pytest.raises(CommandError, match="not a lead"):
        call_command("prune_history", "--before", day, "--as", editor.username)
    assert Event.objects.filter(kind=Kind.TAG_CREATED).count() == 2
    out = io.StringIO()
    call_command("prune_history", "--before", day, "--as", lead.username, stdout=out)
    assert "Deleted 2 events" in out.getvalue()
    assert not Event.objects.filter(kind=Kind.TAG_CREATED).exists()
    assert Event.objects.get(kind=Kind.HISTORY_PRUNED).who == lead


def test_the_article_before_a_prune_cannot_be_shown(client_for, worked, editor, lead):
    tomorrow = (timezone.now() + timedelta(days=1)).date().isoformat()
    call_command("prune_history", "--before", tomorrow, "--as", lead.username, stdout=io.StringIO())
    url = reverse("annotate:article_history", args=[worked.pk])
    response = client_for(editor).get(url, {"at": timezone.now().isoformat()})
    assert response.status_code == 400 and "was pruned" in response.content.decode()


def test_the_admin_shows_events_read_only(client, worked, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="a-long-test-password")
    client.force_login(admin)
    event = Event.objects.first()
    page = client.get(reverse("admin:annotate_event_change", args=[event.pk]))
    assert page.status_code == 200 and b'type="submit"' not in page.content.split(b"<main")[-1]
    response = client.post(reverse("admin:annotate_event_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 403 and Event.objects.filter(pk=event.pk).exists()


def test_admin_changes_and_deletions_of_tags_are_recorded(
    client, article, editor, django_user_model
):
    from tests.conftest import tag

    admin = django_user_model.objects.create_superuser("root", password="a-long-test-password")
    client.force_login(admin)
    tagged = tag(article, editor, "3.5x faster", "fact")
    url = reverse("admin:annotate_annotation_change", args=[tagged.pk])
    client.post(url, {"editor": editor.pk, "label": "hype", "note": "", "orphaned": ""})
    changed = Event.objects.get(kind=Kind.TAG_CHANGED)
    assert (changed.before, changed.after, changed.who) == (
        {"label": "fact"},
        {"label": "hype"},
        admin,
    )
    client.post(reverse("admin:annotate_annotation_delete", args=[tagged.pk]), {"post": "yes"})
    assert not Annotation.objects.exists()
    assert Event.objects.get(kind=Kind.TAG_REMOVED).before["label"] == "hype"
