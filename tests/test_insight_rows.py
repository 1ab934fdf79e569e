"""Insights summed by the database give what adding up each article's columns gives."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from annotate import insights
from annotate.models import Annotation, Article, Layer

pytestmark = pytest.mark.django_db

TEXT = (
    "Acme Corp. said on Monday that its chip is 3.5x faster. The company called it the "
    "greatest leap in computing history. It could ship next year.\n\nRivals will respond. "
    "Analysts were not impressed."
)


def article_by_article(articles, by: str, editor=None) -> list[insights.Row]:
    """The rule as the columns state it, added up in Python one article at a time."""
    if by == "editor":
        layers = Layer.objects.filter(article__in=articles).select_related("editor", "article")
        if editor is not None:
            layers = layers.filter(editor=editor)
        return insights.group(
            ((x.editor.username, insights.layer_counts(x.counts), x.article.words) for x in layers),
            by,
        )
    return insights.group(
        (
            (
                a.outlet
                if by == "outlet"
                else insights.month_of(a.published_on, timezone.localdate(a.created_at)),
                insights.article_counts(a.sentence_labels, a.sentences_total),
                a.words,
            )
            for a in articles
        ),
        by,
    )


@pytest.mark.parametrize("seed", range(3))
def test_sums_by_the_database_match_the_articles_added_up_one_by_one(
    seed, make_user, make_article, lead
):
    rng = random.Random(seed)
    editors = [make_user(name) for name in ("ann", "ben", "cy")]
    for n in range(24):
        published = date(2026, rng.randint(1, 12), rng.randint(1, 28))
        article = make_article(
            text=TEXT if n % 3 else "# Heading\n\n" + TEXT,
            outlet=rng.choice(["Loud", "Calm", "", "Ünïcode"]),
            published_on=published if rng.random() < 0.6 else None,
        )
        # Added around a month's end, so that the time zone decides the month.
        added = datetime(2026, rng.randint(1, 12), 1, tzinfo=UTC)
        added -= timedelta(hours=rng.randint(0, 30))
        Article.objects.filter(pk=article.pk).update(created_at=added)
        if rng.random() < 0.2:
            continue  # nobody tagged it: no counts stored
        for person in rng.sample(editors, rng.randint(1, 3)):
            for start, end in rng.sample(article.sentences, rng.randint(0, 3)):
                Annotation.objects.create(
                    article=article, editor=person, start=start, end=end,
                    quote=article.text[start:end], label=rng.choice(insights.CATEGORIES[:3]),
                )  # fmt: skip
            article.set_finished(person, rng.random() < 0.5)
        if rng.random() < 0.3:
            start, end = article.sentences[-1]
            article.decide(lead=lead, start=start, end=end, label="fact")
    chosen = Article.objects.filter(outlet__in=["Loud", "", "Ünïcode"])
    for zone in ("UTC", "America/New_York"):
        with timezone.override(zone):
            for by in insights.GROUPINGS:
                for articles in (Article.objects.all(), chosen):
                    expected = article_by_article(articles, by)
                    assert articles.insights(by) == expected, (zone, by)
            only = article_by_article(Article.objects.all(), "editor", editors[1])
            assert Article.objects.insights("editor", editor=editors[1]) == only
