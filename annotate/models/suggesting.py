"""What the suggestions keep in the database: an editor's dismissals, a lead's cue settings
and phrases, and the learned suggester's coefficients (issue 14). Suggestions themselves
are never stored: they are computed from the text, and count as nothing until accepted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from annotate.suggestions import cues


class SuggestionDismissal(models.Model):
    """An editor's "no" to the suggestion on a sentence: hidden for that editor only.

    A row of its own rather than a JSON on the Layer: a Layer row means "this editor tagged
    or finished" and counts in agreement, and `refresh_progress` rewrites it on every tag;
    a dismissal is one INSERT, and the leads' page counts them per cue kind and label.
    `quote` pins the words: after a text edit moves them, the dismissal no longer applies.
    """

    article = models.ForeignKey(
        "annotate.Article", on_delete=models.CASCADE, related_name="dismissals"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dismissals"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    label = models.CharField(max_length=20, help_text="The label the suggestion had.")
    suggester = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(end__gt=F("start")), name="dismissal_span_valid"
            ),
            models.UniqueConstraint(
                fields=["article", "editor", "start", "end"], name="dismissal_one_per_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.editor} dismissed {self.label} on {self.quote[:60]}"


class CueKindSwitch(models.Model):
    """A cue kind a lead switched off for the newsroom (no row: on)."""

    kind = models.CharField(max_length=30, unique=True, choices=[(k, k) for k in cues.KINDS])
    switched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    switched_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.kind} off"


class CuePhrase(models.Model):
    """A newsroom's own cue phrase: an extra lexicon entry of one cue kind."""

    phrase = models.CharField(max_length=100, unique=True, help_text="Lowercase words.")
    kind = models.CharField(max_length=30, choices=[(k, k) for k in cues.PHRASE_KINDS])
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "phrase"]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.kind})"


class LearnedSuggester(models.Model):
    """A trained classifier as plain numbers (never a pickle): its classes, intercepts and
    the coefficients of each feature it uses, with its cross-validated figures. The newest
    row is the one the pages use; `manage.py train_suggester` writes one only when it beats
    the cue suggester on held-out sentences."""

    created_at = models.DateTimeField(auto_now_add=True)
    model = models.JSONField(help_text="classes, intercept, coef {feature: [per class]}")
    figures = models.JSONField(default=dict, help_text="cross-validated, beside the cues'")
    sentences = models.PositiveIntegerField(help_text="training sentences")
    # Articles whose sentences it learned from: in a blind article an editor who has not
    # finished gets the cue suggester there, so no one else's layer can show through.
    trained_on = models.JSONField(default=list)

    class Meta:
        get_latest_by = "id"

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"learned/{self.pk}"
