"""Floors of the write paths, timed in process on the bench's own database: the least a
tag POST and a bulk tag request must make the database do, beside what they take.

- `one_write`: one tag change is, at the least, one UPDATE of its annotation row and the
  one INSERT of its history event, in one transaction (BEGIN, the two statements, COMMIT:
  on SQLite the commit's sync to disk, on PostgreSQL its WAL flush), through the ORM calls
  the app makes them with. The tag POST's floor is the /healthz round trip plus this.
- `bulk_insert`: N new tags are, at the least, their N annotation rows and N events written
  with the import's own multi-row INSERTs (`annotate.import_sql.insert_rows`), in one
  transaction. The rows are built before the clock starts: the floor is the database's part.

    import floors
    figures["one_write"] = floors.one_write(article=article, user=me)   # fn(i), one write
    times = floors.bulk_insert(articles=copies, user=me, spans=spans)   # ms per request
"""

from __future__ import annotations

import time
import uuid as uuidlib
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone


def one_write(*, article, user) -> Callable[[int], None]:
    """A function doing one write per call: a new note on `user`'s tag on the last
    sentence of `article` (made here once, through Article.tag; pick a user or article
    whose tags the other figures do not change) and its TAG_NOTE event. A note changes
    no count, so the article's columns stay true however many times it runs."""
    from annotate.models import Annotation, Article, history

    start, end = article.sentences[-1]
    Article.objects.get(pk=article.pk).tag(editor=user, start=start, end=end, label="fact")
    tag = Annotation.objects.get(article=article, editor=user, start=start, end=end)

    def write(i: int = 0) -> None:
        old, note = tag.note, f"floor {i} {time.perf_counter_ns()}"
        with transaction.atomic():
            Annotation.objects.filter(pk=tag.pk).update(
                note=note, version=F("version") + 1, updated_at=timezone.now()
            )
            tag.note = note
            history.record_tag_edit(article, user, tag, tag.label, old)

    return write


def bulk_insert(*, articles: Iterable, user, spans: list[dict]) -> list[float]:
    """Milliseconds to insert `spans` (start, end, label) as new tags of `user`, with their
    TAG_CREATED events, on each of `articles` (fresh ones: no tag of `user` on them)."""
    times = []
    for article in articles:
        tags, events = _rows(article, user, spans)
        t0 = time.perf_counter()
        with transaction.atomic():
            _insert("annotate_annotation", TAG_COLUMNS, tags)
            _insert("annotate_event", EVENT_COLUMNS, events)
        times.append((time.perf_counter() - t0) * 1000)
    return times


TAG_COLUMNS = (
    "article_id", "editor_id", "start", "end", "quote", "label", "note", "orphaned",
    "suggested_by", "reanchored_at", "version", "created_at", "updated_at", "uuid",
)  # fmt: skip
EVENT_COLUMNS = (
    "article_id", "at", "who_id", "who_label", "kind", "annotation_uuid", "owner_id", "before",
    "after", "source_id", "uuid",
)  # fmt: skip


def _rows(article, user, spans: list[dict]) -> tuple[list[tuple], list[tuple]]:
    """The rows as the database takes them: what the import's insert_annotations and
    ImportEvents write, each event's `after` the tag's state as history.tag_state has it."""
    from annotate.models.history import Kind

    ops, moment = connection.ops, timezone.now()
    now, created = ops.adapt_datetimefield_value(moment), moment.isoformat()
    native = connection.features.has_native_uuid_field

    def key(uuid: uuidlib.UUID) -> str:
        return str(uuid) if native else uuid.hex

    name = user.get_username()
    tags, events = [], []
    for span in spans:
        s, e, label, uuid = span["start"], span["end"], span["label"], uuidlib.uuid4()
        quote = article.text[s:e]
        tags.append(
            (article.pk, user.pk, s, e, quote, label, "", False, "", None, 1, now, now, key(uuid))
        )
        after = {"uuid": str(uuid), "start": s, "end": e, "quote": quote, "label": label,
                 "note": "", "editor": name, "created_at": created}  # fmt: skip
        events.append(
            (article.pk, now, user.pk, name, Kind.TAG_CREATED.value, key(uuid), user.pk, None,
             ops.adapt_json_value(after, None), None, key(uuidlib.uuid4()))
        )  # fmt: skip
    return tags, events


def _insert(table: str, columns: tuple, rows: list[tuple]) -> None:
    from annotate.import_sql import ROWS, insert_rows

    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES "  # noqa: S608
    one = f"({', '.join(['%s'] * len(columns))})"
    insert_rows(head, one, rows, batch=ROWS)
