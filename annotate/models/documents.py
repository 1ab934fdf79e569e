"""Rows as ``annotate.article/v1`` data: the annotation columns an export reads, their
dict, one snapshot for all of an export's reads, and its timestamps."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.db import connection, transaction

from annotate.agreement import SENTENCE_LABELS
from annotate.formats import native
from annotate.formats.layers import restricted
from annotate.models.annotation import Annotation
from annotate.models.functions import Flag, UtcText, UuidHex, iso_text
from annotate.models.history import EVENT_COLUMNS, Event, event_dict
from annotate.models.leads import is_lead
from annotate.models.review import Layer, Verdict

if TYPE_CHECKING:
    from annotate.models.article import Article

VERDICT_COLUMNS = (
    "id", "uuid", "start", "end", "quote", "label", "note", "decided_by__username",
    "decided_at", "agrees_with",
)  # fmt: skip
# Timestamps as UTC text and uuids as hex (see `functions`): no converter runs per row,
# and no datetime is parsed to be formatted again.
ANNOTATION_COLUMNS = (
    "id", UuidHex("uuid"), "start", "end", "quote", "label", "note", "editor__username",
    UtcText("created_at"), UtcText("updated_at"), Flag("orphaned"), "suggested_by",
    UtcText("reanchored_at"),
)  # fmt: skip


def add_annotations(by_article: dict[int, list[dict]], rows: Iterable[tuple]) -> None:
    """Append each row (the article's id, then ANNOTATION_COLUMNS: the uuid as hex, the
    timestamps as UTC text) to its article's list as an ``annotate.article/v1`` annotation."""
    # One loop with the slicing inline: a call or two per row was a fifth of the export.
    for (
        article_id, pk, uuid, start, end, quote, label, note, editor, created_at, updated_at,
        orphaned, suggested_by, reanchored_at,
    ) in rows:  # fmt: skip
        data = {
            "id": pk,
            "uuid": f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}",
            "start": start,
            "end": end,
            "quote": quote,
            "label": label,
            "note": note,
            "editor": editor,
            "created_at": f"{created_at[:10]}T{created_at[11:19]}Z",
            "updated_at": f"{updated_at[:10]}T{updated_at[11:19]}Z",
        }
        if orphaned:  # its offsets point into an older text (see Article.edit)
            data["orphaned"] = True
        if suggested_by:  # accepted from a suggestion, and whose
            data["suggested_by"] = suggested_by
        if reanchored_at is not None:  # moved onto changed words by an edit, or found again
            data["reanchored_at"] = iso_text(reanchored_at)
        by_article[article_id].append(data)


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


def verdict_dict(pk, uuid, start, end, quote, label, note, decided_by, decided_at, agrees):
    """A verdict of ``annotate.article/v1`` from its columns (VERDICT_COLUMNS)."""
    return {
        "id": pk,
        "uuid": str(uuid),
        "start": start,
        "end": end,
        "quote": quote,
        "label": label,
        "note": note,
        "decided_by": decided_by,
        "decided_at": iso(decided_at),
        "agrees_with": list(agrees),
    }


def chunk_documents(
    articles: list[Article], viewer=None, *, history: bool = False
) -> Iterator[dict]:
    """The documents of `articles`: three queries whatever their number (four with their
    `history`). With a `viewer`, a blind article holds only what they may see (see
    `AnnotationQuerySet.visible_to`)."""
    rows = (
        Annotation.objects.filter(article__in=articles)
        .order_by("article_id", "start", "end", "id")
        .values_list("article_id", *ANNOTATION_COLUMNS)
    )
    by_article: dict[int, list[dict]] = {article.pk: [] for article in articles}
    add_annotations(by_article, rows)
    finished: dict[int, list[str]] = {article.pk: [] for article in articles}
    layers = Layer.objects.filter(article__in=articles, finished_at__isnull=False)
    for article_id, name in layers.order_by("editor__username").values_list(
        "article_id", "editor__username"
    ):
        finished[article_id].append(name)
    verdicts: dict[int, list[dict]] = {article.pk: [] for article in articles}
    rows = Verdict.objects.filter(article__in=articles).order_by("article_id", "start", "end")
    for article_id, *values in rows.values_list("article_id", *VERDICT_COLUMNS):
        verdicts[article_id].append(verdict_dict(*values))
    events: dict[int, list[dict]] = {article.pk: [] for article in articles}
    if history:  # oldest first, as they happened
        rows = Event.objects.filter(article__in=articles).order_by("article_id", "at", "id")
        for article_id, *values in rows.values_list("article_id", *EVENT_COLUMNS):
            events[article_id].append(event_dict(*values))
    sees_all = viewer is None or is_lead(viewer)
    name = None if viewer is None else viewer.get_username()
    for article in articles:
        doc = article.to_document(
            by_article[article.pk], finished_by=finished[article.pk], verdicts=verdicts[article.pk]
        )
        if article.blind and not sees_all and name not in finished[article.pk]:
            mine = [a for a in doc["annotations"] if a["editor"] == name]
            doc = restricted(doc, annotations=mine, finished_by=[], verdicts=[])
        if history:
            doc["history"] = events[article.pk]
        yield doc


def in_order(counts: dict[str, int]) -> dict[str, int]:
    """Sentence label counts in SENTENCE_LABELS' order: PostgreSQL's jsonb gives a column's
    keys shortest first, and an export must be the same bytes on either database."""
    return {label: counts[label] for label in SENTENCE_LABELS if label in counts} | counts


class Documented:
    """Article's ``annotate.article/v1`` document."""

    def to_document(
        self, annotations: list[dict], *, finished_by: list[str] = (), verdicts: list[dict] = ()
    ) -> dict:
        """This article, its annotations (dicts from ``add_annotations``), the usernames
        whose layer is finished and its verdicts (``verdict_dict``) as
        ``annotate.article/v1`` (see DESIGN.md). ``ArticleQuerySet.documents`` reads them."""
        article = {
            "id": self.pk,
            "uuid": str(self.uuid),
            "title": self.title,
            "source_url": self.source_url,
            "outlet": self.outlet,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "status": self.status,
            "blind": self.blind,
            "created_by": self.created_by.get_username(),
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "text": self.text,
            "text_sha256": self.text_sha256,
            "sentences": [list(span) for span in self.sentences],
            "headings": [list(span) for span in self.headings],
        }
        return native.article_document(
            article=article,
            annotations=annotations,
            finished_by=finished_by,
            verdicts=verdicts,
            sentence_labels=in_order(self.sentence_labels) or None,
        )
