"""History of an import: its Import row, an event for every row it writes, and the events a
file carries (`history` in annotate.article/v1), taken back by uuid (twice adds nothing).

The import's own events are plain tuples written with SQL of our own, many rows a statement
(as import_sql writes annotations): an Event instance each, through bulk_create, tripled an
import's time. They are written in the import's transaction: with it, or not at all.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth import get_user_model

from annotate.import_sql import EVENTS, EventRows
from annotate.models import Annotation, Event, Import
from annotate.models.history import parse_moment


class ImportEvents(EventRows):
    """The events of one import's rows, collected a chunk at a time and written by flush()."""

    def __init__(self, *, file_name: str, by=None) -> None:
        self.source = Import.objects.create(file_name=file_name[:300], who=by)
        super().__init__(who=by, label=self.source.label, source=self.source, at=self.source.at)

    def finish(self, counts: dict) -> None:
        self.flush()
        self.source.counts = counts
        self.source.save(update_fields=["counts"])


def changes(row, fields: dict, names: tuple) -> tuple[dict, dict]:
    """Before and after of the fields of `names` that an import changes on `row`."""
    before, after = {}, {}
    for name in names:
        old, new = getattr(row, name), fields[name]
        if old != new:
            key = name.removesuffix("_id")
            before[key], after[key] = _plain(old), _plain(new)
    return before, after


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def take_history(pending: list[tuple]) -> int:
    """Write the events the documents carry that the database lacks; return how many.
    `pending` holds (article, doc, index) as the import's chunk does."""
    given = [(article, event) for article, doc, _ in pending for event in doc.get("history", ())]
    if not given:
        return 0
    uuids = [event["uuid"].lower() for _, event in given]
    known = set()
    for first in range(0, len(uuids), 5000):
        found = Event.objects.filter(uuid__in=uuids[first : first + 5000])
        known.update(str(u) for u in found.values_list("uuid", flat=True))
    new = [(article, event) for article, event in given if event["uuid"].lower() not in known]
    users = _existing_users({event["who"] for _, event in new})
    owners = dict(
        Annotation.objects.filter(
            uuid__in={event["annotation"] for _, event in new if event["annotation"]}
        ).values_list("uuid", "editor_id")
    )
    events = []
    for article, data in new:
        annotation = data["annotation"]
        state = data["after"] or data["before"] or {}
        event = Event(
            article_id=article.pk,
            at=parse_moment(data["at"]),
            who_id=users.get(data["who"]),
            who_label=data["who"] or "",
            kind=data["kind"],
            annotation_uuid=annotation,
            verdict_uuid=data["verdict"],
            before=data["before"],
            after=data["after"],
            uuid=data["uuid"].lower(),
        )
        if annotation:
            event.owner_id = _owner(owners, users, annotation, state)
        events.append(event)
    Event.objects.bulk_create(events, batch_size=EVENTS)
    _link_undos(new)
    return len(events)


def _owner(owners: dict, users: dict, annotation: str, state: dict):
    return owners.get(UUID(annotation)) or users.get(state.get("editor"))


def _link_undos(new: list[tuple]) -> None:
    links = {e["uuid"].lower(): e["undoes"].lower() for _, e in new if e.get("undoes")}
    if not links:
        return
    pks = dict(Event.objects.filter(uuid__in=[*links, *links.values()]).values_list("uuid", "pk"))
    by_text = {str(uuid): pk for uuid, pk in pks.items()}
    for undo, undone in links.items():
        if undone in by_text:
            Event.objects.filter(pk=by_text[undo]).update(undoes_id=by_text[undone])


def _existing_users(names: set) -> dict[str, int]:
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    return dict(
        user_model.objects.filter(**{f"{field}__in": names - {None, ""}}).values_list(field, "pk")
    )
