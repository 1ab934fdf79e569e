"""Rows written with SQL of our own, for speed and to keep a file's timestamps.

`bulk_create` builds a model instance per row and stamps `auto_now` fields with "now";
an import of 100,000 annotations spends most of its time there, and must keep the
exported `created_at` and `updated_at`. The API's bulk tags (Article.tag_many) write
their new tags and events here too.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from annotate.models import Annotation, Article, Event

ANNOTATION_FIELDS = (
    "start", "end", "quote", "label", "note", "editor_id", "orphaned", "suggested_by",
    "reanchored_at",
)  # fmt: skip
_PLAIN = ANNOTATION_FIELDS[:-1]  # written as they are; reanchored_at is a datetime
ROWS = 1000  # 14,000 parameters a statement: under SQLite's limit of 32,766


@dataclass
class NewAnnotation:
    """An annotation to insert: plain data, as building a model instance each is slow."""

    article: Article
    fields: dict
    uuid: str | None
    data: dict
    where: tuple  # (index, doc, i) for a message

    @property
    def label(self) -> str:
        return self.fields["label"]


def insert_annotations(new: list[NewAnnotation]) -> None:
    """One INSERT for many rows, with the file's timestamps and uuids (bulk_create would
    build a model instance for each and stamp "now")."""
    if not new:
        return
    meta = Annotation._meta
    names = [*_PLAIN, "article_id", "created_at", "updated_at", "uuid", "version", "reanchored_at"]
    columns = [meta.get_field(name.removesuffix("_id")).column for name in names]
    created, updated, uuid = (meta.get_field(n) for n in ("created_at", "updated_at", "uuid"))
    now = timezone.now()
    rows = []
    for a in new:
        data = a.data
        rows.append(
            (
                *(a.fields[name] for name in _PLAIN),
                a.article.pk,
                created.get_db_prep_value(moment(data["created_at"]) or now, connection),
                updated.get_db_prep_value(moment(data["updated_at"]) or now, connection),
                uuid.get_db_prep_value(a.uuid or uuidlib.uuid4(), connection),
                1,  # version: a new row's first
                created.get_db_prep_value(a.fields["reanchored_at"], connection),
            )
        )
    quote = connection.ops.quote_name
    # Names from the model's _meta, quoted; every value is a parameter.
    table, names_sql = quote(meta.db_table), ", ".join(map(quote, columns))
    head = f"INSERT INTO {table} ({names_sql}) VALUES "  # noqa: S608
    one = f"({', '.join(['%s'] * len(columns))})"
    insert_rows(head, one, rows, batch=ROWS)


def insert_rows(head: str, one: str, rows: list[tuple], *, batch: int) -> None:
    """`head` ("INSERT INTO t (a, b) VALUES ") with each row as `one` ("(%s, %s)").

    On SQLite, many rows a statement: one round trip for each `batch` rows. On PostgreSQL,
    one short statement that psycopg sends for every row in a pipeline (executemany):
    psycopg splits a statement's placeholders anew on every call, and for a statement of
    thousands of them that cost more than the round trips it saved."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(head + one, rows)
            return
        for first in range(0, len(rows), batch):
            chunk = rows[first : first + batch]
            params = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join([one] * len(chunk)), params)


def moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def set_timestamps(model, rows: list[tuple]) -> None:
    """The file's timestamps on rows just written (bulk_create and bulk_update stamp "now"
    or nothing): a file without them keeps a stored row's created_at, and its updated_at
    is now, since the row did change."""
    now = timezone.now()
    values = []
    for row, data in rows:
        created = moment(data["created_at"]) if data["created_at"] else row.created_at or now
        updated = moment(data["updated_at"]) if data["updated_at"] else now
        row.created_at, row.updated_at = created, updated
        values.append((db_datetime(created), db_datetime(updated), row.pk))
    if not values:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET created_at = %s, updated_at = %s WHERE id = %s",  # noqa: S608
            values,
        )


def db_datetime(moment: datetime):
    return connection.ops.adapt_datetimefield_value(moment)


TAG_COLUMNS = (
    "article", "editor", "start", "end", "quote", "label", "note", "orphaned", "suggested_by",
    "version", "created_at", "updated_at", "uuid",
)  # fmt: skip


def insert_tags(article_id: int, editor_id: int, tags: list[tuple], at: datetime) -> None:
    """New live tags of one editor on one article, made `at`: each (start, end, quote,
    label, note, uuid), in one INSERT a thousand rows."""
    now, key = db_datetime(at), uuid_value()
    rows = [
        (article_id, editor_id, s, e, quote, label, note, False, "", 1, now, now, key(u))
        for s, e, quote, label, note, u in tags
    ]
    _insert(Annotation, TAG_COLUMNS, rows, ROWS)


EVENT_COLUMNS = (
    "article", "at", "who", "who_label", "kind", "annotation_uuid", "owner", "before", "after",
    "source", "uuid",
)  # fmt: skip
EVENTS = 1000  # 11 parameters a row


class EventRows:
    """Events kept as plain rows and written by flush(), a thousand a statement: for the
    paths that write many at once (an import, bulk tags), where an Event instance each
    through bulk_create tripled their time. Write them in the change's transaction."""

    def __init__(self, *, who=None, label: str = "", source=None, at: datetime | None = None):
        self.who_id = who.pk if who is not None else None
        self.label, self.source_id = label, source.pk if source is not None else None
        # Values adapted once here: the fields' get_db_prep_value per value was most of an
        # event's cost.
        self.at = Event._meta.get_field("at").get_db_prep_value(at or timezone.now(), connection)
        self.uuid, self.json = uuid_value(), connection.ops.adapt_json_value
        self.pending: list[tuple] = []

    def add(self, article, kind: str, *, annotation=None, owner_id=None, before=None, after=None):
        json = self.json
        self.pending.append(
            (
                getattr(article, "pk", article), self.at, self.who_id, self.label, kind,
                self.uuid(annotation) if annotation else None, owner_id,
                None if before is None else json(before, None),
                None if after is None else json(after, None),
                self.source_id, self.uuid(uuidlib.uuid4()),
            )
        )  # fmt: skip

    def flush(self) -> None:
        _insert(Event, EVENT_COLUMNS, self.pending, EVENTS)
        self.pending = []


def uuid_value():
    """A uuid (or its text) as the connection stores it: PostgreSQL's uuid, SQLite's hex."""
    if connection.features.has_native_uuid_field:
        return str
    return lambda u: str(u).replace("-", "")


def _insert(model, names: tuple, rows: list[tuple], batch: int) -> None:
    if not rows:
        return
    meta, quote = model._meta, connection.ops.quote_name
    # Names from the model's _meta, quoted; every value is a parameter.
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608
    insert_rows(head, f"({', '.join(['%s'] * len(names))})", rows, batch=batch)
