"""Undo: an editor's last tag change on an article, taken back by a change of its own.

The editor's own events, newest first, skipping those already undone and the undos
themselves (there is no redo): undo again and again walks back through their history.
Each undo checks that the tag is still as the undone change left it; when someone (a
lead) changed it since, it is refused with a Conflict naming them, and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotate.models import history
from annotate.models.annotation import Annotation, Conflict
from annotate.models.choices import Label
from annotate.models.history import UNDOABLE, Event, Kind

NOTHING = "Nothing of yours to undo on this article."


@dataclass
class Undone:
    event: Event  # the undo's own event
    start: int
    end: int
    message: str
    orphaned: bool = False
    # What it did to the counted tags: (editor id, (start, end, label) before, after),
    # None standing for no live tag; None for a tag that is orphaned.
    change: tuple | None = None


def last_undoable(article, editor) -> Event | None:
    undone = Event.objects.filter(article=article, undoes__isnull=False).values("undoes_id")
    return (
        # An import's rows are not the lead's own changes to take back one by one.
        Event.objects.filter(article=article, who=editor, kind__in=UNDOABLE, undoes__isnull=True)
        .filter(source__isnull=True)
        .exclude(pk__in=undone)
        .order_by("-at", "-id")
        .first()
    )


@transaction.atomic
def undo_last(article, editor) -> Undone:
    """Take back `editor`'s last undoable change on `article`; Conflict when there is none
    or the tag moved on since."""
    sha = article.lock()
    event = last_undoable(article, editor)
    if event is None:
        raise Conflict(NOTHING)
    tag = Annotation.objects.filter(uuid=event.annotation_uuid).first()
    # One tag's span changes: its sentences are counted again, read before the change.
    place = event.before if event.kind == Kind.TAG_REMOVED else tag
    window = None
    if sha == article.text_sha256 and place is not None and not _orphaned(place):
        window = article.window(*(_get(place, "start"), _get(place, "end")))
    if event.kind == Kind.TAG_REMOVED:
        done = _restore(article, editor, event, tag)
    else:
        if tag is None:
            raise Conflict(
                "That tag was removed since (by someone else, or by an import): "
                "there is nothing left to undo."
            )
        _check_unchanged(tag, event, editor)
        done = _remove(article, editor, event, tag) if event.kind == Kind.TAG_CREATED else None
        done = done or _put_back(article, editor, event, tag)
    if window is None or done.change is None:
        article.refresh_progress()
    else:
        window.changed(*done.change)
    return done


def _get(place, name: str):
    return place[name] if isinstance(place, dict) else getattr(place, name)


def _orphaned(place) -> bool:
    return bool(place.get("orphaned")) if isinstance(place, dict) else place.orphaned


def _check_unchanged(tag: Annotation, event: Event, editor) -> None:
    if (tag.label, tag.note) == (event.after["label"], event.after["note"]):
        return
    since = (
        Event.objects.filter(annotation_uuid=tag.uuid, at__gte=event.at)
        .exclude(who=editor)
        .order_by("-at", "-id")
        .first()
    )
    who = since.who_label if since and since.who_label else "Someone"
    raise Conflict(
        f"{who} changed this tag since (it is now “{tag.get_label_display()}”), "
        "so your change was not undone. Reload to see it."
    )


def _remove(article, editor, event: Event, tag: Annotation) -> Undone:
    before = history.tag_state(tag)
    Annotation.objects.filter(pk=tag.pk).delete()
    undo = history.record(
        article=article, who=editor, kind=Kind.TAG_REMOVED, annotation=tag, before=before,
        undoes=event,
    )  # fmt: skip
    message = f"Undone: removed the tag on “{_short(tag.quote)}”."
    change = None if tag.orphaned else (tag.editor_id, (tag.start, tag.end, tag.label), None)
    return Undone(undo, tag.start, tag.end, message, tag.orphaned, change)


def _put_back(article, editor, event: Event, tag: Annotation) -> Undone:
    old = event.before
    Annotation.objects.filter(pk=tag.pk).update(
        label=old["label"], note=old["note"], version=F("version") + 1, updated_at=timezone.now()
    )
    undo = history.record(
        article=article, who=editor, kind=event.kind, annotation=tag, before=event.after,
        after=old, undoes=event,
    )  # fmt: skip
    if event.kind == Kind.TAG_RELABELLED:
        message = f"Undone: “{_short(tag.quote)}” is {Label(old['label']).label.lower()} again."
    else:
        message = f"Undone: the note on “{_short(tag.quote)}” is back as it was."
    span = (tag.start, tag.end)
    change = (tag.editor_id, (*span, tag.label), (*span, old["label"]))
    return Undone(undo, tag.start, tag.end, message, tag.orphaned, None if tag.orphaned else change)


def _restore(article, editor, event: Event, tag: Annotation | None) -> Undone:
    """Put a removed tag back: the same uuid, span, label, note, editor and created_at."""
    old = event.before
    if tag is not None:
        raise Conflict("That tag is back already (restored by an import): nothing to undo.")
    orphaned = bool(old.get("orphaned"))
    if not orphaned and article.text[old["start"] : old["end"]] != old["quote"]:
        raise Conflict(
            "The article's text was edited since this tag was removed, so it was not put "
            "back: tag the words again."
        )
    users = get_user_model().objects
    owner = users.get(**{get_user_model().USERNAME_FIELD: old["editor"]})
    span = {"article": article, "editor": owner, "start": old["start"], "end": old["end"]}
    if not orphaned and Annotation.objects.filter(orphaned=False, **span).exists():
        raise Conflict(
            "That span has been tagged again since, so the removed tag was not put back."
        )
    tag = Annotation.objects.create(
        **span, quote=old["quote"], label=old["label"], note=old["note"], orphaned=orphaned,
        uuid=old["uuid"],
    )  # fmt: skip
    created = history.parse_moment(old["created_at"])
    Annotation.objects.filter(pk=tag.pk).update(created_at=created)
    tag.created_at = created
    undo = history.record(
        article=article, who=editor, kind=Kind.TAG_RESTORED, annotation=tag,
        after=history.tag_state(tag, editor=old["editor"]), undoes=event,
    )  # fmt: skip
    message = f"Undone: the tag on “{_short(tag.quote)}” is back."
    change = None if orphaned else (owner.pk, None, (tag.start, tag.end, tag.label))
    return Undone(undo, tag.start, tag.end, message, orphaned, change)


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
