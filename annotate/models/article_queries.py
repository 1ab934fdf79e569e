"""Article QuerySet: the list page's rows, the export's filters and documents, insights."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.db.models import Q

from annotate.models.adjudicating import ReviewQueueMixin
from annotate.models.annotation import Annotation
from annotate.models.documents import chunk_documents, one_snapshot
from annotate.models.measured import MeasuredQuerySet
from annotate.models.review import Layer

if TYPE_CHECKING:
    from annotate.models.article import Article


class ArticleQuerySet(ReviewQueueMixin, MeasuredQuerySet):
    def listed(self, user) -> ArticleQuerySet:
        """The list page's rows, in one query whatever their number, and one more for
        their layers: the finished ones and the user's own, all that the list shows."""
        layers = Layer.objects.filter(Q(finished_at__isnull=False) | Q(editor=user))
        return (
            self.select_related("created_by")
            .defer("text")
            .prefetch_related(
                models.Prefetch(
                    "layers", queryset=layers.select_related("editor").order_by("editor__username")
                )
            )
            .order_by("-created_at", "-id")
        )

    def filtered(
        self,
        *,
        ids: list[int] | None = None,
        status: str = "",
        label: str = "",
        editor: AbstractBaseUser | None = None,
        since: date | None = None,
        until: date | None = None,
        outlet: str = "",
        month: date | None = None,
    ) -> ArticleQuerySet:
        """Articles for an export. `label` and `editor` keep the articles with an annotation
        of that label (by that editor); dates are the day an article was added, inclusive;
        `outlet` is exact; `month` (its first day) is insights' month: of `published_on`,
        else of the day the article was added."""
        articles = self
        if ids:
            articles = articles.filter(pk__in=ids)
        if status:
            articles = articles.filter(status=status)
        if outlet:
            articles = articles.filter(outlet=outlet)
        if month:
            published = Q(published_on__year=month.year, published_on__month=month.month)
            added = Q(created_at__year=month.year, created_at__month=month.month)
            articles = articles.filter(published | Q(published_on__isnull=True) & added)
        if label or editor:
            spans = Annotation.objects.filter(article=models.OuterRef("pk"))
            spans = spans.filter(label=label) if label else spans
            spans = spans.filter(editor=editor) if editor else spans
            articles = articles.filter(models.Exists(spans))
        if since:
            articles = articles.filter(created_at__date__gte=since)
        if until:
            articles = articles.filter(created_at__date__lte=until)
        return articles

    def insights(self, by: str, *, editor: AbstractBaseUser | None = None) -> list:
        """These articles' sentences by the one rule, grouped `by` outlet, month or editor
        (annotate.insights.Row); read from the columns: a fixed number of queries."""
        from annotate.models.insights import insight_rows

        return insight_rows(self, by, editor=editor)

    def documents(
        self, *, chunk_size: int = 100, viewer=None, history: bool = False
    ) -> Iterator[dict]:
        """Each article as ``annotate.article/v1``, in id order, `chunk_size` rows at a time
        (a server-side cursor on PostgreSQL): memory does not grow with the number of rows.

        With a `viewer`, a blind article they have not finished holds their own layer only,
        by the rule of `AnnotationQuerySet.visible_to`; without one (the commands), all.

        Annotations are read as tuples, one query a chunk: building a model instance per
        annotation would take most of an export's time. All reads see one snapshot, so
        an edit committing mid-export cannot pair an old text with new offsets.
        `verdicts`: each document also carries the article's `verdicts` (DESIGN.md's
        shape), one more query a chunk, for the formats that write them (csv).
        `history`: each document holds the article's events too."""
        articles = self.order_by("id").select_related("created_by")
        with one_snapshot():
            chunk: list[Article] = []
            for article in articles.iterator(chunk_size=chunk_size):
                chunk.append(article)
                if len(chunk) == chunk_size:
                    yield from chunk_documents(chunk, viewer, history=history)
                    chunk = []
            yield from chunk_documents(chunk, viewer, history=history)
