"""W3C Web Annotation Data Model (JSON-LD): one Annotation per span; written only.

An export is an AnnotationCollection with every annotation in one embedded
AnnotationPage. Offsets in the TextPositionSelector are Unicode code points.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator

from annotate.formats.common import Format, dumps, live
from annotate.formats.layers import NONE

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32  # code points of prefix and suffix in a TextQuoteSelector


def w3c_annotations(doc: dict, *, article_url: str, annotation_base_url: str) -> list[dict]:
    """One W3C Web Annotation per span.

    The motivation is `tagging`: the model's tagging pattern is a TextualBody whose value
    is the tag, which is what a label is here (`classifying` is for a body that is the
    IRI of a class). A note becomes a second TextualBody with the purpose `commenting`.
    `id` is `annotation_base_url + uuid`, or `urn:uuid:<uuid>` when the base is empty.

    A lead's verdict that gives a label becomes an Annotation with the motivation
    `assessing` (the model's word for judging the target), its body's purpose
    `assessing` too, the lead as creator; a verdict of `none` is left out.
    """
    article = doc["article"]
    text = article["text"]
    source = article["source_url"] or article_url
    items = []
    spans = [
        (a, "tagging", a["editor"], a["created_at"], a["updated_at"])
        for a in live(doc["annotations"])
    ]
    spans += [
        (v, "assessing", v["decided_by"], v["decided_at"], v["decided_at"])
        for v in doc.get("verdicts", ())
        if v["label"] != NONE
    ]
    for a, motivation, creator, created, modified in spans:
        start, end = a["start"], a["end"]
        # prefix and suffix are "" at the text's edges: the model says a TextQuoteSelector
        # SHOULD have both, and "" tells a re-anchorer the quote starts or ends the text.
        quote = {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
            "suffix": text[end : end + QUOTE_CONTEXT],
        }
        body = [{"type": "TextualBody", "value": a["label"], "purpose": motivation}]
        if a["note"]:
            body.append({"type": "TextualBody", "value": a["note"], "purpose": "commenting"})
        for part in body:
            part["format"] = "text/plain"
        items.append(
            {
                "@context": W3C_CONTEXT,
                "id": f"{annotation_base_url or 'urn:uuid:'}{a['uuid']}",
                "type": "Annotation",
                "motivation": motivation,
                "created": created,
                "modified": modified,
                "creator": {"type": "Person", "nickname": creator},
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
    **_: object,
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


W3C = Format(
    "w3c",
    "W3C Web Annotations (JSON-LD)",
    'application/ld+json;profile="http://www.w3.org/ns/anno.jsonld"',
    ".jsonld",
    w3c_collection,
)
