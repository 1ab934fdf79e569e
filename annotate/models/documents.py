"""Rows as ``annotate.article/v1`` data: the annotation columns an export reads, their
dict, one snapshot for all of an export's reads, and its timestamps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.db import connection, transaction

from annotate.models.annotation import Annotation
from annotate.models.history import EVENT_COLUMNS, Event, event_dict

if TYPE_CHECKING:
    from annotate.models.article import Article

ANNOTATION_COLUMNS = (
    "id", "uuid", "start", "end", "quote", "label", "note", "editor__username",
    "created_at", "updated_at", "orphaned", "suggested_by",
)  # fmt: skip


def annotation_dict(
    pk,
    uuid,
    start,
    end,
    quote,
    label,
    note,
    editor,
    created_at,
    updated_at,
    orphaned=False,
    suggested_by="",
) -> dict:
    """An annotation of ``annotate.article/v1`` from its columns (ANNOTATION_COLUMNS)."""
    data = {
        "id": pk,
        "uuid": str(uuid),
        "start": start,
        "end": end,
        "quote": quote,
        "label": label,
        "note": note,
        "editor": editor,
        "created_at": iso(created_at),
        "updated_at": iso(updated_at),
    }
    if orphaned:  # its offsets point into an older text (see Article.edit)
        data["orphaned"] = True
    if suggested_by:  # accepted from a suggestion, and whose
        data["suggested_by"] = suggested_by
    return data


@contextmanager
def one_snapshot() -> Iterator[None]:
    """Reads that see the database at one moment (for exports: views and commands).

    An export reads an article and its annotations in separate queries; under READ
    COMMITTED a text edit committing between them would pair the old text with
    annotations re-anchored to the new one. (SQLite's transactions are snapshots already.)
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def iso(moment: datetime) -> str:
    """UTC, to the second, with a Z: the timestamps of every export."""
    # isoformat, not strftime: it runs twice per annotation of every export.
    return moment.astimezone(UTC).isoformat(timespec="seconds")[:19] + "Z"


VERDICT_COLUMNS = (
    "uuid", "start", "end", "quote", "label", "note", "decided_by__username", "decided_at",
    "agrees_with",
)  # fmt: skip


def chunk_verdicts(articles: list[Article]) -> dict[int, list[dict]]:
    from annotate.models.review import Verdict

    by_article: dict[int, list[dict]] = {article.pk: [] for article in articles}
    rows = Verdict.objects.filter(article__in=articles).order_by("article_id", "start", "end")
    for article_id, uuid, start, end, quote, label, note, by, at, agrees in rows.values_list(
        "article_id", *VERDICT_COLUMNS
    ):
        by_article[article_id].append(
            {
                "uuid": str(uuid),
                "start": start,
                "end": end,
                "quote": quote,
                "label": label,
                "note": note,
                "decided_by": by,
                "decided_at": iso(at),
                "agrees_with": agrees,
            }
        )
    return by_article


def chunk_documents(
    articles: list[Article], *, verdicts: bool = False, history: bool = False
) -> Iterator[dict]:
    rows = (
        Annotation.objects.filter(article__in=articles)
        .order_by("article_id", "start", "end", "id")
        .values_list("article_id", *ANNOTATION_COLUMNS)
    )
    by_article: dict[int, list[dict]] = {article.pk: [] for article in articles}
    for article_id, *values in rows:
        by_article[article_id].append(annotation_dict(*values))
    decided = chunk_verdicts(articles) if verdicts and articles else {}
    events: dict[int, list[dict]] = {article.pk: [] for article in articles}
    if history:  # oldest first, as they happened
        rows = Event.objects.filter(article__in=articles).order_by("article_id", "at", "id")
        for article_id, *values in rows.values_list("article_id", *EVENT_COLUMNS):
            events[article_id].append(event_dict(*values))
    for article in articles:
        document = article.to_document(by_article[article.pk])
        if verdicts:
            document["verdicts"] = decided.get(article.pk, [])
        if history:
            document["history"] = events[article.pk]
        yield document
