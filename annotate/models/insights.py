"""Insights' rows from the columns every change keeps (`Article.sentence_labels`,
`Layer.counts`, `Article.words`): one query, whatever the number of articles or tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from annotate import insights
from annotate.models.functions import JSONArrayLength
from annotate.models.review import Layer

if TYPE_CHECKING:
    from annotate.models.article import ArticleQuerySet


def insight_rows(
    articles: ArticleQuerySet, by: str, *, editor: AbstractBaseUser | None = None
) -> list[insights.Row]:
    """`by` outlet or month: what each article says by the one rule; `by` editor: each
    editor's own layer, over the articles they tagged or finished (only `editor`'s, when
    given)."""
    if by == "editor":
        layers = Layer.objects.filter(article__in=articles.order_by().values("pk"))
        if editor is not None:
            layers = layers.filter(editor=editor)
        rows = layers.values_list("editor__username", "counts", "article__words")
        return insights.group(
            ((name, insights.layer_counts(counts), words) for name, counts, words in rows), by
        )
    # The number of sentences (headings aside), for articles nobody has tagged yet: they
    # have no counts stored.
    body = JSONArrayLength("sentences") - JSONArrayLength("headings")
    articles = articles.order_by().annotate(n_sentences=body)
    if by == "outlet":
        rows = articles.values_list("outlet", "sentence_labels", "n_sentences", "words")
        return insights.group(
            (
                (outlet, insights.article_counts(labels, n), words)
                for outlet, labels, n, words in rows
            ),
            by,
        )
    if by == "month":
        rows = articles.values_list(
            "published_on", "created_at", "sentence_labels", "n_sentences", "words"
        )
        return insights.group(
            (
                (
                    insights.month_of(published, timezone.localdate(added)),
                    insights.article_counts(labels, n),
                    words,
                )
                for published, added, labels, n, words in rows
            ),
            by,
        )
    raise ValueError(f"unknown grouping {by!r}; expected one of {', '.join(insights.GROUPINGS)}")
