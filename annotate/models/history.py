"""History: one Event row for every change, written by the model method that makes the change,
in its transaction; an Import row for each import, which its rows' events refer to.

An event table of the app's own rather than django-simple-history (which misses bulk
writes and queryset updates, the app's fastest paths) or django-pghistory (PostgreSQL
triggers; the app also runs on SQLite). Events are never edited or deleted by the app but
by `prune_history`. Every write path adds its event with one call:

    record(article=article, who=user, kind=Kind.TAG_CREATED, annotation=tag, after=...)
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from annotate.models.functions import UtcText, UuidHex, dashed, iso_text_micro


class Kind(models.TextChoices):
    TAG_CREATED = "tag_created", "Tagged"
    TAG_RELABELLED = "tag_relabelled", "Relabelled"
    TAG_NOTE = "tag_note_changed", "Note changed"
    TAG_REMOVED = "tag_removed", "Removed"
    TAG_RESTORED = "tag_restored", "Restored"
    TAG_REANCHORED = "tag_reanchored", "Moved by a text edit"
    TAG_ORPHANED = "tag_orphaned", "Lost by a text edit"
    TAG_CHANGED = "tag_changed", "Changed"
    VERDICT_DECIDED = "verdict_decided", "Verdict decided"
    VERDICT_CHANGED = "verdict_changed", "Verdict changed"
    VERDICT_REMOVED = "verdict_removed", "Verdict removed"
    LAYER_FINISHED = "layer_finished", "Layer finished"
    LAYER_REOPENED = "layer_reopened", "Layer reopened"
    ARTICLE_PASTED = "article_pasted", "Article added"
    ARTICLE_EDITED = "article_edited", "Article edited"
    STATUS_CHANGED = "status_changed", "Status changed"
    BLIND_CHANGED = "blind_changed", "Blind setting changed"
    HISTORY_PRUNED = "history_pruned", "History pruned"


# What undo may take back: a tag's creation, label, note and removal (TAG_RESTORED only
# ever comes from an undo, and undos are not undone: there is no redo).
UNDOABLE = (Kind.TAG_CREATED, Kind.TAG_RELABELLED, Kind.TAG_NOTE, Kind.TAG_REMOVED)
# The fields of a tag an event needs to put it back exactly (undo, the past's view).
TAG_FIELDS = ("uuid", "start", "end", "quote", "label", "note", "editor", "created_at")


class Import(models.Model):
    """One import: when, by whom, from which file, and what it counted."""

    at = models.DateTimeField(default=timezone.now)
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    file_name = models.CharField(max_length=300, blank=True)
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"import {self.file_name or '(stdin)'} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        return f"import {self.file_name or '(stdin)'}"


# The uuids as hex and the time as UTC text (see `functions`): a converter per uuid and a
# datetime parsed to be formatted again were most of history.json's time.
EVENT_COLUMNS = (
    UuidHex("uuid"), UtcText("at"), "who_label", "kind", UuidHex("annotation_uuid"),
    UuidHex("verdict_uuid"), "before", "after", UuidHex("undoes__uuid"),
)  # fmt: skip


class EventQuerySet(models.QuerySet):
    def visible_to(self, user, article) -> EventQuerySet:
        """What `user` may read of `article`'s history: everything, but in a blind article an
        editor reads the past of their own tags and of the article, not of others' tags or
        of verdicts, until they finish (as `Annotation.objects.visible_to`)."""
        if not article.hides_others_from(user):
            return self
        return self.filter(
            models.Q(who=user)
            | models.Q(owner=user)
            | models.Q(annotation_uuid__isnull=True, verdict_uuid__isnull=True)
        )

    def dicts(self) -> list[dict]:
        """The events as history.json and exports write them, read as tuples (no instances)."""
        return [event_dict(*row) for row in self.values_list(*EVENT_COLUMNS)]


def event_dict(uuid, at, who, kind, annotation, verdict, before, after, undoes) -> dict:
    """An event as history.json and exports write it, from its EVENT_COLUMNS."""
    return {
        "uuid": dashed(uuid),
        "at": iso_text_micro(at),
        "who": who,
        "kind": kind,
        "annotation": dashed(annotation),
        "verdict": dashed(verdict),
        "before": before,
        "after": after,
        "undoes": dashed(undoes),
    }


class Event(models.Model):
    # An article deleted in the admin leaves its events (with article null) until pruned.
    article = models.ForeignKey(
        "annotate.Article",
        null=True,
        on_delete=models.SET_NULL,
        related_name="events",
        db_index=False,  # (article, at) serves
    )
    at = models.DateTimeField(default=timezone.now)
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    # The name at the time ("alice", "import articles.json"): kept when the account goes.
    who_label = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    annotation_uuid = models.UUIDField(null=True, blank=True)
    # The tag's editor, for tag events: editors in a blind article see their own tags' past.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    verdict_uuid = models.UUIDField(null=True, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    source = models.ForeignKey(
        Import, null=True, on_delete=models.SET_NULL, related_name="events", db_index=False
    )
    undoes = models.ForeignKey(
        "self", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["article", "at"], name="event_article_at"),
            models.Index(fields=["annotation_uuid"], name="event_annotation"),
            # The history page's Who list (the distinct names) without reading every event.
            models.Index(fields=["article", "who_label"], name="event_article_who"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.who_label} at {self.at:%Y-%m-%d %H:%M}"


def build(
    *,
    article,
    who=None,
    kind: str,
    annotation=None,
    verdict=None,
    before: dict | None = None,
    after: dict | None = None,
    source: Import | None = None,
    undoes: Event | None = None,
    at: datetime | None = None,
) -> Event:
    """An unsaved event (for bulk_create); `record` saves one."""
    label = source.label if source is not None else (who.get_username() if who else "")
    owner_id = None
    if annotation is not None:
        owner_id = getattr(annotation, "editor_id", None)
    return Event(
        article_id=getattr(article, "pk", article),
        at=at or timezone.now(),
        who=who,
        who_label=label,
        kind=kind,
        annotation_uuid=getattr(annotation, "uuid", annotation),
        owner_id=owner_id,
        verdict_uuid=getattr(verdict, "uuid", verdict),
        before=before,
        after=after,
        source=source,
        undoes=undoes,
    )


def record(**fields) -> Event:
    """Write one event: the one INSERT a change adds. Call it inside the change's transaction."""
    event = build(**fields)
    event.save(force_insert=True)
    return event


def record_tag_change(article, who, before, tag, created: bool) -> Event:
    """The event of a tag POST (Article.tag): created, or relabelled, or its note changed
    (a change of both is a relabel: before and after always hold label and note)."""
    if created:
        after = tag_state(tag, editor=who.get_username())
        return record(article=article, who=who, kind=Kind.TAG_CREATED, annotation=tag, after=after)
    return record_tag_edit(article, who, tag, before.label, before.note)


def record_tag_edit(article, who, tag, label: str, note: str) -> Event:
    """`tag` (as it is now) had `label` and `note` before this change."""
    old, new = {"label": label, "note": note}, {"label": tag.label, "note": tag.note}
    kind = Kind.TAG_RELABELLED if label != tag.label else Kind.TAG_NOTE
    return record(article=article, who=who, kind=kind, annotation=tag, before=old, after=new)


def record_verdict(article, lead, old, verdict) -> Event:
    kind = Kind.VERDICT_DECIDED if old is None else Kind.VERDICT_CHANGED
    before = verdict_state(old) if old is not None else None
    return record(
        article=article, who=lead, kind=kind, verdict=verdict, before=before,
        after=verdict_state(verdict),
    )  # fmt: skip


def record_verdicts(article, lead, verdicts: list) -> None:
    """Verdicts decided at once (accept_unanimous): one event each, one INSERT for all."""
    Event.objects.bulk_create(
        build(article=article, who=lead, kind=Kind.VERDICT_DECIDED, verdict=v,
              after=verdict_state(v))
        for v in verdicts
    )  # fmt: skip


def field_changes(old: dict, article) -> tuple[dict, dict]:
    """What an edit changed of the article's fields, before and after. The old text is
    kept whole (the past's view replays it); the new one is the article's, or the next
    edit's `before`, so only its digest is written."""
    before, after = {}, {}
    for name, value in old.items():
        new = getattr(article, name)
        if new != value:
            before[name], after[name] = _plain(value), _plain(new)
    if "text" in after:
        after["text"] = None
        after["text_sha256"] = article.text_sha256
    return before, after


# Where a tag is: what a text edit may change of it (the re-anchoring may widen the words).
PLACE = ("pk", "start", "end", "quote", "orphaned")


def record_reanchoring(article, who, placed: dict[int, tuple]) -> None:
    """One event for each tag a text edit moved or orphaned (or found again): `placed` holds
    each tag's PLACE before the edit, by id. One INSERT for all."""
    events = []
    rows = article.annotations.values_list("uuid", "editor_id", *PLACE)
    for uuid_, editor_id, pk, *now in rows:
        was = placed.get(pk)
        if was is None or tuple(was) == tuple(now):
            continue
        before, after = (dict(zip(PLACE[1:], v, strict=True)) for v in (was, now))
        orphaned = after["orphaned"] and not before["orphaned"]
        kind = Kind.TAG_ORPHANED if orphaned else Kind.TAG_REANCHORED
        event = build(
            article=article, who=who, kind=kind, annotation=uuid_, before=before, after=after
        )
        event.owner_id = editor_id
        events.append(event)
    Event.objects.bulk_create(events)


def parse_moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def tag_state(annotation, *, editor: str | None = None) -> dict:
    """Everything needed to put a tag back as it was (undo of a removal, the past's view)."""
    return {
        "uuid": str(annotation.uuid),
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "label": annotation.label,
        "note": annotation.note,
        "editor": editor or annotation.editor.get_username(),
        "created_at": _iso(annotation.created_at),
    } | ({"orphaned": True} if annotation.orphaned else {})


def verdict_state(verdict) -> dict:
    return {
        "uuid": str(verdict.uuid),
        "start": verdict.start,
        "end": verdict.end,
        "quote": verdict.quote,
        "label": verdict.label,
        "note": verdict.note,
        "decided_by": verdict.decided_by.get_username(),
    }


def _iso(moment: datetime | None) -> str | None:
    # Microseconds kept: events of one second must keep their order through an export.
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None
