"""Finishing one's layer and blind work: the endpoints, the panel, the list, and every way
into another editor's tags (page, htmx fragments, export.json, bulk export, agreement
JSON, the admin) closed to a blind editor until they finish."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from annotate.models import Annotation, Article, Layer
from tests.conftest import tag
from tests.test_annotation_views import HTMX, tag_url

pytestmark = pytest.mark.django_db

SECOND = "The company called it the greatest leap in computing history."
THIRD = "Analysts expect shipments to begin next year."


def finished_url(article: Article) -> str:
    return reverse("annotate:article_finished", args=[article.pk])


def blind_url(article: Article) -> str:
    return reverse("annotate:article_blind", args=[article.pk])


@pytest.fixture
def blind(article, editor, other_editor):
    """alice's hype and bob's fact on the same sentence of a blind article."""
    tag(article, editor, SECOND, "hype")
    tag(article, other_editor, SECOND, "fact")
    article.set_blind(True)
    return article


# --- finished ----------------------------------------------------------------------------


def test_finishing_marks_the_requesters_layer_and_htmx_gets_the_panel(client_for, editor, article):
    response = client_for(editor).post(finished_url(article), {"finished": "1"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="panel"' in html and 'hx-swap-oob="true"' in html
    assert "Reopen my layer" in html and 'data-finished-by="alice"' in html
    assert "Your layer is finished" in html
    assert Layer.objects.get(article=article, editor=editor).finished
    # In a finished layer every untagged sentence says "none".
    article.refresh_from_db()
    assert article.sentence_labels["none"] == article.sentences_total


def test_reopening_a_layer_makes_untagged_sentences_unread_again(client_for, editor, article):
    client = client_for(editor)
    client.post(finished_url(article), {"finished": "1"})
    response = client.post(finished_url(article), {"finished": "0"})
    assert response.status_code == 302 and response.url == article.get_absolute_url()
    layer = Layer.objects.get(article=article, editor=editor)
    assert not layer.finished and layer.counts["missing"] == article.sentences_total


def test_finishing_acts_on_the_requester_only_whatever_the_form_says(
    client_for, editor, other_editor, article
):
    client_for(editor).post(finished_url(article), {"finished": "1", "editor": other_editor.pk})
    assert list(
        Layer.objects.filter(finished_at__isnull=False).values_list("editor", flat=True)
    ) == [editor.pk]


@pytest.mark.parametrize("value", ["", "yes", "2", "true"])
def test_finished_other_than_1_or_0_is_refused_and_nothing_written(
    client_for, editor, article, value
):
    response = client_for(editor).post(finished_url(article), {"finished": value})
    assert response.status_code == 400 and "send 1 or 0" in response.content.decode()
    assert not Layer.objects.exists()


def test_finished_takes_post_only(client_for, editor, article):
    assert client_for(editor).get(finished_url(article)).status_code == 405


def test_list_shows_who_has_finished_each_article(
    client_for, editor, other_editor, lead, make_article
):
    first, second = make_article(title="First"), make_article(title="Second")
    first.set_finished(editor, True)
    first.set_finished(other_editor, True)
    second.set_finished(other_editor, True)
    tag(second, editor, SECOND, "hype")  # a layer, unfinished: not listed
    html = client_for(lead).get(reverse("annotate:article_list")).content.decode()
    rows = {
        title: row
        for row in html.split("<tr>")[2:]
        for title in ("First", "Second")
        if f">{title}<" in row
    }
    assert 'data-finished-by="alice"' in rows["First"] and 'data-finished-by="bob"' in rows["First"]
    assert 'data-finished-by="bob"' in rows["Second"]
    assert 'data-finished-by="alice"' not in rows["Second"]


def test_panel_and_list_count_sentences_by_the_one_rule_not_a_sum_of_tags(
    client_for, editor, other_editor, lead, article
):
    tag(article, editor, SECOND, "hype")
    tag(article, other_editor, SECOND, "fact")
    tag(article, editor, THIRD, "speculation")
    client = client_for(lead)
    page = client.get(article.get_absolute_url()).content.decode()
    panel = page.split('id="panel"', 1)[1].split("</aside>", 1)[0]
    # One sentence disputed (not one hype and one fact), one speculation.
    for key, n in {"hype": 0, "fact": 0, "speculation": 1, "disputed": 1}.items():
        assert f'data-count="{key}">{n}<' in panel, key
    assert f'data-count="none">{article.sentences_total - 2}<' in panel
    assert 'data-whose="article"' in panel
    listed = client.get(reverse("annotate:article_list")).content.decode()
    assert "hype 0" in listed and "fact 0" in listed and "disputed 1" in listed


def test_panel_shows_the_editors_own_layer_counts(client_for, editor, other_editor, article):
    tag(article, editor, SECOND, "hype")
    tag(article, other_editor, THIRD, "fact")
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    mine = html.split('class="my-layer"', 1)[1].split("</section>", 1)[0]
    assert 'data-mine="hype">Hype <strong>1<' in mine
    assert 'data-mine="fact">Fact <strong>0<' in mine  # bob's fact is not in alice's layer
    assert f'data-mine="missing">Not yet tagged <strong>{article.sentences_total - 1}<' in mine


# --- blind -------------------------------------------------------------------------------


def test_lead_makes_an_article_blind_and_back(client_for, lead, article):
    client = client_for(lead)
    response = client.post(blind_url(article), {"blind": "1"}, **HTMX)
    assert response.status_code == 200 and "Stop blind work" in response.content.decode()
    article.refresh_from_db()
    assert article.blind
    client.post(blind_url(article), {"blind": "0"})
    article.refresh_from_db()
    assert not article.blind


def test_an_editor_may_not_make_an_article_blind(client_for, editor, article):
    response = client_for(editor).post(blind_url(article), {"blind": "1"})
    assert response.status_code == 403 and "Only a lead" in response.content.decode()
    article.refresh_from_db()
    assert not article.blind


def test_blind_other_than_1_or_0_is_refused(client_for, lead, article):
    response = client_for(lead).post(blind_url(article), {"blind": "on"})
    assert response.status_code == 400
    article.refresh_from_db()
    assert not article.blind


def test_blind_control_is_in_the_panel_for_leads_only(client_for, editor, lead, article):
    assert "data-blind-toggle" in client_for(lead).get(article.get_absolute_url()).content.decode()
    assert (
        "data-blind-toggle"
        not in client_for(editor).get(article.get_absolute_url()).content.decode()
    )


def test_new_articles_are_blind_when_the_setting_says(settings, make_article):
    settings.ANNOTATE_BLIND_BY_DEFAULT = True
    assert make_article().blind


def page_labels(html: str) -> set[str]:
    body = html.split('id="article-text"', 1)[1].split("</article>", 1)[0]
    return {part.split('"', 1)[0] for part in body.split('data-label="')[1:]}


def test_blind_page_shows_an_editor_only_their_marks_and_counts(client_for, other_editor, blind):
    html = client_for(other_editor).get(blind.get_absolute_url()).content.decode()
    assert page_labels(html) == {"fact"}  # bob's; alice's hype is not drawn
    panel = html.split('id="panel"', 1)[1].split("</aside>", 1)[0]
    assert 'data-count="hype">0<' in panel and 'data-count="fact">1<' in panel
    assert 'data-count="disputed"' not in panel and 'data-whose="mine"' in panel


def test_blind_page_shows_a_lead_everything(client_for, lead, blind):
    html = client_for(lead).get(blind.get_absolute_url()).content.decode()
    assert page_labels(html) == {"fact", "hype"}


def test_blind_page_shows_everything_once_the_editor_has_finished(client_for, other_editor, blind):
    client = client_for(other_editor)
    response = client.post(finished_url(blind), {"finished": "1"}, **HTMX)
    assert response.headers.get("HX-Refresh") == "true"  # what the page may show changed
    html = client.get(blind.get_absolute_url()).content.decode()
    assert page_labels(html) == {"fact", "hype"}


def test_blind_htmx_fragment_after_a_tag_holds_only_the_editors_marks(
    client_for, other_editor, blind
):
    start = blind.text.index(SECOND)
    response = client_for(other_editor).post(
        tag_url(blind), {"start": start, "end": start + 8, "label": "speculation"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="panel"' in html
    assert set(
        re.findall(r'<mark class="[^"]*" data-annotation-id="\d+" data-label="(\w+)"', html)
    ) == {
        "fact",
        "speculation",
    }
    assert 'data-count="disputed"' not in html


def test_blind_export_json_holds_only_the_editors_layer(client_for, other_editor, lead, blind):
    url = reverse("annotate:article_export", args=[blind.pk])
    doc = json.loads(client_for(other_editor).get(url).content)
    assert {a["editor"] for a in doc["annotations"]} == {"bob"}
    assert doc["verdicts"] == [] and doc["summary"]["sentence_labels"]["disputed"] == 0
    assert doc["summary"]["hype"] == 0 and doc["article"]["blind"] is True
    doc = json.loads(client_for(lead).get(url).content)
    assert {a["editor"] for a in doc["annotations"]} == {"alice", "bob"}


def test_blind_bulk_export_holds_only_the_editors_layer_in_every_format(
    client_for, other_editor, blind
):
    client = client_for(other_editor)
    for fmt in ("json", "jsonl", "w3c", "labelstudio", "doccano"):
        response = client.get(reverse("annotate:export") + f"?format={fmt}")
        body = b"".join(response.streaming_content).decode()
        assert "hype" not in body.replace('"hype": 0', ""), fmt
        assert "fact" in body, fmt


def test_blind_agreement_json_is_403_until_the_editor_has_finished(
    client_for, editor, other_editor, blind
):
    url = reverse("annotate:article_agreement", args=[blind.pk])
    client = client_for(other_editor)
    response = client.get(url)
    assert response.status_code == 403 and "finished your own layer" in response.json()["error"]
    blind.set_finished(other_editor, True)
    assert client.get(url).status_code == 200


def test_blind_articles_stay_out_of_an_unfinished_editors_pooled_figures(
    client_for, editor, other_editor, make_user, blind
):
    blind.set_finished(editor, True)
    blind.set_finished(other_editor, True)
    carol = make_user("carol")
    result = client_for(carol).get(reverse("annotate:agreement_json")).json()
    assert result["articles"] == 0 and result["pairs"] == []
    tag(blind, carol, THIRD, "fact")
    blind.set_finished(carol, True)
    assert client_for(carol).get(reverse("annotate:agreement_json")).json()["articles"] == 1


def test_blind_admin_lists_a_non_lead_only_what_they_may_see(editor, other_editor, blind):
    request = RequestFactory().get("/admin/annotate/annotation/")
    request.user = other_editor
    admin = site._registry[Annotation]
    assert {a.editor for a in admin.get_queryset(request)} == {other_editor}
    blind.set_finished(other_editor, True)
    assert {a.editor for a in admin.get_queryset(request)} == {editor, other_editor}


def test_admin_is_closed_to_editors_who_are_not_leads(client_for, other_editor, blind):
    response = client_for(other_editor).get("/admin/annotate/annotation/")
    assert response.status_code == 302 and "/login/" in response.url


def test_blind_list_shows_an_editor_their_own_counts(client_for, other_editor, blind):
    html = client_for(other_editor).get(reverse("annotate:article_list")).content.decode()
    assert "hype 0" in html and "fact 1" in html
    assert 'data-label="disputed"' not in html  # nor any count from the others' layers
    assert 'class="says" data-th="What it says">—<' in html


def test_list_query_count_does_not_grow_with_finished_or_blind_articles(
    client_for, editor, other_editor, make_article
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(other_editor)
    url = reverse("annotate:article_list")
    make_article()
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for i in range(10):
        article = make_article(title=f"Blind {i}", blind=i % 2 == 0)
        tag(article, editor, SECOND, "hype")
        tag(article, other_editor, THIRD, "fact")
        article.set_finished(editor, True)
        if i % 3 == 0:
            article.set_finished(other_editor, True)
    assert count() == few
