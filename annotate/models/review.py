"""Layers and verdicts: each editor's tags on an article are their layer, which they may mark
finished ("read it all: what is untagged has no label"); a lead's verdict settles a span."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q

from annotate.models import history
from annotate.models.choices import Label

NONE = "none"  # a verdict, or a finished layer's value: read, and nothing to tag


class VerdictLabel(models.TextChoices):
    FACT = Label.FACT.value, Label.FACT.label
    SPECULATION = Label.SPECULATION.value, Label.SPECULATION.label
    HYPE = Label.HYPE.value, Label.HYPE.label
    NONE = NONE, "No label"


class Layer(models.Model):
    """One editor's layer on one article: whether it is finished, and its own counts.

    A row exists for every editor who has tagged or finished the article; `counts` (the
    editor's value per sentence, counted: fact, speculation, hype, none, and `missing` for
    sentences an unfinished layer leaves open) is kept in step by
    `Article.refresh_progress`, so pages and insights read a column, not the annotations.
    """

    article = models.ForeignKey("annotate.Article", on_delete=models.CASCADE, related_name="layers")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="layers"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "editor"], name="layer_one_per_editor")
        ]

    def __str__(self) -> str:
        return f"{self.editor} on {self.article_id}" + (" (finished)" if self.finished else "")

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class Verdict(models.Model):
    """A lead's decision on a span: a label, or `none`. One per span of an article."""

    article = models.ForeignKey(
        "annotate.Article", on_delete=models.CASCADE, related_name="verdicts"
    )
    start = models.PositiveIntegerField(help_text="Code point offset into the article text.")
    end = models.PositiveIntegerField(help_text="Code point offset, exclusive.")
    quote = models.TextField(help_text="text[start:end] when decided.")
    label = models.CharField(max_length=20, choices=VerdictLabel.choices)
    note = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    decided_at = models.DateTimeField()
    # The uuids of the annotations on the span whose label the verdict confirms.
    agrees_with = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["start", "end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(end__gt=F("start")), name="verdict_span_valid"
            ),
            models.CheckConstraint(
                condition=Q(label__in=VerdictLabel.values), name="verdict_label_valid"
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="verdict_one_per_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.quote[:60]}"

    @transaction.atomic
    def remove(self, *, by=None) -> None:
        """Delete the verdict (by `by`) and recount what the article says."""
        article = type(self).article.field.related_model.objects.select_for_update()
        locked = article.get(pk=self.article_id)
        if Verdict.objects.filter(pk=self.pk).delete()[0]:
            history.record(
                article=locked, who=by, kind=history.Kind.VERDICT_REMOVED, verdict=self,
                before=history.verdict_state(self),
            )  # fmt: skip
        locked.refresh_progress()
