"""Agreement through HTTP and the command: one article's JSON, the pooled JSON and page
over an export's filters, `manage.py agreement`; figures worked out by hand."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotate.models import Article
from tests.conftest import tag

pytestmark = pytest.mark.django_db

SECOND = "The company called it the greatest leap in computing history."
THIRD = "Analysts expect shipments to begin next year."
KAPPA = 13 / 19  # p_o 5/6, p_e 17/36 over the six body sentences (see two_finished)


def two_finished(article: Article, alice, bob) -> Article:
    """alice: hype, speculation; bob: hype, fact; both finished. Of the six body
    sentences (the headline counts in none) they agree on five (the hype and four
    untagged), and differ on one."""
    tag(article, alice, SECOND, "hype")
    tag(article, alice, THIRD, "speculation")
    tag(article, bob, SECOND, "hype")
    tag(article, bob, THIRD, "fact")
    article.set_finished(alice, True)
    article.set_finished(bob, True)
    return article


def url(article: Article) -> str:
    return reverse("annotate:article_agreement", args=[article.pk])


def test_article_agreement_json_has_the_documented_shape_and_figures(
    client_for, editor, other_editor, article
):
    two_finished(article, editor, other_editor)
    result = client_for(editor).get(url(article)).json()
    assert set(result) == {
        "unit", "blind", "editors", "sentences", "alpha", "gwet_ac1", "percent_agreement",
        "pairs", "labels", "disputed", "reason",
    }  # fmt: skip
    assert (result["unit"], result["blind"], result["editors"]) == (
        "sentence",
        False,
        ["alice", "bob"],
    )
    assert result["sentences"] == 6
    assert result["percent_agreement"] == pytest.approx(5 / 6)
    [pair] = result["pairs"]
    assert pair["editors"] == ["alice", "bob"] and pair["n"] == 6
    assert pair["cohen_kappa"] == pytest.approx(KAPPA)
    assert pair["span_f1_exact"] == pair["span_f1_overlap"] == pytest.approx(0.5)
    start = article.text.index(THIRD)
    assert result["disputed"] == [[start, start + len(THIRD)]]
    assert set(result["labels"]) == {"fact", "speculation", "hype"}
    assert result["reason"] is None and result["alpha"] > 0


def test_article_agreement_with_one_finished_layer_is_null_with_a_reason(
    client_for, editor, other_editor, article
):
    tag(article, editor, SECOND, "hype")
    tag(article, other_editor, SECOND, "fact")
    article.set_finished(editor, True)
    result = client_for(editor).get(url(article)).json()
    assert result["alpha"] is None and result["pairs"] == [] and result["editors"] == ["alice"]
    assert "fewer than two finished layers" in result["reason"]


def test_article_agreement_says_it_was_measured_on_blind_work(
    client_for, editor, other_editor, lead, article
):
    two_finished(article, editor, other_editor)
    article.set_blind(True)
    assert client_for(lead).get(url(article)).json()["blind"] is True


def test_article_agreement_of_a_missing_article_is_404(client_for, editor):
    assert (
        client_for(editor).get(reverse("annotate:article_agreement", args=[999])).status_code == 404
    )


def test_article_agreement_query_count_does_not_grow_with_editors(
    client_for, editor, other_editor, make_user, article
):
    two_finished(article, editor, other_editor)
    client = client_for(editor)
    client.get(url(article))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(article)).status_code == 200
        return len(queries)

    few = count()
    for name in ("carol", "dan", "erin"):
        user = make_user(name)
        tag(article, user, SECOND, "fact")
        article.set_finished(user, True)
    # The session, the user, the article, its annotations and its layers.
    assert count() == few == 5


def test_pooled_agreement_json_follows_the_export_filters_and_scores_against_verdicts(
    client_for, editor, other_editor, lead, make_article
):
    measured = two_finished(
        make_article(title="Measured", status="in_review"), editor, other_editor
    )
    start = measured.text.index(THIRD)
    measured.decide(lead=lead, start=start, end=start + len(THIRD), label="fact")
    two_finished(make_article(title="Draft"), other_editor, editor)  # status draft: left out
    client = client_for(lead)
    result = client.get(reverse("annotate:agreement_json") + "?status=in_review").json()
    assert result["articles"] == result["articles_measured"] == 1
    assert result["editors"] == ["alice", "bob"] and result["sentences"] == 6
    [pair] = result["pairs"]
    assert pair["cohen_kappa"] == pytest.approx(KAPPA)
    accuracy = {row["editor"]: (row["n"], row["accuracy"]) for row in result["accuracy"]}
    assert accuracy == {"alice": (1, 0.0), "bob": (1, 1.0)}  # the verdict is bob's fact
    both = client.get(reverse("annotate:agreement_json")).json()
    assert both["articles"] == 2 and both["sentences"] == 12


def test_pooled_agreement_with_a_bad_filter_is_400(client_for, editor):
    response = client_for(editor).get(reverse("annotate:agreement_json") + "?status=nope")
    assert response.status_code == 400 and "status" in response.content.decode()


def test_pooled_agreement_query_count_does_not_grow_with_articles(
    client_for, editor, other_editor, make_article
):
    two_finished(make_article(), editor, other_editor)
    client = client_for(editor)
    client.get(reverse("annotate:agreement_json"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("annotate:agreement_json")).status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        two_finished(make_article(), editor, other_editor)
    assert count() == few


def test_agreement_page_explains_each_measure_and_links_each_article(
    client_for, editor, other_editor, make_article
):
    article = two_finished(make_article(title="Measured one"), editor, other_editor)
    make_article(title="Not measured")
    html = client_for(editor).get(reverse("annotate:agreement")).content.decode()
    assert "Krippendorff" in html and "0.67 means they disagree a third as often" in html
    assert "Gwet&#x27;s AC1" in html or "Gwet's AC1" in html
    assert "Cohen&#x27;s kappa" in html or "Cohen's kappa" in html
    assert f"{KAPPA:.3f}" in html
    assert f'data-agreement-of="{article.pk}"' in html and "Not measured" not in html
    assert reverse("annotate:article_agreement", args=[article.pk]) in html


def test_agreement_page_with_nothing_finished_says_why(client_for, editor, article):
    html = client_for(editor).get(reverse("annotate:agreement")).content.decode()
    assert "Fewer than two finished layers" in html


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("agreement", *args, stdout=out)
    return out.getvalue()


def test_agreement_command_prints_the_pooled_json(editor, other_editor, make_article):
    article = two_finished(make_article(), editor, other_editor)
    make_article(status="done")
    result = json.loads(run("--article", str(article.pk)))
    assert result["articles"] == 1 and result["pairs"][0]["cohen_kappa"] == pytest.approx(KAPPA)
    assert json.loads(run("--status", "done"))["articles_measured"] == 0


def test_agreement_command_writes_csv_rows_for_all_labels_pairs_and_editors(
    editor, other_editor, make_article
):
    two_finished(make_article(), editor, other_editor)
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv"))))
    scopes = [row["scope"] for row in rows]
    assert scopes == [
        "all",
        "label:fact",
        "label:speculation",
        "label:hype",
        "pair",
        "editor",
        "editor",
    ]
    pair = rows[4]
    assert (pair["editor"], pair["other_editor"], pair["n"]) == ("alice", "bob", "6")
    assert float(pair["cohen_kappa"]) == pytest.approx(KAPPA)
    assert rows[0]["cohen_kappa"] == ""  # no figure: an empty cell, not "None"


def test_agreement_command_names_a_missing_article(article):
    with pytest.raises(CommandError, match="No article with id 999"):
        run("--article", "999")
