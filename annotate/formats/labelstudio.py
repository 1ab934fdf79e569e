"""Readers for Label Studio tasks and doccano JSON Lines: pure, no database.

These files carry no identities or dates: their documents hold None for the article's
`id`, `created_by` and timestamps and for the annotations' `id`, `uuid` (None meaning
"new") and timestamps; the editor when the file names one, else None; and `sentences`
from the `sentences` callable when one is given, else [] for the app to compute at save.
The article's `uuid` is the one we wrote into the task (`data.uuid`, or `uuid` on a
doccano line) when there is one. Label Studio predictions are not annotations and are
not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from annotate import text as textlib
from annotate.exports import article_document
from annotate.import_checks import (
    Problem,
    check_label,
    check_new_span,
    check_note,
    check_quote,
    check_span,
    check_text,
    first_line,
    show,
)

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
_UUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def from_labelstudio(task: dict, *, sentences: Callable[[str], list] | None) -> dict:
    data = _require(task, "data", dict, "")
    text = _require(data, "text", str, "data")
    title, source_url, uuid = _extras(data, text, "data.")
    found = []
    spans: set = set()
    for i, annotation in enumerate(_require(task, "annotations", list, "", optional=True)):
        field = f"annotations[{i}]"
        if not isinstance(annotation, dict):
            raise Problem(field, f"expected an object, found {show(annotation)}")
        if annotation.get("was_cancelled"):
            continue
        editor = _labelstudio_editor(annotation, field)
        for j, result in enumerate(_require(annotation, "result", list, field, optional=True)):
            rfield = f"{field}.result[{j}]"
            if not isinstance(result, dict) or result.get("type") != "labels":
                kind = result.get("type") if isinstance(result, dict) else result
                raise Problem(
                    rfield, f"is a {show(kind)} result; only text spans ('labels') can be read"
                )
            value = _require(result, "value", dict, rfield)
            labels = _require(value, "labels", list, f"{rfield}.value")
            if len(labels) != 1:
                raise Problem(
                    f"{rfield}.value.labels",
                    f"has {len(labels)} labels; annotate keeps exactly one label per span",
                )
            start, end = value.get("start"), value.get("end")
            check_span(text, start, end, field=f"{rfield}.value")
            check_label(labels[0], f"{rfield}.value.labels[0]")
            quote = value.get("text", text[start:end])
            check_quote(text, start, end, quote, field=f"{rfield}.value.text")
            meta = result.get("meta") if isinstance(result.get("meta"), dict) else {}
            note = "\n".join(t for t in meta.get("text", []) if isinstance(t, str))
            check_note(note, f"{rfield}.meta.text")
            check_new_span(spans, (editor, start, end), field=rfield)
            found.append((start, end, labels[0], note, editor))
    check_text(text, field="data.text", annotated=bool(found))
    return _synthesized(title, uuid, source_url, text, found, sentences)


def from_doccano(line: dict, *, sentences: Callable[[str], list] | None) -> dict:
    text = _require(line, "text", str, "")
    title, source_url, uuid = _extras(line, text, "")
    found = []
    spans: set = set()
    items = _require(line, "label", list, "")
    editors = line.get("annotate_editors")
    if not (isinstance(editors, list) and len(editors) == len(items)):
        editors = [None] * len(items)  # a doccano file from elsewhere: nobody's
    for i, item in enumerate(items):
        field = f"label[{i}]"
        if isinstance(item, str):
            raise Problem(field, "is a class, not a span: this is doccano text classification")
        if not isinstance(item, list) or len(item) != 3:
            raise Problem(field, f"expected [start, end, label], found {show(item)}")
        start, end, label = item
        check_span(text, start, end, field=field, names=("[0]", "[1]"))
        check_label(label, f"{field}[2]")
        editor = editors[i] if isinstance(editors[i], str) and editors[i] else None
        check_new_span(spans, (editor, start, end), field=field)
        found.append((start, end, label, "", editor))
    check_text(text, field="text", annotated=bool(found))
    return _synthesized(title, uuid, source_url, text, found, sentences)


def _require(obj: dict, key: str, kind: type, parent: str, *, optional: bool = False) -> object:
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


def _extras(holder: dict, text: str, prefix: str) -> tuple[str, str, str | None]:
    title = holder.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        title = first_line(text) or "Untitled"
    if not isinstance(title, str) or len(title) > TITLE_MAX:
        raise Problem(f"{prefix}title", f"expected a string of at most {TITLE_MAX} characters")
    source_url = holder.get("source_url") or ""
    uuid = holder.get("uuid")
    if not isinstance(source_url, str) or len(source_url) > URL_MAX:
        raise Problem(f"{prefix}source_url", f"expected a string of at most {URL_MAX} characters")
    if uuid is not None and not (isinstance(uuid, str) and _UUID.match(uuid)):
        raise Problem(f"{prefix}uuid", f"{show(uuid)} is not a UUID")
    return title, source_url, uuid


def _labelstudio_editor(annotation: dict, field: str) -> str | None:
    # Ours first; then Label Studio's own: a user id (meaningless here) or a user object.
    editor = annotation.get("annotate_editor", annotation.get("completed_by"))
    if isinstance(editor, dict):
        editor = editor.get("username")
    if not isinstance(editor, str):
        return None
    if not editor or len(editor) > USERNAME_MAX:
        raise Problem(f"{field}.annotate_editor", "is not a username")
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
        "text_sha256": textlib.sha256_hex(text),
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
