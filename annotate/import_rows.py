"""Matching a file's rows to the stored ones, and the fields an import may write: the
part of an import that reads the database but writes nothing (importing.py writes)."""

from __future__ import annotations

from datetime import date, datetime

from annotate import sentences as sentencelib
from annotate import text as textlib
from annotate.formats import ImportFailure
from annotate.formats.common import absent
from annotate.import_sql import NewAnnotation, moment
from annotate.models import Annotation, Article, iso

ARTICLE_FIELDS = ("title", "source_url", "outlet", "published_on", "status", "created_by_id")
_KEY = {"created_by_id": "created_by", "editor_id": "editor"}  # a column's key in a file
# Our JSON writes these only when set: absent, they say nothing of the stored row.
OPTIONAL = {"reanchored_at", "suggested_by"}


def article_key(data: dict) -> tuple:
    if data["uuid"]:
        return ("uuid", data["uuid"].lower())
    return ("text", stored_digest(data), data["title"])


def stored_digest(data: dict) -> str:
    """The digest of the text as the article stores it (normalized): a file's text with
    \r\n line ends still finds the article its first import made."""
    normalized = textlib.normalize(data["text"])
    return data["text_sha256"] if normalized == data["text"] else textlib.sha256_hex(normalized)


def existing_articles(chunk: list[dict]) -> dict[tuple, Article]:
    uuids = [d["article"]["uuid"] for d in chunk if d["article"]["uuid"]]
    digests = [stored_digest(d["article"]) for d in chunk if not d["article"]["uuid"]]
    found: dict[tuple, Article] = {}
    for article in Article.objects.filter(uuid__in=uuids).select_related("created_by"):
        found[("uuid", str(article.uuid))] = article
    # Without a uuid (a doccano or Label Studio file from elsewhere): same text and title.
    for article in Article.objects.filter(text_sha256__in=digests).order_by("id"):
        found.setdefault(("text", article.text_sha256, article.title), article)
    return found


def existing_annotations(articles: list[Article]) -> tuple[dict, dict]:
    """The annotations of `articles` by uuid, and by article, then (editor, start, end)."""
    by_uuid: dict[str, Annotation] = {}
    by_span: dict[int, dict[tuple, Annotation]] = {}
    for annotation in Annotation.objects.filter(article__in=articles):
        by_uuid[str(annotation.uuid)] = annotation
        by_span.setdefault(annotation.article_id, {})[span_of(annotation)] = annotation
    return by_uuid, by_span


def same_tag(spans: dict, fields: dict) -> Annotation | None:
    for key, annotation in spans.items():
        if len(key) == 3 and (key[1], key[2], annotation.label) == (
            fields["start"],
            fields["end"],
            fields["label"],
        ):
            return annotation
    return None


def span_key(editor_id: int, start: int, end: int, orphaned: bool) -> tuple:
    """One live tag per editor and span; an orphaned one (offsets into an older text, see
    Article.edit) has a key of its own, so it never stands in for a live one."""
    return (editor_id, start, end, True) if orphaned else (editor_id, start, end)


def span_of(annotation: Annotation) -> tuple:
    return span_key(annotation.editor_id, annotation.start, annotation.end, annotation.orphaned)


def check_uuids_free(new: list[NewAnnotation]) -> None:
    """A new annotation's uuid must not belong to an annotation of another article."""
    wanted = {a.uuid: a.where for a in new if a.uuid}
    names = list(wanted)
    for first in range(0, len(names), 5000):
        taken = Annotation.objects.filter(uuid__in=names[first : first + 5000])
        for uuid in taken.values_list("uuid", flat=True)[:1]:
            raise elsewhere(str(uuid), *wanted[str(uuid)])


def elsewhere(uuid: str, index: int, doc: dict, i: int) -> ImportFailure:
    return ImportFailure(
        f"{uuid} is the uuid of an annotation of another article in the database",
        index=index,
        title=doc["article"]["title"],
        field=f"annotations[{i}].uuid",
    )


def carried(names: tuple, data: dict) -> tuple:
    """The columns of `names` that the file's row `data` carries: only those may change a
    stored row. An optional key (`OPTIONAL`) is carried only when present."""
    gone = absent(data)
    return tuple(
        name
        for name in names
        if _KEY.get(name, name) not in gone and (name not in OPTIONAL or name in data)
    )


def article_fields(data: dict, users: dict, fallback: str, names: tuple = ARTICLE_FIELDS) -> dict:
    text = textlib.normalize(data["text"])
    sentences, headings = data["sentences"], data.get("headings")
    if text != data["text"] or not sentences:
        sentences = [list(span) for span in sentencelib.sentence_spans(text)]
        headings = None
    published = data["published_on"]
    return {
        "title": data["title"],
        "source_url": data["source_url"],
        "outlet": data["outlet"],
        "published_on": date.fromisoformat(published) if published else None,
        "status": data["status"],
        # Looked up only when wanted: an account is made for a name that has none.
        "created_by_id": users[data["created_by"] or fallback]
        if "created_by_id" in names
        else None,
        **({} if data.get("blind") is None else {"blind": data["blind"]}),
        "text": text,
        "text_sha256": textlib.sha256_hex(text),
        "sentences": sentences,
        "words": textlib.count_words(text),
        "headings": headings
        if headings is not None
        else sentencelib.heading_lists(text, sentences, data["title"]),
    }


def annotation_fields(data: dict, users: dict, fallback: str) -> dict:
    return {
        "start": data["start"],
        "end": data["end"],
        "quote": data["quote"],
        "label": data["label"],
        "note": data["note"],
        "editor_id": users[data["editor"] or fallback],
        "orphaned": bool(data.get("orphaned")),
        "suggested_by": data.get("suggested_by") or "",
        "reanchored_at": moment(data.get("reanchored_at")),
    }


def differs(row, fields: dict, names: tuple, data: dict) -> bool:
    if any(not same_value(getattr(row, name), fields[name]) for name in names):
        return True
    # Timestamps count to the second, as exports write them; a file without them
    # (doccano, Label Studio) leaves the row's alone.
    return any(
        data[key] is not None and not same_value(getattr(row, key), moment(data[key]))
        for key in ("created_at", "updated_at")
    )


def same_value(stored: object, given: object) -> bool:
    if isinstance(stored, datetime) and isinstance(given, datetime):
        return iso(stored) == iso(given)  # to the second, as exports write them
    return stored == given
