"""What the annotate page shows beside the text: marks, counts, progress, the panel."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone

from annotate import render as renderlib
from annotate.models import (
    LABEL_DEFINITIONS,
    LABEL_KEYS,
    Article,
    Label,
    Status,
    is_lead,
)
from annotate.sentences import same_title


def panel_context(article: Article, user) -> dict:
    return {
        "statuses": Status.choices,
        "can_set_status": is_lead(user),
        "orphans": article.annotations.filter(orphaned=True).select_related("editor"),
    }


def marks_for(article: Article, user, annotations) -> tuple[list[renderlib.Mark], dict[str, int]]:
    # updated_at comes as text: parsing thousands of datetimes (and making them aware) was
    # the largest cost of the annotate page, on SQLite and on PostgreSQL alike.
    rows = annotations.annotate(updated_text=Cast("updated_at", CharField())).values_list(
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
    labels = dict.fromkeys(Label.values, 0)
    # Looked up once, not per row: with thousands of annotations, Label(label),
    # timezone.localtime() and the lazy request.user dominated the page's time.
    names = dict(Label.choices)
    minute = _utc_minute_formatter()
    user_pk = user.pk
    marks = []
    for ann_id, start, end, label, note, editor_id, username, updated_text, version in rows:
        labels[label] += 1
        when = minute(updated_text)
        title = f"{names[label]} · {username} · {when}"
        if note:
            title += f" · {note}"
        marks.append(
            renderlib.Mark(
                ann_id,
                start,
                end,
                label,
                title,
                mine=editor_id == user_pk,
                version=version,
                editor=username,
                when=when,
                note=note,
            )
        )
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


def progress(article: Article) -> dict:
    """Sentences tagged of all, from the column that every change of spans keeps exact
    (Article.refresh_progress)."""
    return {
        "sentences_total": article.sentences_total,
        "sentences_tagged": article.sentences_tagged,
        "progress_percent": article.progress_percent(),
    }
