"""Adjudication on the article: the review page's rows, accepting what editors agree on, and
the queue of articles waiting for a lead. Mixed into Article and ArticleQuerySet."""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from django.db import models, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from annotate import adjudication, agreement
from annotate.models import history
from annotate.models.review import NONE, Layer, Verdict


class Review(NamedTuple):
    """What the review page shows of an article (or of a run of its sentences)."""

    editors: list[str]  # the finished layers' editors, by name
    rows: list[adjudication.Row]
    verdicts: list[Verdict]  # Row.verdict indexes this list


class ReviewQueueMixin:
    def awaiting_review(self) -> models.QuerySet:
        """Articles with two finished layers or more and disputed sentences no verdict
        settles (``sentence_labels["disputed"]``, kept by refresh_progress), most first."""
        finished = (
            Layer.objects.filter(article=OuterRef("pk"), finished_at__isnull=False)
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.defer("text")
            .annotate(
                n_finished=Coalesce(Subquery(finished), 0),
                n_disputed=Coalesce(Cast(KT("sentence_labels__disputed"), IntegerField()), 0),
            )
            .filter(n_finished__gte=2, n_disputed__gt=0)
            .order_by("-n_disputed", "-created_at", "-id")
        )


class Adjudicating:
    def review(self, *, sentences: range | None = None) -> Review:
        """The finished editors' values for each sentence (or those in ``sentences``), and
        the verdicts: three queries, whatever the number of editors and annotations."""
        chosen = range(len(self.sentences)) if sentences is None else sentences
        spans = self.sentences[chosen.start : chosen.stop]
        layers = list(
            Layer.objects.filter(article=self, finished_at__isnull=False)
            .select_related("editor")
            .order_by("editor__username")
        )
        by_editor: dict[int, list[agreement.Span]] = {layer.editor_id: [] for layer in layers}
        # Unordered (the values do not depend on the order) and the editors picked here: on
        # SQLite `editor_id IN` and a sort cost more than the few rows of unfinished layers.
        rows = self.annotations.filter(orphaned=False).order_by()
        if sentences is not None and spans:
            rows = rows.filter(start__lt=spans[-1][1], end__gt=spans[0][0])
        for editor_id, start, end, label in rows.values_list("editor_id", "start", "end", "label"):
            if editor_id in by_editor:
                by_editor[editor_id].append((start, end, label))
        verdicts = list(self.verdicts.select_related("decided_by"))
        views = [
            agreement.Layer(layer.editor.get_username(), by_editor[layer.editor_id], True)
            for layer in layers
        ]
        spans_of = [(v.start, v.end, v.label) for v in verdicts]
        return Review(
            editors=[view.editor for view in views],
            rows=adjudication.review_rows(spans, views, spans_of, first=chosen.start),
            verdicts=verdicts,
        )

    @transaction.atomic
    def accept_unanimous(self, lead) -> int:
        """Turn every sentence all finished editors (two or more) agree on, and that no
        verdict settles yet, into a verdict on the sentence's span, `none` included.
        Returns how many were decided."""
        # The row as it is under the lock: an edit of the text may have committed since.
        article = type(self).objects.select_for_update().get(pk=self.pk)
        accepted = adjudication.unanimous(article.review().rows)
        if not accepted:
            return 0
        label_of = {row.index: row.values[0][1] for row in accepted}
        agrees: dict[int, list[str]] = {i: [] for i in label_of}
        sentences = article.sentences
        ends = [end for _, end in sentences]
        tagged = article.annotations.filter(orphaned=False, label__in=set(label_of.values()))
        for start, end, label, uuid in tagged.order_by("start", "end", "id").values_list(
            "start", "end", "label", "uuid"
        ):
            i = bisect_right(ends, start)
            while i < len(ends) and sentences[i][0] < end:
                if label_of.get(i) == label:
                    agrees[i].append(str(uuid))
                i += 1
        now = timezone.now()
        made = Verdict.objects.bulk_create(
            Verdict(
                article=article,
                start=row.start,
                end=row.end,
                quote=article.text[row.start : row.end],
                label=label_of[row.index],
                decided_by=lead,
                decided_at=now,
                agrees_with=[] if label_of[row.index] == NONE else agrees[row.index],
            )
            for row in accepted
        )
        history.record_verdicts(article, lead, made)
        article.refresh_progress()
        self.sentence_labels = article.sentence_labels
        return len(accepted)
