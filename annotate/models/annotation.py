"""An annotation: one editor's label on a span of an article's text."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from annotate.models import history
from annotate.models.choices import Label
from annotate.models.leads import is_lead


class Conflict(Exception):
    """A change refused because the row moved on since the editor saw it (HTTP 409).
    The message says what happened and what to do, for the editor to read."""


TEXT_CHANGED = (
    "The article's text was edited while you were looking, so your tag was not saved. "
    "Reload the page and tag again."
)
TAG_REMOVED = "This tag was removed while you were looking; reload to see the page as it is."
NOT_ORPHANED = "This tag is in the text already (someone found it again): reload to see it."


def tag_changed(current: Annotation) -> Conflict:
    return Conflict(
        f"Someone changed this tag to “{current.get_label_display()}” while you were "
        "looking, so your change was not saved. Reload to see it, then try again."
    )


class AnnotationQuerySet(models.QuerySet):
    def editable_by(self, user) -> AnnotationQuerySet:
        return self if is_lead(user) else self.filter(editor=user)

    def visible_to(self, user, article) -> AnnotationQuerySet:
        """What `user` may see of `article`'s tags: everything, but in a blind article an
        editor's own layer only, until they finish it. Every way in reads through this."""
        return self.filter(editor=user) if article.hides_others_from(user) else self


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
    # When a text edit moved the tag onto changed words (or an editor found an orphan
    # again): kept apart from updated_at, since moving a tag is not its editor's change.
    reanchored_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The suggester whose suggestion the editor accepted to make this tag ("cues/1",
    # "learned/3", a newsroom's own), or "" for a tag the editor made themselves.
    suggested_by = models.CharField(max_length=100, blank=True, default="")
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
        indexes = [
            # The live tags overlapping a span (start < its end, end > its start): a tag's
            # recount window, the paragraphs an htmx answer redraws. The article's every tag
            # was read otherwise, 2,000 rows for a window of ten.
            models.Index(
                fields=["article", "start", "end"],
                condition=Q(orphaned=False),
                name="annotation_live_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.quote[:60]}"

    def editable_by(self, user) -> bool:
        return self.editor_id == user.pk or is_lead(user)

    @transaction.atomic
    def change(self, *, seen_version: int, label: str, note: str | None = None, by=None) -> None:
        """A new label (and note, when given) from the version the editor saw, by `by`;
        Conflict when someone changed or removed the tag since. Recounts what the article
        says."""
        article, window, live = self._locked()
        if article is None:
            raise Conflict(TAG_REMOVED)
        if live is not None and live.version != seen_version:
            raise tag_changed(live)
        changes = {"label": label} if note is None else {"label": label, "note": note}
        old_label, old_note = (live or self).label, (live or self).note
        changes["updated_at"] = timezone.now()
        # One UPDATE: of two changes made from the same version, the second finds it moved on.
        changed = Annotation.objects.filter(pk=self.pk, version=seen_version).update(
            **changes, version=F("version") + 1
        )
        if not changed:
            current = Annotation.objects.filter(pk=self.pk).first()
            raise Conflict(TAG_REMOVED) if current is None else tag_changed(current)
        for name, value in changes.items():
            setattr(self, name, value)
        self.version = seen_version + 1
        if (old_label, old_note) != (self.label, self.note):
            history.record_tag_edit(article, by, self, old_label, old_note)
        if window is None:
            article.refresh_progress()
        else:
            span = (self.start, self.end)
            window.changed(self.editor_id, (*span, old_label), (*span, self.label))

    @transaction.atomic
    def remove(self, *, seen_version: int | None = None, by=None) -> None:
        """Delete the tag (from the version the editor saw, when given), by `by`, and
        recount the article's progress; Conflict when someone changed it since. Gone
        already: done."""
        article, window, live = self._locked()
        if article is None:
            return
        if live is not None and seen_version not in (None, live.version):
            raise tag_changed(live)
        rows = Annotation.objects.filter(pk=self.pk)
        if seen_version is not None:
            rows = rows.filter(version=seen_version)
        if rows.delete()[0]:
            before = history.tag_state(live or self, editor=self._editor_name(by))
            history.record(
                article=article, who=by, kind=history.Kind.TAG_REMOVED, annotation=self,
                before=before,
            )  # fmt: skip
        else:
            current = Annotation.objects.filter(pk=self.pk).first()
            if current is not None:  # changed since the page showed it: not ours to drop
                raise tag_changed(current)
            return  # removed already
        if window is None:
            article.refresh_progress()
        else:
            window.changed(self.editor_id, (live.start, live.end, live.label), None)

    def _locked(self):
        """Take the article's row lock (Article.lock), loading the article with it when
        this tag holds none yet, and read the tags on this tag's sentences. Returns the
        article (None: gone), that Window and this tag as stored now, when the tag is live
        and where this instance says; else the window is None: recount in full."""
        field = Annotation._meta.get_field("article")
        if field.is_cached(self):
            article, sha = self.article, self.article.lock()
        else:
            locked = field.related_model.objects.select_for_update().filter(pk=self.article_id)
            article = locked.first()
            sha = article.text_sha256 if article is not None else None
        if sha is None:
            return None, None, None
        self.article = article
        if sha != article.text_sha256 or self.orphaned:  # offsets from another text
            return article, None, None
        window = article.window(self.start, self.end)
        live = window.tag(self.pk)
        if live is None or (live.start, live.end) != (self.start, self.end):
            return article, None, None  # moved or orphaned by an edit, or removed
        return article, window, live

    def _editor_name(self, by) -> str:
        if by is not None and by.pk == self.editor_id:
            return by.get_username()  # the tag's editor is who removes it: no query
        return self.editor.get_username()

    @transaction.atomic
    def reattach(self, *, start: int, end: int, seen_sha: str | None = None, by=None) -> None:
        """Set an orphan down on [start, end) of the current text, keeping its uuid, label,
        note, editor and updated_at (a move, not a change of the tag). The offsets must have
        been checked against this text (AnnotationForm), as for a tag. Conflict when the
        text moved on, the tag is no orphan (any more), or its editor has a tag there."""
        articles = Annotation._meta.get_field("article").related_model.objects
        article = articles.select_for_update().get(pk=self.article_id)
        if article.text_sha256 != self.article.text_sha256 or seen_sha not in (
            None,
            article.text_sha256,
        ):
            raise Conflict(TEXT_CHANGED)
        current = Annotation.objects.filter(pk=self.pk).first()
        if current is None:
            raise Conflict(TAG_REMOVED)
        if not current.orphaned:
            raise Conflict(NOT_ORPHANED)
        taken = Annotation.objects.filter(
            article_id=self.article_id,
            editor_id=self.editor_id,
            start=start,
            end=end,
            orphaned=False,
        ).first()
        if taken is not None:
            raise Conflict(
                f"{self.editor.get_username()} has a tag on these words already "
                f"(“{taken.get_label_display()}”): remove that one first, or select other words."
            )
        changes = {
            "start": start,
            "end": end,
            "quote": article.text[start:end],
            "orphaned": False,
            "reanchored_at": timezone.now(),
        }
        Annotation.objects.filter(pk=self.pk).update(**changes)
        was = {"start": current.start, "end": current.end, "quote": current.quote, "orphaned": True}
        for name, value in changes.items():
            setattr(self, name, value)
        history.record(
            article=article, who=by, kind=history.Kind.TAG_REANCHORED, annotation=self,
            before=was, after={"start": start, "end": end, "quote": changes["quote"]},
        )  # fmt: skip
        article.refresh_progress()
