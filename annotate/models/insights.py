"""Insights' rows from the columns every change keeps (`Article.sentence_labels`,
`Layer.counts`, `Article.words`), summed by the database: one query returning a row per
group, whatever the number of articles or tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Count, DateField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate, TruncMonth

from annotate import insights
from annotate.models.functions import JSONArrayLength, JSONKeyInteger
from annotate.models.review import Layer

if TYPE_CHECKING:
    from annotate.models.article import ArticleQuerySet

# The keys of an editor's own counts (`Layer.counts`); insights.layer_counts reads them.
LAYER_KEYS = ("hype", "speculation", "fact", "none", "missing")


def _summed(field: str, key: str):
    """The sum of one key of a JSON column; 0 where no row has it."""
    return Coalesce(Sum(JSONKeyInteger(field, key)), 0)


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
        rows = (
            layers.order_by()
            .values("editor__username")
            .annotate(
                n=Count("pk"),
                n_words=Coalesce(Sum("article__words"), 0),
                **{key: _summed("counts", key) for key in LAYER_KEYS},
            )
            .values_list("editor__username", "n", "n_words", *LAYER_KEYS)
        )
        return insights.totals(
            (
                (name, n, words, insights.layer_counts(dict(zip(LAYER_KEYS, sums, strict=True))))
                for name, n, words, *sums in rows
            ),
            by,
        )
    if by == "outlet":
        key = F("outlet")
    elif by == "month":
        # The month published, else of the day added (in the current time zone).
        key = TruncMonth(
            Coalesce("published_on", TruncDate("created_at"), output_field=DateField())
        )
    else:
        raise ValueError(
            f"unknown grouping {by!r}; expected one of {', '.join(insights.GROUPINGS)}"
        )
    # An article nobody has tagged yet has no counts stored: its sentences (headings aside)
    # are all untagged.
    untagged = Case(
        When(
            Q(sentence_labels={}), then=JSONArrayLength("sentences") - JSONArrayLength("headings")
        ),
        default=JSONKeyInteger("sentence_labels", "none"),
    )
    rows = (
        articles.order_by()
        .values(group=key)
        .annotate(
            n=Count("pk"),
            n_words=Coalesce(Sum("words"), 0),
            # as insights.article_counts: `none` is untagged
            **{c: _summed("sentence_labels", c) for c in insights.CATEGORIES[:-1]},
            untagged=Coalesce(Sum(untagged), Value(0)),
        )
        .values_list("group", "n", "n_words", *insights.CATEGORIES)
    )
    return insights.totals(
        (
            (
                group if by == "outlet" else f"{group:%Y-%m}",
                n,
                words,
                dict(zip(insights.CATEGORIES, sums, strict=True)),
            )
            for group, n, words, *sums in rows
        ),
        by,
    )
