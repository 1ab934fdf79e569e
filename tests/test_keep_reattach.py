"""Find again: an orphan set down on the words an editor selects, with a tag's checks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from annotate.models import Annotation, Article
from tests.conftest import tag

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
OLD = "Acme shipped a chip. It may change everything. Rivals shrugged."
NEW = "Acme shipped a chip. Analysts say it could change the whole market. Rivals shrugged."


@pytest.fixture
def orphan(make_article, editor):
    article = make_article(OLD)
    lost = tag(article, editor, "It may change everything.", "speculation", note="whose claim?")
    past = timezone.now() - timedelta(days=2)
    Annotation.objects.filter(pk=lost.pk).update(created_at=past, updated_at=past)
    result = article.edit(seen_version=article.version, text=NEW)
    assert [a.pk for a in result.orphaned] == [lost.pk]
    lost.refresh_from_db()
    article.refresh_from_db()
    return article, lost


def reattach(client, article: Article, orphan: Annotation, words: str, **headers):
    start = article.text.index(words)
    data = {"start": start, "end": start + len(words), "quote": words}
    url = reverse("annotate:annotation_reattach", args=[article.pk, orphan.pk])
    return client.post(url, data, **HTMX, **headers)


def test_find_again_moves_the_orphan_keeping_what_it_was(client_for, editor, orphan):
    article, lost = orphan
    before = Annotation.objects.values().get(pk=lost.pk)
    words = "Analysts say it could change the whole market."
    response = reattach(client_for(editor), article, lost, words)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-annotation-id="{lost.pk}"' in html  # drawn in the text again
    assert f'data-orphan-id="{lost.pk}"' not in html  # and gone from the orphan list
    assert "Found the tag again" in html
    after = Annotation.objects.values().get(pk=lost.pk)
    assert (after["start"], after["end"], after["quote"], after["orphaned"]) == (
        NEW.index(words),
        NEW.index(words) + len(words),
        words,
        False,
    )
    for key in ("uuid", "label", "note", "editor_id", "created_at", "updated_at", "version"):
        assert after[key] == before[key], key
    assert after["reanchored_at"] is not None
    article.refresh_from_db()
    assert article.sentences_tagged == 1


def test_orphan_list_offers_find_again_to_those_who_may_change_it(
    client_for, editor, other_editor, orphan
):
    article, lost = orphan
    url = reverse("annotate:annotation_reattach", args=[article.pk, lost.pk])
    assert (
        f'data-reattach-url="{url}"'
        in client_for(editor).get(article.get_absolute_url()).content.decode()
    )
    assert url not in client_for(other_editor).get(article.get_absolute_url()).content.decode()


def test_someone_elses_orphan_is_a_404(client_for, other_editor, orphan):
    article, lost = orphan
    response = reattach(client_for(other_editor), article, lost, "Rivals shrugged.")
    assert response.status_code == 404
    lost.refresh_from_db()
    assert lost.orphaned


def test_a_lead_may_find_anyones_orphan_again(client_for, lead, orphan):
    article, lost = orphan
    assert reattach(client_for(lead), article, lost, "Rivals shrugged.").status_code == 200
    lost.refresh_from_db()
    assert not lost.orphaned and lost.editor.username == "alice"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": 5, "end": 500}, "is not inside the text"),
        ({"start": 20, "end": 21}, "only white space"),
        ({"start": 0, "end": 4, "quote": "Rivals"}, "does not match the text"),
    ],
)
def test_a_span_a_tag_would_refuse_is_refused(client_for, editor, orphan, data, message):
    article, lost = orphan
    url = reverse("annotate:annotation_reattach", args=[article.pk, lost.pk])
    response = client_for(editor).post(url, data, **HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    lost.refresh_from_db()
    assert lost.orphaned


def test_a_span_splitting_a_character_is_refused(client_for, editor, make_article):
    article = make_article("Engineers 👩‍💻 tested it. It may change everything.")
    lost = tag(article, editor, "It may change everything.")
    article.edit(seen_version=article.version, text="Engineers 👩‍💻 tested it. Hm.")
    lost.refresh_from_db()
    article.refresh_from_db()
    start = article.text.index("👩")
    url = reverse("annotate:annotation_reattach", args=[article.pk, lost.pk])
    response = client_for(editor).post(url, {"start": start, "end": start + 1}, **HTMX)
    assert response.status_code == 400
    assert "inside a character" in response.content.decode()


def test_words_the_editor_has_tagged_already_are_a_409(client_for, editor, orphan):
    article, lost = orphan
    tag(article, editor, "Rivals shrugged.", "fact")
    response = reattach(client_for(editor), article, lost, "Rivals shrugged.")
    assert response.status_code == 409
    assert "alice has a tag on these words already (“Fact”)" in response.content.decode()
    lost.refresh_from_db()
    assert lost.orphaned


def test_a_tag_found_again_already_is_a_409(client_for, editor, orphan):
    article, lost = orphan
    client = client_for(editor)
    assert reattach(client, article, lost, "Rivals shrugged.").status_code == 200
    response = reattach(client, article, lost, "Acme shipped a chip.")
    assert response.status_code == 409
    lost.refresh_from_db()
    assert lost.quote == "Rivals shrugged."


def test_a_page_drawn_before_an_edit_is_a_409(client_for, editor, orphan):
    article, lost = orphan
    sha = article.text_sha256
    article.edit(seen_version=article.version, text=article.text + " More.")
    article.refresh_from_db()
    response = reattach(
        client_for(editor), article, lost, "Rivals shrugged.", HTTP_X_ARTICLE_SHA=sha
    )
    assert response.status_code == 409
    assert "edited while you were looking" in response.content.decode()


def test_find_again_is_in_the_tag_s_history(client_for, editor, orphan):
    from annotate.models import Event, Kind

    article, lost = orphan
    assert (
        reattach(client_for(editor), article, lost, "it could change the whole market").status_code
        == 200
    )
    event = Event.objects.filter(kind=Kind.TAG_REANCHORED, annotation_uuid=lost.uuid).latest("at")
    assert event.who_id == editor.pk
    assert event.before["orphaned"] is True
    assert event.after["quote"] == "it could change the whole market"
