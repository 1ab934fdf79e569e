"""Our own format: `annotate.article/v1` documents, bulk `json` and `jsonl`, both ways.

Every other format is read into and written from these documents. The writers take
plain dicts; the views and the `export_articles` command build them from the database.
Offsets are Unicode code points (Python `str` indices), here and in every format.

A file a script writes may hold only `article.title`, `article.text` and annotations
with `start`, `end` and `label`: what the app derives (ids, uuids, timestamps, the
digest, sentences, quotes, the summary) is optional, and checked when present.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from jsonschema.exceptions import best_match

from annotate import sentences as sentencelib
from annotate import text as textlib
from annotate.formats.common import (
    LABELS,
    Format,
    ImportFailure,
    Problem,
    check_new_span,
    check_quote,
    check_span,
    check_text,
    dumps,
    first_line,
    given,
    json_list,
    live,
    show,
)
from annotate.formats.layers import VERDICT_DEFAULTS, check_verdicts, completed_verdicts, said
from annotate.formats.schema import describe, plainly_valid, validator

ARTICLE_FORMAT = "annotate.article/v1"
EXPORT_FORMAT = "annotate.export/v1"
# What a file may leave out, as the reader fills it in (`text_sha256`, `sentences`,
# the quotes and the summary are computed).
ARTICLE_DEFAULTS = {
    "id": None,
    "uuid": None,
    "source_url": "",
    "outlet": "",
    "published_on": None,
    "status": "draft",
    "blind": None,  # not said: a new article takes the setting's default, an old one keeps its own
    "created_by": None,
    "created_at": None,
    "updated_at": None,
}
ANNOTATION_DEFAULTS = {
    "id": None,
    "uuid": None,
    "note": "",
    "editor": None,
    "created_at": None,
    "updated_at": None,
}

EVENT_DEFAULTS = {
    "who": "",
    "annotation": None,
    "verdict": None,
    "before": None,
    "after": None,
    "undoes": None,
}


def summary(
    *,
    text_sentences: list,
    annotations: list[dict],
    headings: list = (),
    sentence_labels: dict[str, int] | None = None,
    finished_by: list[str] = (),
    verdicts: list[dict] = (),
) -> dict:
    """Counts per label, the sentences that at least one annotation overlaps, and what
    the sentences say by the one rule (`sentence_labels`: given, as the article's column
    holds it, or counted from the annotations, finished layers and verdicts); headings
    left out of all three (they count in no progress and say nothing).

    `text_sentences` are [start, end] pairs in text order that do not overlap, as the
    article stores them. A span overlaps a sentence when start < s.end and end > s.start.
    """
    counts = dict.fromkeys(LABELS, 0)
    skip = {(int(s), int(e)) for s, e in headings}
    sentences = sorted((int(s), int(e)) for s, e in text_sentences if (s, e) not in skip)
    tagged = live(annotations)
    for annotation in tagged:
        if annotation["label"] in counts:
            counts[annotation["label"]] += 1
    spans = ((a["start"], a["end"]) for a in tagged)
    return {
        **counts,
        "sentences": len(sentences),
        "sentences_tagged": textlib.count_tagged(sentences, spans),
        "sentence_labels": sentence_labels
        if sentence_labels is not None
        else said(sentences, annotations, list(finished_by), list(verdicts)),
    }


def article_document(
    *,
    article: dict,
    annotations: list[dict],
    finished_by: list[str] = (),
    verdicts: list[dict] = (),
    sentence_labels: dict[str, int] | None = None,
) -> dict:
    """The `annotate.article/v1` document for an article dict, its annotation dicts, the
    usernames whose layer is finished and its verdict dicts."""
    finished_by, verdicts = list(finished_by), list(verdicts)
    return {
        "format": ARTICLE_FORMAT,
        "article": article,
        "annotations": annotations,
        "finished_by": finished_by,
        "verdicts": verdicts,
        "summary": summary(
            text_sentences=article["sentences"],
            annotations=annotations,
            headings=article.get("headings", ()),
            sentence_labels=sentence_labels,
            finished_by=finished_by,
            verdicts=verdicts,
        ),
    }


def write_json(docs: Iterable[dict], *, exported_at: str, **_: object) -> Iterator[str]:
    head = dumps({"format": EXPORT_FORMAT, "exported_at": exported_at})[:-1]
    return json_list(map(dumps, docs), head=head + ', "articles": [\n', tail="\n]}\n")


def write_jsonl(docs: Iterable[dict], **_: object) -> Iterator[str]:
    return (dumps(doc) + "\n" for doc in docs)


def unwrap(value: object) -> list | None:
    """The articles of a bulk `annotate.export/v1` file; None when `value` is not one."""
    if not isinstance(value, dict):
        return None
    if value.get("format") != EXPORT_FORMAT and "articles" not in value:
        return None
    # The wrapper alone: each article is checked on its own, to name it on failure.
    articles = value.get("articles")
    wrapper = {**value, "articles": []} if isinstance(articles, list) else value
    error = best_match(validator("export-input").iter_errors(wrapper))
    if error is not None:
        field, message = describe(error)
        raise ImportFailure(message, field=field)
    return articles


def is_document(obj: dict) -> bool:
    return "format" in obj


def read(doc: dict, *, sentences: Callable[[str], list] | None = None) -> dict:
    """One `annotate.article/v1` document, checked, with what it left out filled in."""
    if doc["format"] != ARTICLE_FORMAT:
        raise Problem("format", f"is {show(doc['format'])}; expected {ARTICLE_FORMAT!r}")
    # A summary written without headings (before they were told apart) counted them.
    given = doc.get("article")
    old_summary = "summary" in doc and isinstance(given, dict) and "headings" not in given
    if not plainly_valid(doc):  # a full export is; a file a script wrote, seldom
        error = best_match(validator("article-input").iter_errors(doc))
        if error is not None:
            raise Problem(*describe(error))
        doc = _completed(doc, sentences)
    article, annotations = doc["article"], doc["annotations"]
    text = article["text"]
    check_text(text, field="article.text", annotated=bool(annotations))
    if textlib.sha256_hex(text) != article["text_sha256"]:
        raise Problem(
            "article.text_sha256",
            "does not match the text: the text (or the digest) was changed after export",
        )
    for key in ("created_at", "updated_at"):
        _check_timestamp(article[key], f"article.{key}")
    if article["published_on"] is not None:
        try:
            date.fromisoformat(article["published_on"])
        except ValueError:
            raise Problem("article.published_on", "is not a real date") from None
    _check_sentences(article["sentences"], len(text))
    _check_headings(article["headings"], article["sentences"])
    spans = set()
    for i, a in enumerate(annotations):
        field = f"annotations[{i}]"
        for key in ("created_at", "updated_at", "reanchored_at"):
            _check_timestamp(a.get(key), f"{field}.{key}")
        if a.get("orphaned"):
            continue  # its offsets point into an older text: nothing to check them against
        check_span(text, a["start"], a["end"], field=field)
        check_quote(text, a["start"], a["end"], a["quote"], field=f"{field}.quote")
        check_new_span(spans, (a["editor"], a["start"], a["end"]), field=field)
    check_verdicts(text, doc["verdicts"])
    for i, v in enumerate(doc["verdicts"]):
        _check_timestamp(v["decided_at"], f"verdicts[{i}].decided_at")
    for i, event in enumerate(doc.get("history", ())):
        _check_timestamp(event["at"], f"history[{i}].at")
    expected = summary(
        text_sentences=article["sentences"],
        annotations=annotations,
        headings=[] if old_summary else article["headings"],
        finished_by=doc["finished_by"],
        verdicts=doc["verdicts"],
    )
    if old_summary:  # what its sentences said was counted over other sentences: not checked
        expected.pop("sentence_labels")
    for key, value in expected.items():
        if doc["summary"][key] != value:
            given = (
                "annotations, finished layers and verdicts"
                if key == "sentence_labels"
                else "annotations"
            )
            raise Problem(
                f"summary.{key}", f"is {doc['summary'][key]} but the {given} give {value}"
            )
    return doc


def _completed(doc: dict, sentences: Callable[[str], list] | None) -> dict:
    """`doc` (valid by the input schema) with every field an export holds: given ones
    are kept, to be checked; derived ones computed. A quote is only derived for a span
    inside the text, so that `read` still names a span that is not. The defaults filled
    in are marked absent (`common.Given`): an import leaves a stored row's value of them."""
    article = given(
        {**ARTICLE_DEFAULTS, **doc["article"]}, ARTICLE_DEFAULTS.keys() - doc["article"].keys()
    )
    text = article["text"]
    article.setdefault("text_sha256", textlib.sha256_hex(text))
    if "sentences" not in article:
        split = sentences or sentencelib.sentence_spans
        article["sentences"] = [list(span) for span in split(textlib.normalize(text))]
    if "headings" not in article:
        article["headings"] = headings_of(article["text"], article["sentences"], article["title"])
    annotations = []
    for i, row in enumerate(doc.get("annotations", [])):
        a = given({**ANNOTATION_DEFAULTS, **row}, ANNOTATION_DEFAULTS.keys() - row.keys())
        if "quote" not in a:
            if a.get("orphaned"):
                raise Problem(
                    f"annotations[{i}].quote",
                    "is missing: an orphaned annotation keeps the words its span lost",
                )
            start, end = a["start"], a["end"]
            a["quote"] = text[start:end] if 0 <= start < end <= len(text) else None
        annotations.append(a)
    completed = article_document(
        article=article,
        annotations=annotations,
        finished_by=doc.get("finished_by", []),
        verdicts=completed_verdicts(doc, text),
    )
    if "summary" in doc:
        completed["summary"] = {**completed["summary"], **doc["summary"]}
    if "history" in doc:
        completed["history"] = [{**EVENT_DEFAULTS, **event} for event in doc["history"]]
    return completed


def _check_timestamp(value: str | None, field: str) -> None:
    if value is None:
        return
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise Problem(field, f"{show(value)} is not a real date and time") from None


def _check_sentences(sentences: list, length: int) -> None:
    reached = 0
    for i, (start, end) in enumerate(sentences):
        if type(start) is not int or type(end) is not int:
            raise Problem(f"article.sentences[{i}]", "expected whole numbers")
        if not reached <= start < end <= length:
            raise Problem(
                f"article.sentences[{i}]",
                f"[{start}, {end}] is not inside the text (0–{length}) after the sentence before",
            )
        reached = end


def headings_of(text: str, sentences: list, title: str) -> list[list[int]]:
    """The sentences that are headings (annotate.sentences.heading_spans), of these ones."""
    given = {tuple(span) for span in sentences}
    found = sentencelib.heading_spans(textlib.normalize(text), sentences, title=title)
    return [list(span) for span in found if span in given]


def _check_headings(headings: list, sentences: list) -> None:
    given = {tuple(span) for span in sentences}
    reached = -1
    for i, span in enumerate(headings):
        if tuple(span) not in given or span[0] <= reached:
            raise Problem(
                f"article.headings[{i}]",
                f"{list(span)} is not one of the article's sentences, after the heading before",
            )
        reached = span[0]


def document_from_spans(
    *,
    title: str | None,
    uuid: str | None,
    source_url: str | None,
    text: str,
    found: list[tuple],
    sentences: Callable[[str], list] | None,
    verdicts: list[dict] = (),
) -> dict:
    """The document for a tool's file (Label Studio, doccano), which carries no ids or
    dates: None for those, and None (meaning "new") for the annotations' uuids; the
    editor when the file names one, else None; `sentences` from the callable when one
    is given, else [] for the app to compute at save. `found` holds
    (start, end, label, note, editor) tuples; `verdicts` dicts with start, end, label,
    note and decided_by.

    What the file does not carry is marked absent (`common.Given`): the article's
    metadata and timestamps, a title or source URL it lacks (None here; the title is then
    the text's first line, for a new article), the annotations' timestamps, a note that
    is None, an editor that is None."""
    article = {
        **ARTICLE_DEFAULTS,
        "uuid": uuid,
        "title": title if title is not None else first_line(text) or "Untitled",
        "source_url": source_url or "",
        "text": text,
        "text_sha256": textlib.sha256_hex(text),
        "sentences": [list(span) for span in sentences(text)] if sentences else [],
    }
    carried = {"id", "uuid", "source_url"} if source_url is not None else {"id", "uuid"}
    missing = ARTICLE_DEFAULTS.keys() - carried | ({"title"} if title is None else set())
    article = given(article, missing)
    article["headings"] = headings_of(text, article["sentences"], article["title"])
    annotations = [
        given(
            {
                **ANNOTATION_DEFAULTS,
                "start": start,
                "end": end,
                "quote": text[start:end],
                "label": label,
                "note": note or "",
                "editor": editor,
            },
            {"created_at", "updated_at"}
            | ({"note"} if note is None else set())
            | ({"editor"} if editor is None else set()),
        )
        for start, end, label, note, editor in found
    ]
    decided = [{**VERDICT_DEFAULTS, **v, "quote": text[v["start"] : v["end"]]} for v in verdicts]
    return article_document(article=article, annotations=annotations, verdicts=decided)


# jsonl shares json's reader: `formats.parse` splits a file into items, JSON or lines.
_READER = {"detect": is_document, "read": read, "shape": "an annotate article (with format)"}
JSON = Format("json", "our json export", "application/json", ".json", write_json, **_READER)
JSONL = Format(
    "jsonl", "our jsonl export", "application/x-ndjson", ".jsonl", write_jsonl, **_READER
)
