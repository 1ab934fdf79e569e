"""Adjudication: the review page, verdicts, accepting what editors agree on, and the queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.models import Article, Verdict
from tests.conftest import snapshot, tag
from tests.test_annotation_views import HTMX

pytestmark = pytest.mark.django_db

FIRST = "Acme Corp. said on Monday that its chip is 3.5x faster."
SECOND = "The company called it the greatest leap in computing history."
THIRD = "Analysts expect shipments to begin next year."


def review_url(article: Article) -> str:
    return reverse("annotate:article_review", args=[article.pk])


def verdicts_url(article: Article) -> str:
    return reverse("annotate:verdict_create", args=[article.pk])


def accept_url(article: Article) -> str:
    return reverse("annotate:verdicts_accept_unanimous", args=[article.pk])


def span(article: Article, quote: str) -> dict:
    start = article.text.index(quote)
    return {"start": start, "end": start + len(quote)}


@pytest.fixture
def carol(make_user):
    return make_user("carol")


@pytest.fixture
def finished(article, editor, other_editor, carol):
    """Three finished layers: all say fact on FIRST, hype/hype/fact on SECOND, carol alone
    tags THIRD (speculation against two nones); everything else is none all round."""
    tag(article, editor, FIRST, "fact")
    tag(article, other_editor, FIRST, "fact")
    tag(article, carol, FIRST, "fact")
    tag(article, editor, SECOND, "hype")
    tag(article, other_editor, SECOND, "hype")
    tag(article, carol, SECOND, "fact")
    tag(article, carol, THIRD, "speculation")
    for user in (editor, other_editor, carol):
        article.set_finished(user, True)
    article.refresh_from_db()
    return article


def row_html(html: str, index: int) -> str:
    start = html.rindex("<li", 0, html.index(f'id="r-{index}"'))
    return html[start : html.index("</div></li>", start)]


def sentence_index(article: Article, quote: str) -> int:
    return next(i for i, (s, e) in enumerate(article.sentences) if article.text[s:e] == quote)


# --- the review page ---------------------------------------------------------------------


def test_review_page_for_an_editor_is_the_403_page_with_its_reason(client_for, editor, article):
    response = client_for(editor).get(review_url(article))
    assert response.status_code == 403
    assert "Only a lead may review" in response.content.decode()
    assert "<title>Not allowed" in response.content.decode()


def test_review_page_shows_each_finished_editor_s_value_by_name(client_for, lead, finished):
    response = client_for(lead).get(review_url(finished))
    assert response.status_code == 200
    html = response.content.decode()
    second = row_html(html, sentence_index(finished, SECOND))
    assert "disputed" in second and 'data-majority="hype"' in second
    for name, label in (("alice", "hype"), ("bob", "hype"), ("carol", "fact")):
        who = f'<span class="who">{name}</span>'
        assert f'{who} <span class="badge" data-label="{label}">' in second
    first = row_html(html, sentence_index(finished, FIRST))
    assert "agreed" in first and "Agreed" in first and "disputed" not in first
    heading = row_html(html, 0)
    assert heading.count('data-label="none"') == 3  # finished and untagged: none
    assert "Finished by alice, bob, carol." in html


def test_review_page_leaves_out_unfinished_layers(client_for, lead, article, editor, other_editor):
    tag(article, editor, SECOND, "hype")
    tag(article, other_editor, SECOND, "fact")
    article.set_finished(editor, True)
    html = client_for(lead).get(review_url(article)).content.decode()
    second = row_html(html, sentence_index(article, SECOND))
    assert '<span class="who">alice</span>' in second and "bob" not in second
    assert "Agreement needs two finished layers" in html


# --- verdicts ----------------------------------------------------------------------------


def test_verdict_post_creates_then_replaces_the_verdict_on_that_span(
    client_for, lead, finished, editor
):
    client = client_for(lead)
    response = client.post(verdicts_url(finished), {**span(finished, SECOND), "label": "hype"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#r-{sentence_index(finished, SECOND)}")
    verdict = Verdict.objects.get()
    assert (verdict.label, verdict.decided_by, verdict.quote) == ("hype", lead, SECOND)
    hype_uuids = {str(a.uuid) for a in finished.annotations.filter(label="hype")}
    assert set(verdict.agrees_with) == hype_uuids and len(hype_uuids) == 2
    client.post(verdicts_url(finished), {**span(finished, SECOND), "label": "fact", "note": "n"})
    verdict = Verdict.objects.get()
    assert (verdict.label, verdict.note, verdict.version) == ("fact", "n", 2)
    finished.refresh_from_db()
    assert finished.sentence_labels["fact"] == 2 and finished.sentence_labels["disputed"] == 1


def test_verdict_with_htmx_returns_the_row_the_summary_and_a_message(client_for, lead, finished):
    response = client_for(lead).post(
        verdicts_url(finished), {**span(finished, SECOND), "label": "none"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    index = sentence_index(finished, SECOND)
    assert html.count('<li class="review-row') == 1
    row = row_html(html, index)
    assert 'hx-swap-oob="true"' in row and 'data-verdict="none"' in row and "decided" in row
    assert 'id="review-summary"' in html and "Decided “The company called it" in html
    assert Verdict.objects.get().label == "none"


@pytest.mark.parametrize(
    "data, status, says",
    [
        ({"label": "gossip"}, 400, "label"),
        ({"label": "hype", "start": 0, "end": 10_000}, 400, "not inside the text"),
        ({"label": "hype", "start": 5, "end": 5}, 400, "not inside the text"),
        ({"label": "hype", "quote": "something else"}, 400, "does not match"),
    ],
)
def test_bad_verdicts_are_400_with_a_message_and_write_nothing(
    client_for, lead, finished, data, status, says
):
    client = client_for(lead)
    before = snapshot()
    response = client.post(verdicts_url(finished), {**span(finished, SECOND), **data})
    assert response.status_code == status
    assert says in response.content.decode()
    assert not Verdict.objects.exists() and snapshot() == before


def test_verdict_from_an_editor_is_403_with_a_message_and_writes_nothing(
    client_for, editor, finished
):
    client = client_for(editor)
    before = snapshot()
    response = client.post(verdicts_url(finished), {**span(finished, SECOND), "label": "hype"})
    assert response.status_code == 403
    assert "Only a lead" in response.content.decode()
    assert not Verdict.objects.exists() and snapshot() == before


def test_verdict_delete_removes_it_and_the_sentence_is_disputed_again(client_for, lead, finished):
    client = client_for(lead)
    client.post(verdicts_url(finished), {**span(finished, SECOND), "label": "hype"})
    verdict = Verdict.objects.get()
    url = reverse("annotate:verdict_delete", args=[finished.pk, verdict.pk])
    response = client.post(url, **HTMX)
    assert response.status_code == 200 and "Removed the verdict" in response.content.decode()
    assert not Verdict.objects.exists()
    finished.refresh_from_db()
    assert finished.sentence_labels["disputed"] == 2


def test_verdict_delete_by_an_editor_is_403_and_of_another_article_404(
    client_for, lead, editor, finished, make_article
):
    verdict = finished.decide(lead=lead, label="hype", **span(finished, SECOND))
    url = reverse("annotate:verdict_delete", args=[finished.pk, verdict.pk])
    assert client_for(editor).post(url).status_code == 403
    other = make_article()
    elsewhere = reverse("annotate:verdict_delete", args=[other.pk, verdict.pk])
    assert client_for(lead).post(elsewhere).status_code == 404
    assert Verdict.objects.count() == 1


# --- accepting what all finished editors agree on ----------------------------------------


def test_accept_unanimous_decides_agreed_sentences_none_included(client_for, lead, finished):
    response = client_for(lead).post(accept_url(finished), follow=True)
    agreed = len(finished.sentences) - 2  # SECOND and THIRD are disputed
    assert f"{agreed} sentences decided." in response.content.decode()
    verdicts = {v.quote: v for v in Verdict.objects.all()}
    assert len(verdicts) == agreed and SECOND not in verdicts and THIRD not in verdicts
    assert verdicts[FIRST].label == "fact" and len(verdicts[FIRST].agrees_with) == 3
    assert verdicts["Acme Unveils a Chip"].label == "none"
    assert verdicts["Acme Unveils a Chip"].agrees_with == []
    assert all(v.decided_by == lead for v in verdicts.values())
    finished.refresh_from_db()
    assert finished.sentence_labels["disputed"] == 2
    # Again: nothing left to accept, nothing changes.
    response = client_for(lead).post(accept_url(finished), follow=True)
    assert "0 sentences decided." in response.content.decode()
    assert Verdict.objects.count() == agreed


def test_accept_unanimous_keeps_a_lead_s_verdict(lead, finished):
    verdict = finished.decide(lead=lead, label="hype", **span(finished, FIRST))
    finished.accept_unanimous(lead)
    verdict.refresh_from_db()
    assert verdict.label == "hype" and verdict.version == 1


def test_accept_unanimous_needs_two_finished_layers(lead, article, editor, other_editor):
    tag(article, editor, FIRST, "fact")
    tag(article, other_editor, FIRST, "fact")
    article.set_finished(editor, True)
    assert article.accept_unanimous(lead) == 0
    assert not Verdict.objects.exists()


def test_accept_unanimous_with_htmx_redraws_every_row(client_for, lead, finished):
    response = client_for(lead).post(accept_url(finished), **HTMX)
    html = response.content.decode()
    assert html.count('<li class="review-row') == len(finished.sentences)
    assert 'id="review-rows"' in html and "sentences decided." in html


def test_accept_unanimous_by_an_editor_is_403_and_writes_nothing(client_for, editor, finished):
    assert client_for(editor).post(accept_url(finished)).status_code == 403
    assert not Verdict.objects.exists()


# --- the queue ---------------------------------------------------------------------------


def test_queue_lists_articles_with_open_disputes_most_first(
    client_for, lead, editor, other_editor, make_article, finished
):
    one = make_article(title="One dispute")
    tag(one, editor, SECOND, "hype")
    tag(one, other_editor, SECOND, "fact")
    for user in (editor, other_editor):
        one.set_finished(user, True)
    unfinished = make_article(title="Only one finished")
    tag(unfinished, editor, SECOND, "hype")
    tag(unfinished, other_editor, SECOND, "fact")
    unfinished.set_finished(editor, True)
    settled = make_article(title="Settled")
    tag(settled, editor, SECOND, "hype")
    tag(settled, other_editor, SECOND, "fact")
    for user in (editor, other_editor):
        settled.set_finished(user, True)
    settled.decide(lead=lead, label="hype", **span(settled, SECOND))
    html = client_for(lead).get(reverse("annotate:review_queue")).content.decode()
    assert html.index(finished.title) < html.index("One dispute")
    assert "Only one finished" not in html and "Settled" not in html
    assert reverse("annotate:article_review", args=[one.pk]) in html


def test_queue_for_an_editor_is_403(client_for, editor):
    response = client_for(editor).get(reverse("annotate:review_queue"))
    assert response.status_code == 403 and "Only a lead" in response.content.decode()


def test_nav_and_panel_link_to_review_for_leads_only(client_for, lead, editor, article):
    queue = reverse("annotate:review_queue")
    html = client_for(lead).get(article.get_absolute_url()).content.decode()
    assert f'href="{queue}"' in html and f'href="{review_url(article)}"' in html
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert f'href="{queue}"' not in html and review_url(article) not in html


def test_review_page_escapes_notes_and_names(client_for, lead, finished, make_user):
    finished.decide(
        lead=lead, label="hype", note="<script>alert(1)</script>", **span(finished, SECOND)
    )
    html = client_for(lead).get(review_url(finished)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_verdict_from_a_page_drawn_before_a_text_edit_is_409(client_for, lead, finished):
    response = client_for(lead).post(
        verdicts_url(finished),
        {**span(finished, SECOND), "label": "hype"},
        HTTP_X_ARTICLE_SHA="0" * 64,
        **HTMX,
    )
    assert response.status_code == 409 and "text was edited" in response.content.decode()
    assert not Verdict.objects.exists()
