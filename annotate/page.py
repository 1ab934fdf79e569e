"""What the annotate page shows beside the text: marks, counts, progress, the panel."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from annotate import render as renderlib
from annotate.layer_page import layer_context, said_counts
from annotate.models import (
    LABEL_DEFINITIONS,
    LABEL_KEYS,
    Annotation,
    Article,
    Label,
    Status,
    is_lead,
)
from annotate.sentences import same_title


def panel_context(article: Article, user) -> dict:
    orphans, moved = orphans_and_moved(article, user)
    return {
        "statuses": Status.choices,
        "can_set_status": is_lead(user),
        "orphans": orphans,
        "moved": moved,
        "labels": label_rows(said_counts(article, user)),
        **layer_context(article, user),
    }


def orphans_and_moved(article: Article, user) -> tuple[list, list]:
    """The tags a text edit lost (orphans), and the live ones the latest text edit (or a
    Find again) moved onto changed words, for an editor to look over: they share that
    edit's `reanchored_at`. One query for both; in blind work, the user's own only."""
    rows = (
        Annotation.objects.visible_to(user, article)
        .filter(article=article)
        .filter(Q(orphaned=True) | Q(reanchored_at__isnull=False))
        .select_related("editor")
    )
    orphans, live = [], []
    for a in rows:
        (orphans if a.orphaned else live).append(a)
    latest = max((a.reanchored_at for a in live), default=None)
    return orphans, [a for a in live if a.reanchored_at == latest]


def marks_for(article: Article, user, annotations) -> tuple[list[renderlib.Mark], dict[str, int]]:
    # updated_at comes as text: parsing thousands of datetimes (and making them aware) was
    # the largest cost of the annotate page, on SQLite and on PostgreSQL alike. Unordered:
    # render_paragraphs orders each paragraph's marks, and sorting in SQL cost a third.
    rows = (
        annotations.order_by()
        .annotate(updated_text=Cast("updated_at", CharField()))
        .values_list(
            "id",
            "start",
            "end",
            "label",
            "note",
            "editor_id",
            "editor__username",
            "updated_text",
            "version",
        )
    )
    # Looked up once, not per row: with thousands of annotations, Label(label),
    # timezone.localtime() and the lazy request.user dominated the page's time.
    marks = renderlib.marks_from_rows(rows, user.pk, _utc_minute_formatter())
    labels = dict.fromkeys(Label.values, 0)
    for m in marks:
        labels[m.label] += 1
    return marks, labels


def _utc_minute_formatter():
    """A function of a UTC timestamp as the database writes it ("2026-11-27 03:04:05.123+00",
    the connection's time zone being UTC) to "2026-11-27 03:04" in the current time zone."""
    if timezone.get_current_timezone_name() in ("UTC", "Etc/UTC"):
        return lambda text: text[:16]
    tz = timezone.get_current_timezone()

    def local(text: str) -> str:
        moment = datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)
        return f"{moment.astimezone(tz):%Y-%m-%d %H:%M}"

    return local


def heading_levels(article: Article) -> dict[int, int]:
    """Each heading's start and level (1 for the headline), for render.render_paragraphs."""
    levels = {start: 2 for start, _ in article.headings}
    headline = headline_of(article)
    if headline:
        levels[headline[0]] = 1
    return levels


def headline_of(article: Article) -> list[int] | None:
    """The first heading when it is the first sentence and repeats the title."""
    first = article.headings[0] if article.headings else None
    if not first or list(first) != list(article.sentences[0]):
        return None
    return first if same_title(article.text[first[0] : first[1]], article.title) else None


def label_rows(counts: dict[str, int]) -> list[dict]:
    return [
        {
            "value": label.value,
            "name": label.label,
            "count": counts[label.value],
            "definition": LABEL_DEFINITIONS[label],
            "keys": LABEL_KEYS[label],
        }
        for label in LABEL_KEYS
    ]


def progress(article: Article, user) -> dict:
    """Sentences tagged of all, from the columns that every change of spans keeps exact
    (Article.refresh_progress): everyone's, or in blind work the user's own."""
    total, tagged = article.sentences_total, article.sentences_tagged
    if article.hides_others_from(user):
        layer = article.layer_of(user)
        tagged = sum(layer.counts.get(label, 0) for label in Label.values) if layer else 0
    return {
        "sentences_total": total,
        "sentences_tagged": tagged,
        "progress_percent": round(100 * tagged / total) if total else 0,
    }
