"""Serializers for the export formats: pure functions of `annotate.article/v1` documents.

Every function takes and returns plain data (dicts, lists, str); the views and the
`export_articles` command build the documents from the database and stream what
`stream()` yields.

Offsets are Unicode code points (Python `str` indices) in every format. Label Studio's
Text tag has stored code points too since its frontend fixed emoji offsets (2022); a
consumer that counts UTF-16 code units (JavaScript `String` indices) converts with
`len(text[:offset].encode("utf-16-le")) // 2` in Python, or
`[...text].slice(0, offset).join("").length` in JavaScript.

JSON is written with `ensure_ascii=False`, and U+0085, U+2028 and U+2029 are written as
`\\u` escapes: JSON allows them raw inside strings, but `str.splitlines()` and older
JavaScript treat them as line ends. JSON Lines output therefore splits on "\\n" only,
whichever way a reader splits it (json.dumps already escapes "\\n" and the other
control characters inside strings).
"""

from __future__ import annotations

import json
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator

from annotate import text as textlib

ARTICLE_FORMAT = "annotate.article/v1"
EXPORT_FORMAT = "annotate.export/v1"
LABELS = ("fact", "speculation", "hype")
STATUSES = ("draft", "in_review", "done")
FORMATS = ("json", "jsonl", "w3c", "labelstudio", "doccano")

# format -> (content type, file extension)
CONTENT_TYPES: dict[str, tuple[str, str]] = {
    "json": ("application/json", ".json"),
    "jsonl": ("application/x-ndjson", ".jsonl"),
    "w3c": ('application/ld+json;profile="http://www.w3.org/ns/anno.jsonld"', ".jsonld"),
    "labelstudio": ("application/json", ".json"),
    "doccano": ("application/x-ndjson", ".jsonl"),
}

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32  # code points of prefix and suffix in a TextQuoteSelector

LABELSTUDIO_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="fact" hotkey="f"/>
    <Label value="speculation" hotkey="s"/>
    <Label value="hype" hotkey="h"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>
"""

_LINE_BREAKERS = ("\u0085", "\u2028", "\u2029")


def dumps(obj: object) -> str:
    """One line of JSON: UTF-8 friendly, with no character a line splitter could cut at."""
    text = json.dumps(obj, ensure_ascii=False)
    for char in _LINE_BREAKERS:  # str.translate would visit every character: far slower
        if char in text:
            text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def summary(*, text_sentences: list, annotations: list[dict]) -> dict:
    """Counts per label, and the sentences that at least one annotation overlaps.

    `text_sentences` are [start, end] pairs in text order that do not overlap, as the
    article stores them. A span overlaps a sentence when start < s.end and end > s.start.
    """
    counts = dict.fromkeys(LABELS, 0)
    sentences = sorted((int(s), int(e)) for s, e in text_sentences)
    tagged = live(annotations)
    for annotation in tagged:
        if annotation["label"] in counts:
            counts[annotation["label"]] += 1
    spans = ((a["start"], a["end"]) for a in tagged)
    return {
        **counts,
        "sentences": len(sentences),
        "sentences_tagged": textlib.count_tagged(sentences, spans),
    }


def live(annotations: list[dict]) -> list[dict]:
    """The annotations that hold a span of the text: not those orphaned by a text edit,
    whose offsets point into an older text (only our own JSON carries those)."""
    return [a for a in annotations if not a.get("orphaned")]


def article_document(*, article: dict, annotations: list[dict]) -> dict:
    """The `annotate.article/v1` document for an article dict and its annotation dicts."""
    return {
        "format": ARTICLE_FORMAT,
        "article": article,
        "annotations": annotations,
        "summary": summary(text_sentences=article["sentences"], annotations=annotations),
    }


def w3c_annotations(doc: dict, *, article_url: str, annotation_base_url: str) -> list[dict]:
    """One W3C Web Annotation per span.

    The motivation is `tagging`: the model's tagging pattern is a TextualBody whose value
    is the tag, which is what a label is here (`classifying` is for a body that is the
    IRI of a class). A note becomes a second TextualBody with the purpose `commenting`.
    `id` is `annotation_base_url + uuid`, or `urn:uuid:<uuid>` when the base is empty.
    """
    article = doc["article"]
    text = article["text"]
    source = article["source_url"] or article_url
    items = []
    for a in live(doc["annotations"]):
        start, end = a["start"], a["end"]
        # prefix and suffix are "" at the text's edges: the model says a TextQuoteSelector
        # SHOULD have both, and "" tells a re-anchorer the quote starts or ends the text.
        quote = {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
            "suffix": text[end : end + QUOTE_CONTEXT],
        }
        body = [{"type": "TextualBody", "value": a["label"], "purpose": "tagging"}]
        if a["note"]:
            body.append({"type": "TextualBody", "value": a["note"], "purpose": "commenting"})
        for part in body:
            part["format"] = "text/plain"
        items.append(
            {
                "@context": W3C_CONTEXT,
                "id": f"{annotation_base_url or 'urn:uuid:'}{a['uuid']}",
                "type": "Annotation",
                "motivation": "tagging",
                "created": a["created_at"],
                "modified": a["updated_at"],
                "creator": {"type": "Person", "nickname": a["editor"]},
                "body": body,
                "target": {
                    "type": "SpecificResource",
                    "source": source,
                    "selector": [
                        quote,
                        {"type": "TextPositionSelector", "start": start, "end": end},
                    ],
                },
            }
        )
    return items


def w3c_collection(
    docs: Iterable[dict],
    *,
    exported_at: str,
    article_url: Callable[[dict], str],
    annotation_base_url: str,
    collection_id: str | None = None,
) -> Iterator[str]:
    """An AnnotationCollection with every annotation in one embedded AnnotationPage, as
    chunks of JSON. `total` comes last, so that nothing has to be counted in advance.

    Without `collection_id`, the collection is named by a UUID derived from
    `exported_at`, so that the same export always gets the same identifiers.
    """
    if collection_id is None:
        collection_id = (
            f"urn:uuid:{uuidlib.uuid5(uuidlib.NAMESPACE_URL, 'annotate:' + exported_at)}"
        )
    head = {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "annotate export",
        "generated": exported_at,
        "generator": {"type": "Software", "name": "annotate"},
    }
    page = {"id": f"{collection_id}#page1", "type": "AnnotationPage", "startIndex": 0}
    yield dumps(head)[:-1] + ', "first": ' + dumps(page)[:-1] + ', "items": [\n'
    total = 0
    for doc in docs:
        for item in w3c_annotations(
            doc, article_url=article_url(doc), annotation_base_url=annotation_base_url
        ):
            del item["@context"]  # the collection's context covers its items
            yield ("" if total == 0 else ",\n") + dumps(item)
            total += 1
    yield f'\n]}}, "total": {total}}}\n'


def _result_id(annotation_uuid: str) -> str:
    # Label Studio's own region ids are 10 characters; the UUID's first 10 hex digits
    # keep the id stable from one export to the next.
    return annotation_uuid.replace("-", "")[:10]


def labelstudio_task(doc: dict) -> dict:
    """A Label Studio task for `LABELSTUDIO_CONFIG`, one annotation per editor.

    `completed_by` is left out: Label Studio reads it as its own user id or an object
    with an `email`, and rejects anything else; it files the annotations under the
    user who imports them. The editor's username goes in `annotate_editor`, which
    Label Studio ignores and `imports.parse` reads back. A note becomes the region's
    `meta.text`, Label Studio's own place for a region's note.
    """
    article = doc["article"]
    by_editor: dict[str, list[dict]] = {}
    for a in live(doc["annotations"]):
        value = {"start": a["start"], "end": a["end"], "text": a["quote"], "labels": [a["label"]]}
        result = {
            "id": _result_id(a["uuid"]),
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": value,
        }
        if a["note"]:
            result["meta"] = {"text": [a["note"]]}
        by_editor.setdefault(a["editor"], []).append(result)
    return {
        "id": article["id"],
        "data": {
            "text": article["text"],
            "title": article["title"],
            "uuid": article["uuid"],
            "source_url": article["source_url"],
        },
        "annotations": [
            {"annotate_editor": editor, "result": results, "was_cancelled": False}
            for editor, results in by_editor.items()
        ],
    }


def doccano_line(doc: dict) -> dict:
    """A doccano sequence-labelling line; doccano keeps the extra keys as metadata.

    `annotate_editors[i]` is the editor of `label[i]`: two editors may tag one span
    differently, and import needs to know whose each label is.
    """
    article = doc["article"]
    spans = live(doc["annotations"])
    return {
        "id": article["id"],
        "uuid": article["uuid"],
        "title": article["title"],
        "text": article["text"],
        "label": [[a["start"], a["end"], a["label"]] for a in spans],
        "annotate_editors": [a["editor"] for a in spans],
    }


def _json_list(items: Iterable[str], *, head: str = "[\n", tail: str = "\n]\n") -> Iterator[str]:
    yield head
    for n, item in enumerate(items):
        yield item if n == 0 else ",\n" + item
    yield tail


def stream(
    format: str,
    docs: Iterable[dict],
    *,
    exported_at: str,
    article_url: Callable[[dict], str],
    annotation_base_url: str,
) -> Iterator[str]:
    """The bulk export in `format` as text chunks, one article (or annotation) at a time.

    `docs` is consumed lazily; `article_url(doc)` gives the article's page for the W3C
    target when it has no `source_url`.
    """
    if format == "json":
        head = dumps({"format": EXPORT_FORMAT, "exported_at": exported_at})[:-1]
        return _json_list(map(dumps, docs), head=head + ', "articles": [\n', tail="\n]}\n")
    if format == "jsonl":
        return (dumps(doc) + "\n" for doc in docs)
    if format == "w3c":
        return w3c_collection(
            docs,
            exported_at=exported_at,
            article_url=article_url,
            annotation_base_url=annotation_base_url,
        )
    if format == "labelstudio":
        return _json_list(dumps(labelstudio_task(doc)) for doc in docs)
    if format == "doccano":
        return (dumps(doccano_line(doc)) + "\n" for doc in docs)
    raise ValueError(f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}")
