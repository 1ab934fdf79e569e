"""The article's shares on the list and the panel, the list's filters and hype sort, the
report, and the words column."""

from __future__ import annotations

import importlib
import json
import re
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from annotate.models import Article
from tests.conftest import TEXT, tag

pytestmark = pytest.mark.django_db

HYPE = "The company called it the greatest leap in computing history."
FACT = "Acme Corp. said on Monday that its chip is 3.5x faster."


def list_titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<td><a href="/articles/\d+/">([^<]*)</a>', response.content.decode())


def test_list_sorts_by_hype_share_highest_first(client_for, editor, make_article):
    some = make_article(title="Some")
    tag(some, editor, HYPE, "hype")
    most = make_article(title="Most", text="Huge leap. Biggest ever.")
    tag(most, editor, "Huge leap.", "hype")
    make_article(title="None")
    response = client_for(editor).get(reverse("annotate:article_list"), {"sort": "hype"})
    assert list_titles(response) == ["Most", "Some", "None"]


def test_list_shows_each_article_s_share_bar(client_for, editor, article):
    tag(article, editor, HYPE, "hype")
    html = client_for(editor).get(reverse("annotate:article_list")).content.decode()
    cell = html.split('<td class="says" data-th="What it says">')[1].split("</td>")[0]
    n = article.sentences_total
    assert f"hype {round(100 / n)}%" in cell
    assert 'class="seg seg-hype"' in cell and "<title>hype: 1 sentence" in cell
    assert "style=" not in cell


def test_untagged_article_is_all_untagged_not_empty(client_for, editor, article):
    html = client_for(editor).get(reverse("annotate:article_list")).content.decode()
    cell = html.split('<td class="says" data-th="What it says">')[1].split("</td>")[0]
    assert "seg-untagged" in cell and "hype 0%" in cell


@pytest.mark.parametrize(
    "query, titles",
    [
        ({"outlet": "Loud"}, ["Loud, Sept"]),
        ({"month": "2026-09"}, ["Loud, Sept"]),
        ({"month": "2026-10"}, ["Calm, Oct"]),
        ({"editor": "bob"}, ["Calm, Oct"]),
        ({"month": "not a month"}, ["Calm, Oct", "Loud, Sept"]),  # ignored, like a bad status
        ({"editor": "nobody"}, ["Calm, Oct", "Loud, Sept"]),
    ],
)
def test_list_takes_outlet_month_and_editor(
    client_for, editor, other_editor, make_article, query, titles
):
    tag(
        make_article(title="Loud, Sept", outlet="Loud", published_on=date(2026, 9, 3)), editor, HYPE
    )
    tag(
        make_article(title="Calm, Oct", outlet="Calm", published_on=date(2026, 10, 3)),
        other_editor,
        FACT,
    )
    response = client_for(editor).get(reverse("annotate:article_list"), query)
    assert list_titles(response) == titles


def test_list_pages_and_exports_keep_the_filters(client_for, editor, make_article):
    for i in range(26):
        make_article(title=f"Story {i:02d}", outlet="Loud")
    html = (
        client_for(editor)
        .get(reverse("annotate:article_list"), {"outlet": "Loud"})
        .content.decode()
    )
    assert "?page=2&amp;outlet=Loud" in html
    assert "/export/?format=csv&amp;outlet=Loud" in html
    assert "Only articles with outlet <strong>Loud</strong>" in html


def test_panel_shows_the_share_bar_and_links_the_report(client_for, editor, article):
    tag(article, editor, HYPE, "hype")
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    panel = html.split('id="panel"')[1].split("</aside>")[0]
    assert 'data-share="hype">1<' in panel
    assert reverse("annotate:article_report", args=[article.pk]) in panel


def test_panel_fragment_after_a_tag_has_the_new_shares(client_for, editor, article):
    start = article.text.index(HYPE)
    response = client_for(editor).post(
        reverse("annotate:annotation_create", args=[article.pk]),
        {"start": start, "end": start + len(HYPE), "label": "hype"},
        HTTP_HX_REQUEST="true",
    )
    assert 'data-share="hype">1<' in response.content.decode()


def test_report_shows_resolved_labels_verdict_notes_and_people(
    client_for, editor, other_editor, lead, article
):
    tag(article, editor, HYPE, "hype")
    tag(article, other_editor, HYPE, "fact")  # disputed
    tag(article, editor, FACT, "fact")
    tag(article, other_editor, FACT, "hype")
    start = article.text.index(FACT)
    article.decide(lead=lead, start=start, end=start + len(FACT), label="fact", note="Filing seen.")
    article.set_finished(other_editor, True)
    response = client_for(editor).get(reverse("annotate:article_report", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    blocks = re.findall(r'<div class="report-sentence" data-label="(\w+)"', html)
    assert len(blocks) == article.sentences_total  # the headline is a heading, unlabelled
    assert '<h3 class="report-heading" data-index="0">Acme Unveils a Chip</h3>' in html
    index = [s for s, _ in article.body_sentences()].index(start)
    assert blocks[index] == "fact"
    assert blocks[index + 1] == "disputed"
    assert "Verdict: <strong>fact</strong> by lena" in html and "“Filing seen.”" in html
    people = html.split('id="people-title"')[1].split("</section>")[0]
    assert '<th scope="row">alice</th><td>open</td>' in people
    assert '<th scope="row">bob</th><td>finished</td>' in people
    assert "Decided by lena (1 verdict)." in people
    assert "<form" not in html.split("<main")[1].split("</main>")[0]  # read-only


def test_report_needs_a_login_and_an_article(client, client_for, editor, article):
    url = reverse("annotate:article_report", args=[article.pk])
    assert client.get(url).status_code == 302
    assert client_for(editor).get(reverse("annotate:article_report", args=[999])).status_code == 404


def test_words_are_counted_at_save_and_on_edit(article):
    assert article.words == len(TEXT.split())
    article.edit(seen_version=article.version, text="Three short words.")
    article.refresh_from_db()
    assert article.words == 3


def test_migration_fills_words_of_existing_articles(article):
    Article.objects.filter(pk=article.pk).update(words=0)
    migration = importlib.import_module("annotate.migrations.0006_insights_words")
    migration.fill(apps, None)
    article.refresh_from_db()
    assert article.words == len(TEXT.split())


def test_seed_demo_insights_makes_outlets_months_tags_and_verdicts(capsys):
    call_command("seed_demo", "--insights")
    assert "Insights demo: 48 new articles" in capsys.readouterr().out
    call_command("seed_demo", "--insights")  # idempotent
    assert "Insights demo: 0 new articles" in capsys.readouterr().out
    demo = Article.objects.exclude(outlet="The Demo Ledger")
    assert demo.values("outlet").distinct().count() == 4
    assert {a.published_on.month for a in demo} == set(range(6, 12))
    assert all(a.created_at.date() == a.published_on for a in demo)
    assert demo.filter(verdicts__isnull=False).exists()
    assert demo.filter(layers__finished_at__isnull=False).exists()
    loud = Article.objects.filter(outlet="Circuit Daily").insights("outlet")[0]
    calm = Article.objects.filter(outlet="The Ledger Review").insights("outlet")[0]
    assert loud.share("hype") > 2 * calm.share("hype")


def test_imported_articles_have_their_words(editor):
    from annotate.formats import parse
    from annotate.importing import import_documents

    article = {"title": "T", "text": "One two  three\n\nfour."}
    docs = parse(
        json.dumps({"format": "annotate.article/v1", "article": article, "annotations": []})
    )
    import_documents(docs, default_editor=editor.get_username())
    assert Article.objects.get(title="T").words == 4


def test_share_bar_html_is_the_bar_exactly():
    """The bar is written in Python (the list draws one a row): its exact HTML, for two
    categories of five (its label names those two, with no stray comma after them)."""
    from annotate import charts, insights
    from annotate.templatetags.shares import share_bar_html

    values = [3 if c == "hype" else 1 if c == "fact" else 0 for c in insights.CATEGORIES]
    cells = [
        (c, insights.CATEGORY_NAMES[c], v, round(100 * v / 4))
        for c, v in zip(insights.CATEGORIES, values, strict=True)
    ]
    shares = {
        "segments": charts.share_bar(values, insights.CATEGORIES),
        "wide_segments": [],
        "cells": cells,
        "sentences": 4,
    }
    hype, fact = (insights.CATEGORY_NAMES[c] for c in ("hype", "fact"))
    assert share_bar_html(shares, "small") == (
        '<span class="share-bar share-bar-small">\n  <svg viewBox="0 0 100 10" width="100"'
        f' height="10" role="img" aria-label="{hype} 75%, {fact} 25%">\n    '
        '<rect class="seg seg-hype" fill="url(#pat-hype)" x="0.0" y="0" width="75.0" height="10">'
        "<title>hype: 3 sentences (75%)</title></rect>"
        '<rect class="seg seg-fact" fill="url(#pat-fact)" x="75.0" y="0" width="25.0" height="10">'
        "<title>fact: 1 sentence (25%)</title></rect>\n  </svg>\n"
        '  <span class="share-text">hype 75%</span>\n</span>\n'
    )
