"""Documents and helpers the format tests share: plain data, no database."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from annotate import formats
from annotate.formats import ImportFailure, native, parse
from annotate.text import sha256_hex

PARAGRAPHS = [
    [
        "Acme's 👩‍💻 chip is the greatest leap in computing history.",
        "Engineers in 東京 say it could ship by 2027.",
    ],
    [
        "According to Reuters, revenue rose 12% to $4.2 billion.",
        "The Arabic name شركة أكمي appears on every box 🇯🇵.",
        "Analysts call it a formidable rival.",
        "Shares closed flat.",
    ],
]


SPANS = [
    # (editor, label, quote, note); the quote's first occurrence in the text is the span.
    ("alice", "hype", "the greatest leap in computing history", "superlative, no benchmark"),
    ("alice", "fact", "According to Reuters, revenue rose 12% to $4.2 billion.", ""),
    ("bob", "speculation", "could ship by 2027", ""),
    ("bob", "hype", "Acme's 👩‍💻 chip is the greatest leap in computing history.", ""),
    ("carol", "fact", "شركة أكمي", "the name in Arabic 👩‍💻"),
    ("carol", "speculation", "every box 🇯🇵. Analysts call it", ""),
]


TIME = "2026-11-26T22:40:00Z"


TITLE = "Acme's chip, take 1"  # the second article: failures must name it, not the first


NEW_UUID = "0e3f1b7a-2a4c-4d6e-8f00-123456789abc"


def make_doc(
    *, seed: int = 0, notes: bool = True, source_url: str = "https://news.example/acme-chip"
) -> dict:
    """A valid article document: emoji (a ZWJ sequence and a flag), CJK, an RTL word,
    overlapping spans and one span across two sentences."""
    text, sentences = "", []
    for p, paragraph in enumerate(PARAGRAPHS):
        for s, sentence in enumerate(paragraph):
            text += "\n\n" if p and not s else " " if s else ""
            sentences.append([len(text), len(text) + len(sentence)])
            text += sentence
    article = {
        "id": 7 + seed,
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"article-{seed}")),
        "title": f"Acme's chip, take {seed}",
        "source_url": source_url,
        "outlet": "Example News",
        "published_on": "2026-11-25",
        "status": "in_review",
        "created_by": "alice",
        "created_at": TIME,
        "updated_at": "2026-11-26T23:00:00.123456Z",
        "text": text,
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "sentences": sentences,
        "headings": [],
    }
    annotations = []
    for n, (editor, label, quote, note) in enumerate(SPANS):
        start = text.index(quote)
        annotations.append(
            {
                "id": 100 * seed + n + 1,
                "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"annotation-{seed}-{n}")),
                "start": start,
                "end": start + len(quote),
                "quote": quote,
                "label": label,
                "note": note if notes else "",
                "editor": editor,
                "created_at": TIME,
                "updated_at": TIME,
            }
        )
    annotations.sort(key=lambda a: (a["start"], a["end"], a["id"]))
    return native.article_document(article=article, annotations=annotations)


def export_all(fmt: str, docs: list[dict], **kwargs) -> str:
    return "".join(
        formats.stream(
            fmt,
            iter(docs),
            exported_at=TIME,
            article_url=lambda doc: f"https://annotate.example/articles/{doc['article']['id']}/",
            annotation_base_url=kwargs.get("base", "https://annotate.example/annotations/"),
        )
    )


def bulk(docs: list[dict]) -> str:
    return export_all("json", docs)


def spans(docs: list[dict]) -> list[list[tuple]]:
    return [
        sorted((a["start"], a["end"], a["label"], a["quote"]) for a in doc["annotations"])
        for doc in docs
    ]


def failure_of(mutate, *, fmt: str = "json") -> ImportFailure:
    """Break the second of two exported articles with `mutate(doc)`, and parse."""
    docs = [make_doc(seed=0), make_doc(seed=1)]
    mutate(docs[1])
    with pytest.raises(ImportFailure) as caught:
        parse(export_all(fmt, docs))
    return caught.value


def retext(doc: dict, text: str) -> None:
    doc["article"]["text"] = text
    doc["article"]["text_sha256"] = sha256_hex(text)


def set_annotation(i: int, **values):
    return lambda doc: doc["annotations"][i].update(values)
