"""What every format shares: the writer's JSON, and the reader's checks and faults.

Pure, no Django. A reader raises `Problem(field, message)` for a fault inside one
article; `formats.parse` turns it into an `ImportFailure` that also names the article.

JSON is written with `ensure_ascii=False`, and U+0085, U+2028 and U+2029 are written as
`\\u` escapes: JSON allows them raw inside strings, but `str.splitlines()` and older
JavaScript treat them as line ends. JSON Lines output therefore splits on "\\n" only,
whichever way a reader splits it (json.dumps already escapes "\\n" and the other
control characters inside strings).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from annotate import text as textlib

LABELS = ("fact", "speculation", "hype")
STATUSES = ("draft", "in_review", "done")
NOTE_MAX = 500
TITLE_MAX = 300
URL_MAX = 2000
USERNAME_MAX = 150
TYPES = {
    "string": "a string",
    "integer": "a whole number",
    "object": "an object",
    "array": "a list",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}
UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_LINE_BREAKERS = ("\u0085", "\u2028", "\u2029")


@dataclass(frozen=True)
class Format:
    """One entry of the registry (`annotate.formats.FORMATS`).

    `title` names the format for people (the import page lists the ones it reads).
    `write(docs, *, exported_at, article_url, annotation_base_url)` yields the export
    as text chunks. A format that can be read has `detect(obj)`, true for one item of
    a file in this format, `read(obj, *, sentences)`, which returns the item as an
    `annotate.article/v1` document, and `shape`, how a message names such an item.
    `verdicts`: the writer needs each document's `verdicts` (the caller reads them).
    """

    name: str
    title: str
    content_type: str
    extension: str
    write: Callable[..., Iterator[str]]
    detect: Callable[[dict], bool] | None = None
    read: Callable[..., dict] | None = None
    shape: str = ""
    verdicts: bool = False


def dumps(obj: object) -> str:
    """One line of JSON: UTF-8 friendly, with no character a line splitter could cut at."""
    text = json.dumps(obj, ensure_ascii=False)
    for char in _LINE_BREAKERS:  # str.translate would visit every character: far slower
        if char in text:
            text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def json_list(items: Iterable[str], *, head: str = "[\n", tail: str = "\n]\n") -> Iterator[str]:
    yield head
    for n, item in enumerate(items):
        yield item if n == 0 else ",\n" + item
    yield tail


def live(annotations: list[dict]) -> list[dict]:
    """The annotations that hold a span of the text: not those orphaned by a text edit,
    whose offsets point into an older text (only our own JSON carries those)."""
    return [a for a in annotations if not a.get("orphaned")]


class Problem(Exception):
    """A fault inside one article, before we know where the article sits in the file."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


class ImportFailure(Exception):
    """Why a file cannot be imported, for an editor to read.

    `index` is the article's 0-based position in the file (None when the file as a
    whole is at fault); the message counts articles from 1, as people do. `field` is a
    dotted path inside that article, like "annotations[3].label"; `line` is set for
    JSON Lines.
    """

    def __init__(
        self,
        message: str,
        *,
        index: int | None = None,
        title: str | None = None,
        field: str = "",
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.index = index
        self.title = title
        self.field = field
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.index is not None:
            where = f"article {self.index + 1}" + (
                f' ("{short(self.title)}")' if self.title else ""
            )
        if self.line is not None:
            where += (", " if where else "") + f"line {self.line}"
        parts = [p for p in (where, self.field, self.message) if p]
        return ": ".join(parts)


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


def require(obj: dict, key: str, kind: type, parent: str, *, optional: bool = False) -> object:
    """`obj[key]`, which must be a `kind` (dict, list or non-empty str)."""
    field = f"{parent}.{key}" if parent else key
    if key not in obj and optional:
        return kind()
    if key not in obj:
        raise Problem(field, "is missing")
    value = obj[key]
    name = {dict: "object", list: "array", str: "string"}[kind]
    if not isinstance(value, kind):
        raise Problem(field, f"expected {TYPES[name]}, found {show(value)}")
    if kind is str and not value:
        raise Problem(field, "must not be empty")
    return value


def extras(holder: dict, text: str, prefix: str) -> tuple[str, str, str | None]:
    """The title (else the text's first line), source URL and uuid a tool's file may hold."""
    title = holder.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        title = first_line(text) or "Untitled"
    if not isinstance(title, str) or len(title) > TITLE_MAX:
        raise Problem(f"{prefix}title", f"expected a string of at most {TITLE_MAX} characters")
    source_url = holder.get("source_url") or ""
    uuid = holder.get("uuid")
    if not isinstance(source_url, str) or len(source_url) > URL_MAX:
        raise Problem(f"{prefix}source_url", f"expected a string of at most {URL_MAX} characters")
    if uuid is not None and not (isinstance(uuid, str) and UUID_PATTERN.match(uuid)):
        raise Problem(f"{prefix}uuid", f"{show(uuid)} is not a UUID")
    return title, source_url, uuid


def first_line(text: str) -> str:
    return next((line.strip() for line in text.split("\n") if line.strip()), "")[:80]


def show(value: object) -> str:
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return short(shown, 60)


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
