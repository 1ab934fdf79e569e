"""Tagging an article: one span (Article.tag, the page's and the API's tag POST) or many
at once (Article.tag_many, the API's bulk endpoint), under the same rules: the article's
row lock, the text unchanged since the offsets were checked, one live tag per editor and
span (tagging a span again is last-writer-wins, unless the version the editor saw moved
on), a history event for every change, and the progress columns recounted."""

from __future__ import annotations

import copy
import uuid
from types import SimpleNamespace

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotate.models import history
from annotate.models.annotation import TEXT_CHANGED, Annotation, Conflict, tag_changed


class Tagging:
    """Article's tagging: the offsets must have been checked against its text first
    (AnnotationForm)."""

    @transaction.atomic
    def tag(
        self,
        *,
        editor: AbstractBaseUser,
        start: int,
        end: int,
        label: str,
        note: str | None = None,
        seen_sha: str | None = None,
        seen_version: int | None = None,
        suggested_by: str | None = None,
    ) -> tuple[Annotation | None, Annotation]:
        """Tag [start, end) as `editor`'s `label` (and `note`, when given): create the tag,
        or change the label of the editor's tag on that exact span. The offsets must have
        been checked against this text (AnnotationForm). Returns the tag as it was before
        (None: new) and as it is now; raises Conflict when the text or the tag moved on
        since the editor saw it.

        `suggested_by` names the suggester whose suggestion the editor accepted; a new
        label without it makes the tag the editor's own again ("").

        Every way in (the page, the API) comes through here: one set of rules."""
        # Tags on one article queue behind each other, so its progress count stays exact.
        # The offsets were checked against the text read before the lock: an edit that
        # committed since (or before the page was drawn) makes them point elsewhere.
        sha = self.lock()
        if sha != self.text_sha256 or seen_sha not in (None, sha):
            raise Conflict(TEXT_CHANGED)
        window = self.window(start, end)
        current = window.tag_on(editor.pk, start, end)
        changes = {"label": label} if note is None else {"label": label, "note": note}
        if suggested_by is not None:
            changes["suggested_by"] = suggested_by
        elif current is not None and current.label != label:
            changes["suggested_by"] = ""
        # Tagging a span again is last-writer-wins, unless the page says which version of
        # the tag it showed and a lead changed the tag since. The same request twice (a
        # double click, an htmx retry) finds its own result: no change, no conflict.
        if current is not None and all(getattr(current, k) == v for k, v in changes.items()):
            return current, current
        if current is not None and seen_version not in (None, current.version):
            raise tag_changed(current)
        quote = self.text[start:end]
        if current is None:
            tag = Annotation(
                article=self, editor=editor, start=start, end=end, quote=quote, **changes
            )
            tag.save(force_insert=True)
        else:
            tag, now = copy.copy(current), timezone.now()
            Annotation.objects.filter(pk=current.pk).update(
                quote=quote, **changes, version=F("version") + 1, updated_at=now
            )
            for name, value in {**changes, "quote": quote, "updated_at": now}.items():
                setattr(tag, name, value)
            tag.version = current.version + 1
        history.record_tag_change(self, editor, current, tag, current is None)
        before = None if current is None else (start, end, current.label)
        window.changed(editor.pk, before, (start, end, label))
        return current, tag

    @transaction.atomic
    def tag_many(
        self, *, editor: AbstractBaseUser, spans: list[dict], seen_sha: str | None = None
    ) -> dict:
        """Tag each of `spans` (`start`, `end`, `label`, `note`: None keeps the note, and
        `version`, the tag's as the caller read it, if any), as Article.tag would one by
        one, no two on one span; all or nothing. Returns the tags' `ids` in order, and
        how many were `created`, `changed` and `unchanged`. One INSERT a thousand new
        tags, one of their events, and one recount at the end."""
        from annotate import import_sql  # its SQL of our own reads the models: not at import

        sha = self.lock()
        if sha != self.text_sha256 or seen_sha not in (None, sha):
            raise Conflict(TEXT_CHANGED)
        mine = Annotation.objects.filter(article=self, editor=editor, orphaned=False)
        fields = ("id", "label", "note", "version", "uuid", "suggested_by")
        current = {(s, e): row for s, e, *row in mine.values_list("start", "end", *fields)}
        now, name = timezone.now(), editor.get_username()
        events = import_sql.EventRows(who=editor, label=name, at=now)
        new, changed, result = [], [], []
        for i, span in enumerate(spans):
            start, end, label, note = span["start"], span["end"], span["label"], span["note"]
            row = current.get((start, end))
            if row is None:
                tag = SimpleNamespace(
                    uuid=uuid.uuid4(), start=start, end=end, quote=self.text[start:end],
                    label=label, note=note or "", created_at=now, orphaned=False,
                )  # fmt: skip
                new.append(tag)
                state = history.tag_state(tag, editor=name)
                events.add(self, history.Kind.TAG_CREATED, annotation=tag.uuid,
                           owner_id=editor.pk, after=state)  # fmt: skip
                result.append(tag)
                continue
            pk, old_label, old_note, version, tag_uuid, suggested_by = row
            # As Article.tag: a span sent with the version of the tag it read is refused
            # when someone (a lead) changed that tag since; without one, the last writer wins.
            if span.get("version") not in (None, version):
                raise Conflict(f"annotations[{i}]: {tag_changed(Annotation(label=old_label))}")
            new_note = old_note if note is None else note
            if (label, new_note) == (old_label, old_note):
                result.append(SimpleNamespace(pk=pk))
                continue
            # A new label makes the tag the editor's own again, as in Article.tag.
            suggested_by = "" if label != old_label else suggested_by
            tag = Annotation(pk=pk, label=label, note=new_note, suggested_by=suggested_by)
            tag.version = F("version") + 1  # in SQL: a concurrent change still counts
            tag.updated_at = now
            changed.append(tag)
            kind = history.Kind.TAG_RELABELLED if label != old_label else history.Kind.TAG_NOTE
            events.add(self, kind, annotation=tag_uuid, owner_id=editor.pk,
                       before={"label": old_label, "note": old_note},
                       after={"label": label, "note": new_note})  # fmt: skip
            result.append(tag)
        rows = [(t.start, t.end, t.quote, t.label, t.note, t.uuid) for t in new]
        import_sql.insert_tags(self.pk, editor.pk, rows, now)
        names = ["label", "note", "suggested_by", "version", "updated_at"]
        Annotation.objects.bulk_update(changed, names, 500)
        events.flush()
        if new or changed:
            self.refresh_progress()
        if new:  # the new tags' ids, as the database gave them
            ids = {(s, e): pk for s, e, pk in mine.values_list("start", "end", "id")}
            for tag in new:
                tag.pk = ids[(tag.start, tag.end)]
        return {
            "ids": [tag.pk for tag in result],
            "created": len(new),
            "changed": len(changed),
            "unchanged": len(result) - len(new) - len(changed),
        }
