"""The checks every import reader shares: pure, no database.

A reader raises `Problem(field, message)` for a fault inside one article; `imports.parse`
turns it into an `ImportFailure` that also names the article.
"""

from __future__ import annotations

import json

from annotate import text as textlib
from annotate.exports import LABELS

NOTE_MAX = 500


class Problem(Exception):
    """A fault inside one article, before we know where the article sits in the file."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def check_text(text: str, *, field: str, annotated: bool) -> None:
    # \r is a line break normalization turns into \n; same length, so the index holds.
    bad = textlib.bad_character(text.replace("\r", "\n"))
    if bad is not None:
        raise Problem(
            field,
            f"holds a {bad[1]} at character {bad[0]}; "
            "only line breaks and tabs are allowed among control characters",
        )
    if len(text) > textlib.MAX_TEXT_LENGTH:
        raise Problem(
            field, f"is {len(text):,} characters; the limit is {textlib.MAX_TEXT_LENGTH:,}"
        )
    normalized = textlib.normalize(text)
    if annotated and normalized != text:
        pairs = enumerate(zip(text, normalized, strict=False))
        at = next((i for i, (a, b) in pairs if a != b), len(normalized))
        raise Problem(
            field,
            "is not normalized as annotate stores text (Unicode NFC, \\n line breaks; first "
            f"difference at character {at}). Normalizing it would move the annotations off "
            "their words, so it is refused: normalize the text and recompute the offsets, "
            "or import it without annotations.",
        )


def check_short_strings(doc: dict) -> None:
    """Titles, names and notes hold no NUL (PostgreSQL refuses it) nor the control
    characters the text may not hold: refused here, with a message, not by the database."""
    article = doc["article"]
    fields = [(article.get(key), f"article.{key}") for key in ("title", "outlet", "created_by")]
    for i, a in enumerate(doc["annotations"]):
        fields += [
            (a.get("editor"), f"annotations[{i}].editor"),
            (a.get("note"), f"annotations[{i}].note"),
        ]
    for value, field in fields:
        bad = textlib.bad_character(value) if isinstance(value, str) else None
        if bad is not None:
            at, char = bad[0], value[bad[0]]
            what = "a NUL character" if char == "\0" else "a control character"
            raise Problem(field, f"holds {what} (U+{ord(char):04X}) at character {at}")


def check_span(
    text: str, start: object, end: object, *, field: str, names: tuple = (".start", ".end")
) -> None:
    for value, name in ((start, names[0]), (end, names[1])):
        if type(value) is not int:
            raise Problem(f"{field}{name}", f"expected a whole number, found {show(value)}")
        if value < 0:
            raise Problem(f"{field}{name}", f"must be 0 or more, found {value}")
    if start >= end:
        raise Problem(field, f"starts at {start} but ends at {end}: the start must come first")
    if end > len(text):
        raise Problem(f"{field}{names[1]}", f"is {end}, past the end of the text ({len(text)})")


def check_quote(text: str, start: int, end: int, quote: object, *, field: str) -> None:
    if quote != text[start:end]:
        raise Problem(
            field,
            f"{show(quote)} is not the text at {start}–{end}, which reads {show(text[start:end])}",
        )


def check_label(label: object, field: str) -> None:
    if label not in LABELS:
        raise Problem(field, f"{show(label)} is not one of {', '.join(LABELS)}")


def check_note(note: str, field: str) -> None:
    if len(note) > NOTE_MAX:
        raise Problem(field, f"is {len(note)} characters long; the limit is {NOTE_MAX}")


def check_new_span(spans: set, key: tuple, *, field: str) -> None:
    editor, start, end = key
    if key in spans:
        who = repr(editor) if editor else "the same editor"
        raise Problem(
            field, f"{who} tagged {start}–{end} twice; annotate keeps one label per editor and span"
        )
    spans.add(key)


def first_line(text: str) -> str:
    return next((line.strip() for line in text.split("\n") if line.strip()), "")[:80]


def show(value: object) -> str:
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return short(shown, 60)


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
