"""Read files to import, and check them: pure, no database.

`parse()` reads our bulk JSON, one article document, our JSON Lines, Label Studio tasks
and doccano JSON Lines, and returns `annotate.article/v1` documents, or raises
`ImportFailure` naming the article and the field at fault. Our own format is checked
against the JSON Schema first, then for what a schema cannot say (offsets inside the
text, quotes, digests, duplicates).

Label Studio and doccano files carry no identities or dates: their documents hold None
for the article's `id`, `created_by` and timestamps and for the annotations' `id`,
`uuid` (None meaning "new") and timestamps; the editor when the file names one, else
None; and `sentences` from the `sentences` callable when one is given, else [] for the
app to compute at save. Label Studio predictions are not annotations and are not read.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from annotate.exports import ARTICLE_FORMAT, EXPORT_FORMAT, LABELS, article_document, summary

SCHEMA_DIR = Path(__file__).parent / "schemas"
SCHEMAS = {"article": "article-v1.schema.json", "export": "export-v1.schema.json"}
NOTE_MAX = 500
TITLE_MAX = 300
USERNAME_MAX = 150

_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_TYPES = {
    "string": "a string",
    "integer": "a whole number",
    "object": "an object",
    "array": "a list",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


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
                f' ("{_short(self.title)}")' if self.title else ""
            )
        if self.line is not None:
            where += (", " if where else "") + f"line {self.line}"
        parts = [p for p in (where, self.field, self.message) if p]
        return ": ".join(parts)


class _Problem(Exception):
    """A fault inside one article, before we know where the article sits in the file."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@cache
def schema_registry() -> Registry:
    resources = []
    for name in SCHEMAS.values():
        contents = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator for the "article" or "export" schema, with its $refs resolved."""
    registry = schema_registry()
    return Draft202012Validator(registry.contents(SCHEMAS[name]), registry=registry)


def normalize(text: str) -> str:
    """What the app stores: line breaks as "\\n", Unicode NFC (as annotate/text.py does)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse(data: str, *, sentences: Callable[[str], list] | None = None) -> list[dict]:
    """Every article in `data`, as `annotate.article/v1` documents; all or nothing."""
    data = data.removeprefix("\ufeff")
    if not data.strip():
        raise ImportFailure("the file is empty")
    try:
        items = _top_level(_loads(data))
    except json.JSONDecodeError as error:
        items = _json_lines(data)
        if items is None:
            raise ImportFailure(
                f"this is not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
            ) from None
    docs = []
    for index, (obj, line) in enumerate(items):
        try:
            doc = _document(obj, sentences=sentences)
            _check_short_strings(doc)
            docs.append(doc)
        except _Problem as problem:
            raise ImportFailure(
                problem.message, index=index, title=_title_of(obj), field=problem.field, line=line
            ) from None
    _check_unique(docs, [line for _, line in items])
    return docs


def _reject_constant(name: str) -> float:
    raise ImportFailure(f"{name} is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise ImportFailure(f"the key {key!r} appears twice in one object")
    return obj


def _loads(text: str) -> object:
    return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_reject_constant)


def _top_level(value: object) -> list[tuple[object, None]]:
    if isinstance(value, dict) and (value.get("format") == EXPORT_FORMAT or "articles" in value):
        # The wrapper alone: each article is checked on its own, to name it on failure.
        articles = value.get("articles")
        wrapper = {**value, "articles": []} if isinstance(articles, list) else value
        error = best_match(validator("export").iter_errors(wrapper))
        if error is not None:
            field, message = _describe(error)
            raise ImportFailure(message, field=field)
        return [(article, None) for article in articles]
    if isinstance(value, dict):
        return [(value, None)]
    if isinstance(value, list):
        return [(item, None) for item in value]
    raise ImportFailure(f"expected a JSON object or list, found {_show(value)}")


def _json_lines(data: str) -> list[tuple[object, int]] | None:
    """Our JSON Lines or doccano's, split on "\\n" only; None when `data` is not JSON Lines."""
    numbered = [(n, line) for n, line in enumerate(data.split("\n"), 1) if line.strip()]
    try:
        first = _loads(numbered[0][1])
    except json.JSONDecodeError:
        return None
    if len(numbered) < 2 or not isinstance(first, dict):
        return None
    items: list[tuple[object, int]] = []
    for n, line in numbered:
        try:
            items.append((_loads(line), n))
        except json.JSONDecodeError as error:
            raise ImportFailure(
                f"this line is not JSON: {error.msg} at column {error.colno}",
                index=len(items),
                line=n,
            ) from None
        except ImportFailure as failure:
            raise ImportFailure(failure.message, index=len(items), line=n) from None
    return items


def _title_of(obj: object) -> str | None:
    if not isinstance(obj, dict):
        return None
    holder = obj.get("article") if "format" in obj else obj.get("data", obj)
    if not isinstance(holder, dict):
        return None
    title, text = holder.get("title"), holder.get("text")
    if isinstance(title, str) and title.strip():
        return title
    return _first_line(text) if isinstance(text, str) else None


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.split("\n") if line.strip()), "")[:80]


def _document(obj: object, *, sentences: Callable[[str], list] | None) -> dict:
    if not isinstance(obj, dict):
        raise _Problem("", f"expected an object, found {_show(obj)}")
    if "format" in obj:
        if obj["format"] != ARTICLE_FORMAT:
            raise _Problem("format", f"is {_show(obj['format'])}; expected {ARTICLE_FORMAT!r}")
        return _checked_article(obj)
    if "data" in obj:
        return _from_labelstudio(obj, sentences=sentences)
    if "text" in obj and "label" in obj:
        return _from_doccano(obj, sentences=sentences)
    raise _Problem(
        "",
        "is neither an annotate article (with format), a Label Studio task (with data.text) "
        "nor a doccano line (with text and label)",
    )


def _checked_article(doc: dict) -> dict:
    error = best_match(validator("article").iter_errors(doc))
    if error is not None:
        raise _Problem(*_describe(error))
    article, annotations = doc["article"], doc["annotations"]
    text = article["text"]
    _check_text(text, field="article.text", annotated=bool(annotations))
    if sha256_hex(text) != article["text_sha256"]:
        raise _Problem(
            "article.text_sha256",
            "does not match the text: the text (or the digest) was changed after export",
        )
    for key in ("created_at", "updated_at"):
        _check_timestamp(article[key], f"article.{key}")
    if article["published_on"] is not None:
        try:
            date.fromisoformat(article["published_on"])
        except ValueError:
            raise _Problem("article.published_on", "is not a real date") from None
    _check_sentences(article["sentences"], len(text))
    spans = set()
    for i, a in enumerate(annotations):
        field = f"annotations[{i}]"
        for key in ("created_at", "updated_at"):
            _check_timestamp(a[key], f"{field}.{key}")
        if a.get("orphaned"):
            continue  # its offsets point into an older text: nothing to check them against
        _check_span(text, a["start"], a["end"], field=field)
        if a["quote"] != text[a["start"] : a["end"]]:
            raise _Problem(
                f"{field}.quote",
                f"{_show(a['quote'])} is not the text at {a['start']}–{a['end']}, "
                f"which reads {_show(text[a['start'] : a['end']])}",
            )
        _check_new_span(spans, (a["editor"], a["start"], a["end"]), field=field)
    expected = summary(text_sentences=article["sentences"], annotations=annotations)
    for key, value in expected.items():
        if doc["summary"][key] != value:
            raise _Problem(
                f"summary.{key}", f"is {doc['summary'][key]} but the annotations give {value}"
            )
    return doc


def _from_labelstudio(task: dict, *, sentences: Callable[[str], list] | None) -> dict:
    data = _require(task, "data", dict, "")
    text = _require(data, "text", str, "data")
    title, source_url, uuid = _extras(data, text, "data.")
    found = []
    spans: set = set()
    for i, annotation in enumerate(_require(task, "annotations", list, "", optional=True)):
        field = f"annotations[{i}]"
        if not isinstance(annotation, dict):
            raise _Problem(field, f"expected an object, found {_show(annotation)}")
        if annotation.get("was_cancelled"):
            continue
        editor = _labelstudio_editor(annotation, field)
        for j, result in enumerate(_require(annotation, "result", list, field, optional=True)):
            rfield = f"{field}.result[{j}]"
            if not isinstance(result, dict) or result.get("type") != "labels":
                kind = result.get("type") if isinstance(result, dict) else result
                raise _Problem(
                    rfield, f"is a {_show(kind)} result; only text spans ('labels') can be read"
                )
            value = _require(result, "value", dict, rfield)
            labels = _require(value, "labels", list, f"{rfield}.value")
            if len(labels) != 1:
                raise _Problem(
                    f"{rfield}.value.labels",
                    f"has {len(labels)} labels; annotate keeps exactly one label per span",
                )
            start, end = value.get("start"), value.get("end")
            _check_span(text, start, end, field=f"{rfield}.value")
            _check_label(labels[0], f"{rfield}.value.labels[0]")
            quote = value.get("text", text[start:end])
            if quote != text[start:end]:
                raise _Problem(
                    f"{rfield}.value.text",
                    f"{_show(quote)} is not the text at {start}–{end}, "
                    f"which reads {_show(text[start:end])}",
                )
            meta = result.get("meta") if isinstance(result.get("meta"), dict) else {}
            note = "\n".join(t for t in meta.get("text", []) if isinstance(t, str))
            _check_note(note, f"{rfield}.meta.text")
            _check_new_span(spans, (editor, start, end), field=rfield)
            found.append((start, end, labels[0], note, editor))
    _check_text(text, field="data.text", annotated=bool(found))
    return _synthesized(title, uuid, source_url, text, found, sentences)


def _from_doccano(line: dict, *, sentences: Callable[[str], list] | None) -> dict:
    text = _require(line, "text", str, "")
    title, source_url, uuid = _extras(line, text, "")
    found = []
    spans: set = set()
    for i, item in enumerate(_require(line, "label", list, "")):
        field = f"label[{i}]"
        if isinstance(item, str):
            raise _Problem(field, "is a class, not a span: this is doccano text classification")
        if not isinstance(item, list) or len(item) != 3:
            raise _Problem(field, f"expected [start, end, label], found {_show(item)}")
        start, end, label = item
        _check_span(text, start, end, field=field, names=("[0]", "[1]"))
        _check_label(label, f"{field}[2]")
        _check_new_span(spans, (None, start, end), field=field)
        found.append((start, end, label, "", None))
    _check_text(text, field="text", annotated=bool(found))
    return _synthesized(title, uuid, source_url, text, found, sentences)


def _require(obj: dict, key: str, kind: type, parent: str, *, optional: bool = False) -> object:
    field = f"{parent}.{key}" if parent else key
    if key not in obj and optional:
        return kind()
    if key not in obj:
        raise _Problem(field, "is missing")
    value = obj[key]
    name = {dict: "object", list: "array", str: "string"}[kind]
    if not isinstance(value, kind):
        raise _Problem(field, f"expected {_TYPES[name]}, found {_show(value)}")
    if kind is str and not value:
        raise _Problem(field, "must not be empty")
    return value


def _extras(holder: dict, text: str, prefix: str) -> tuple[str, str, str | None]:
    title = holder.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        title = _first_line(text) or "Untitled"
    if not isinstance(title, str) or len(title) > TITLE_MAX:
        raise _Problem(f"{prefix}title", f"expected a string of at most {TITLE_MAX} characters")
    source_url = holder.get("source_url") or ""
    uuid = holder.get("uuid")
    if not isinstance(source_url, str):
        raise _Problem(f"{prefix}source_url", f"expected a string, found {_show(source_url)}")
    if uuid is not None and not (isinstance(uuid, str) and _UUID.match(uuid)):
        raise _Problem(f"{prefix}uuid", f"{_show(uuid)} is not a UUID")
    return title, source_url, uuid


def _labelstudio_editor(annotation: dict, field: str) -> str | None:
    # Ours first; then Label Studio's own: a user id (meaningless here) or a user object.
    editor = annotation.get("annotate_editor", annotation.get("completed_by"))
    if isinstance(editor, dict):
        editor = editor.get("username")
    if not isinstance(editor, str):
        return None
    if not editor or len(editor) > USERNAME_MAX:
        raise _Problem(f"{field}.annotate_editor", "is not a username")
    return editor


def _synthesized(title, uuid, source_url, text, found, sentences) -> dict:
    article = {
        "id": None,
        "uuid": uuid,
        "title": title,
        "source_url": source_url,
        "outlet": "",
        "published_on": None,
        "status": "draft",
        "created_by": None,
        "created_at": None,
        "updated_at": None,
        "text": text,
        "text_sha256": sha256_hex(text),
        "sentences": [list(span) for span in sentences(text)] if sentences else [],
    }
    annotations = [
        {
            "id": None,
            "uuid": None,
            "start": start,
            "end": end,
            "quote": text[start:end],
            "label": label,
            "note": note,
            "editor": editor,
            "created_at": None,
            "updated_at": None,
        }
        for start, end, label, note, editor in found
    ]
    return article_document(article=article, annotations=annotations)


def _check_text(text: str, *, field: str, annotated: bool) -> None:
    bad = _BAD_CHARACTER.search(text)
    if bad is not None:
        char = bad.group()
        what = (
            "a NUL character"
            if char == "\0"
            else "a lone surrogate (half of an emoji?)"
            if "\ud800" <= char <= "\udfff"
            else "a control character"
        )
        raise _Problem(
            field,
            f"holds {what} (U+{ord(char):04X}) at character {bad.start()}; "
            "only line breaks and tabs are allowed among control characters",
        )
    if annotated and normalize(text) != text:
        pairs = enumerate(zip(text, normalize(text), strict=False))
        at = next((i for i, (a, b) in pairs if a != b), len(normalize(text)))
        raise _Problem(
            field,
            "is not normalized as annotate stores text (Unicode NFC, \\n line breaks; first "
            f"difference at character {at}). Normalizing it would move the annotations off "
            "their words, so it is refused: normalize the text and recompute the offsets, "
            "or import it without annotations.",
        )


def _check_span(
    text: str, start: object, end: object, *, field: str, names: tuple = (".start", ".end")
) -> None:
    for value, name in ((start, names[0]), (end, names[1])):
        if type(value) is not int:
            raise _Problem(f"{field}{name}", f"expected a whole number, found {_show(value)}")
        if value < 0:
            raise _Problem(f"{field}{name}", f"must be 0 or more, found {value}")
    if start >= end:
        raise _Problem(field, f"starts at {start} but ends at {end}: the start must come first")
    if end > len(text):
        raise _Problem(f"{field}{names[1]}", f"is {end}, past the end of the text ({len(text)})")


def _check_short_strings(doc: dict) -> None:
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
        bad = _BAD_CHARACTER.search(value) if isinstance(value, str) else None
        if bad is not None:
            what = "a NUL character" if bad.group() == "\0" else "a control character"
            raise _Problem(
                field, f"holds {what} (U+{ord(bad.group()):04X}) at character {bad.start()}"
            )


def _check_label(label: object, field: str) -> None:
    if label not in LABELS:
        raise _Problem(field, f"{_show(label)} is not one of {', '.join(LABELS)}")


def _check_note(note: str, field: str) -> None:
    if len(note) > NOTE_MAX:
        raise _Problem(field, f"is {len(note)} characters long; the limit is {NOTE_MAX}")


def _check_new_span(spans: set, key: tuple, *, field: str) -> None:
    editor, start, end = key
    if key in spans:
        who = repr(editor) if editor else "the same editor"
        raise _Problem(
            field, f"{who} tagged {start}–{end} twice; annotate keeps one label per editor and span"
        )
    spans.add(key)


def _check_timestamp(value: str, field: str) -> None:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise _Problem(field, f"{_show(value)} is not a real date and time") from None


def _check_sentences(sentences: list, length: int) -> None:
    reached = 0
    for i, (start, end) in enumerate(sentences):
        if type(start) is not int or type(end) is not int:
            raise _Problem(f"article.sentences[{i}]", "expected whole numbers")
        if not reached <= start < end <= length:
            raise _Problem(
                f"article.sentences[{i}]",
                f"[{start}, {end}] is not inside the text (0–{length}) after the sentence before",
            )
        reached = end


def _check_unique(docs: list[dict], lines: list[int | None]) -> None:
    articles: dict[str, int] = {}
    annotations: dict[str, tuple[int, int]] = {}
    for index, doc in enumerate(docs):
        where = {"index": index, "title": doc["article"]["title"], "line": lines[index]}
        uuid = doc["article"]["uuid"]
        if uuid is not None:
            if uuid.lower() in articles:
                message = f"is also the UUID of article {articles[uuid.lower()] + 1}"
                raise ImportFailure(message, field="article.uuid", **where)
            articles[uuid.lower()] = index
        for i, a in enumerate(doc["annotations"]):
            if a["uuid"] is None:
                continue
            if a["uuid"].lower() in annotations:
                other, j = annotations[a["uuid"].lower()]
                message = f"{a['uuid']} is also the UUID of article {other + 1}'s annotations[{j}]"
                raise ImportFailure(message, field=f"annotations[{i}].uuid", **where)
            annotations[a["uuid"].lower()] = (index, i)


def _describe(error: ValidationError) -> tuple[str, str]:
    """A schema error as (field path, message for an editor)."""
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    field = field.lstrip(".")
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if keyword == "required":
        missing = next(key for key in value if key not in instance)
        return _join(field, missing), "is missing"
    if keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = sorted(key for key in instance if key not in known)[0]
        return _join(field, extra), "is not a field of this format"
    if keyword == "enum":
        return field, f"{_show(instance)} is not one of {', '.join(map(str, value))}"
    if keyword == "const":
        return field, f"is {_show(instance)}; expected {_show(value)}"
    if keyword == "type":
        wanted = " or ".join(
            _TYPES.get(t, t) for t in ([value] if isinstance(value, str) else value)
        )
        return field, f"expected {wanted}, found {_show(instance)}"
    if keyword == "minimum":
        return field, f"must be {value} or more, found {_show(instance)}"
    if keyword == "minLength":
        return field, "must not be empty"
    if keyword == "maxLength":
        return field, f"is {len(instance)} characters long; the limit is {value}"
    if keyword in ("pattern", "items", "minItems") and "description" in error.schema:
        return field, f"{_show(instance)} is not {error.schema['description']}"
    return field, error.message


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _show(value: object) -> str:
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return _short(shown, 60)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
