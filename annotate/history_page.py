"""What the history pages show: events in words, and the article as it was at a moment."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from urllib.parse import quote, urlencode

from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator

from annotate import render as renderlib
from annotate import replay
from annotate import sentences as sentencelib
from annotate.models import Annotation, Article, Event, Kind, Label, Status
from annotate.models.review import VerdictLabel

LABELS = dict(VerdictLabel.choices)
KINDS = dict(Kind.choices)
QUOTE_LENGTH = 80  # characters of a tag's words in a row
STATUSES = dict(Status.choices)
SNAPSHOTS = (Kind.TAG_CREATED, Kind.TAG_REMOVED, Kind.TAG_RESTORED)


# What a row of the page shows of its event, read as values: no Event per row (nor the
# one it undoes), no uuid made of the event's own.
ROW_COLUMNS = ("at", "who_label", "kind", "annotation_uuid", "before", "after", "undoes__kind")


def rows(events: list[dict]) -> list[dict]:
    """Each event (ROW_COLUMNS) with the words of its tag (or verdict) and its change, for
    the page: as the strings it shows. (Django's date and truncatechars filters and
    get_kind_display, run per row, were most of the page's time.)"""
    quotes = _quotes({e["annotation_uuid"] for e in events if e["annotation_uuid"]})
    out = []
    for e in events:
        before, after, uuid = e["before"], e["after"], e["annotation_uuid"]
        state = after or before or {}
        at = timezone.localtime(e["at"])  # as the date filter shows it
        iso = at.isoformat()
        out.append(
            {
                "event_kind": e["kind"],
                "annotation": uuid,
                "at": iso,
                "at_text": f"{at:%Y-%m-%d %H:%M:%S}",
                "at_query": quote(iso, safe="/"),  # as the urlencode filter
                "who": e["who_label"] or "—",
                "kind": KINDS[e["kind"]],
                "quote": _truncated(quotes.get(uuid) or state.get("quote", "")),
                "change": describe(e["kind"], before, after),
                "undoes": KINDS[e["undoes__kind"]].lower() if e["undoes__kind"] else "",
            }
        )
    return out


def _truncated(words: str, length: int = QUOTE_LENGTH) -> str:
    """`words|truncatechars:length`: what Truncator gives, without it when it would give
    `words` as they are (short, and NFC already, as Truncator normalizes)."""
    if len(words) <= length and unicodedata.is_normalized("NFC", words):
        return words
    return Truncator(words).chars(length)


def _quotes(uuids: set) -> dict:
    quotes = dict(Annotation.objects.filter(uuid__in=uuids).values_list("uuid", "quote"))
    gone = uuids - quotes.keys()
    if gone:  # removed tags: their words are in the events that created or removed them
        found = Event.objects.filter(annotation_uuid__in=gone, kind__in=SNAPSHOTS)
        # (after or before)["quote"], taken out by the database: not two whole states parsed
        words = Coalesce(KT("after__quote"), KT("before__quote"))
        for uuid, quote_ in found.values_list("annotation_uuid", words):
            quotes.setdefault(uuid, quote_)
    return quotes


def describe(kind: str, before: dict | None, after: dict | None) -> str:
    before, after = before or {}, after or {}
    if kind in (Kind.TAG_CREATED, Kind.TAG_RESTORED):
        return f"as {_label(after)}" + _note(after.get("note", ""))
    if kind == Kind.TAG_REMOVED:
        return f"was {_label(before)}" + _note(before.get("note", ""))
    if kind == Kind.TAG_RELABELLED:
        return f"{_label(before)} → {_label(after)}"
    if kind == Kind.TAG_NOTE:
        return f"note “{before['note']}” → “{after['note']}”"
    if kind in (Kind.TAG_REANCHORED, Kind.TAG_ORPHANED):
        where = (
            "its words are gone"
            if after.get("orphaned")
            else f"now at {after['start']}–{after['end']}"
        )
        return f"was at {before['start']}–{before['end']}; {where}"
    if kind in (Kind.VERDICT_DECIDED, Kind.VERDICT_CHANGED):
        was = f"{_label(before)} → " if before else ""
        return f"{was}{_label(after)}" + _note(after.get("note", ""))
    if kind == Kind.VERDICT_REMOVED:
        return f"was {_label(before)}"
    if kind == Kind.STATUS_CHANGED:
        return f"{STATUSES.get(before['status'])} → {STATUSES.get(after['status'])}"
    if kind == Kind.BLIND_CHANGED:
        return "blind on" if after.get("blind") else "blind off"
    if kind in (Kind.ARTICLE_EDITED, Kind.TAG_CHANGED):
        return "changed: " + ", ".join(sorted(k for k in after if k != "text_sha256"))
    return ""


def _label(state: dict) -> str:
    return LABELS.get(state.get("label"), state.get("label", "")).lower()


def _note(note: str) -> str:
    return f", note “{note}”" if note else ""


def editors(events) -> list[str]:
    """Who made the changes `events` (the ones the reader may see) hold."""
    names = events.exclude(who_label="").order_by().values_list("who_label", flat=True)
    return sorted(set(names.distinct()))


def query_without_page(query) -> str:
    return urlencode([(k, v) for k, v in query.items() if k != "page" and v])


def as_of(article: Article, moment: datetime, user) -> dict:
    """The article's text and tags at `moment`, drawn as the annotate page draws them (no
    script: read-only), as `user` may see them (blind articles: their own tags)."""
    if article.created_at > moment:
        return {"existed": False}
    current = {
        str(uuid): {"start": s, "end": e, "quote": q, "label": label, "note": n, "editor": who,
                    "orphaned": orphaned}
        for uuid, s, e, q, label, n, who, orphaned in article.annotations.values_list(
            "uuid", "start", "end", "quote", "label", "note", "editor__username", "orphaned"
        )
    }  # fmt: skip
    since = Event.objects.filter(article=article, at__gt=moment).order_by("-at", "-id")
    events = (
        {"kind": kind, "annotation": str(uuid) if uuid else None, "before": before}
        for kind, uuid, before in since.values_list("kind", "annotation_uuid", "before").iterator()
    )
    text, tags = replay.state_at(article.text, current, events)
    me = user.get_username()
    if article.hides_others_from(user):
        tags = {uuid: t for uuid, t in tags.items() if t["editor"] == me}
    live = sorted(
        (t for t in tags.values() if not t["orphaned"]), key=lambda t: (t["start"], -t["end"])
    )
    marks = [
        renderlib.Mark(
            i, t["start"], t["end"], t["label"], f"{Label(t['label']).label} · {t['editor']}",
            mine=t["editor"] == me, editor=t["editor"], note=t["note"],
        )
        for i, t in enumerate(live, 1)
    ]  # fmt: skip
    sentences = article.sentences if text == article.text else sentencelib.sentence_spans(text)
    paragraphs = sentencelib.paragraph_spans(text)
    counts = {label: sum(t["label"] == label for t in live) for label in Label.values}
    return {
        "existed": True,
        "paragraphs": renderlib.render_paragraphs(text, paragraphs, sentences, marks),
        "counts": [(Label(label).label, n) for label, n in counts.items()],
        "tags": live,
        "text_changed": text != article.text,
    }
