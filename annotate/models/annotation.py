"""An annotation: one editor's label on a span of an article's text."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from annotate.models.choices import Label
from annotate.models.leads import is_lead


class AnnotationQuerySet(models.QuerySet):
    def editable_by(self, user) -> AnnotationQuerySet:
        return self if is_lead(user) else self.filter(editor=user)


class Annotation(models.Model):
    article = models.ForeignKey(
        "annotate.Article", on_delete=models.CASCADE, related_name="annotations"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )
    start = models.PositiveIntegerField(help_text="Code point offset into the article text.")
    end = models.PositiveIntegerField(help_text="Code point offset, exclusive.")
    quote = models.TextField(help_text="text[start:end] when tagged; kept to re-anchor.")
    label = models.CharField(max_length=20, choices=Label.choices)
    note = models.CharField(max_length=500, blank=True)
    # Set when an edit of the article's text lost this annotation's quote: start and end
    # are then offsets into the old text, and the annotation is listed for an editor to fix.
    orphaned = models.BooleanField(default=False)
    # Bumped by every change of label or note: a relabel or removal that names the version
    # its page showed is refused (409) when someone changed the tag since.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["start", "end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(end__gt=F("start")), name="annotation_span_valid"
            ),
            models.CheckConstraint(
                condition=Q(label__in=Label.values), name="annotation_label_valid"
            ),
            # Orphaned annotations hold stale offsets: they may not block a live one.
            models.UniqueConstraint(
                fields=["article", "editor", "start", "end"],
                condition=Q(orphaned=False),
                name="annotation_one_per_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.quote[:60]}"

    def editable_by(self, user) -> bool:
        return self.editor_id == user.pk or is_lead(user)
