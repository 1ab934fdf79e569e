"""The interchange formats: one pure module per format, each writing and reading it.

Like Django's serializers, every caller (the export view, the export form, the
`export_articles` and `import_articles` commands, the import page) reads `FORMATS`, so a
new format is one module and one line here. No Django in this package.

`stream(format, docs, ...)` writes documents; `parse(data)` reads any file the readers
know (our bulk JSON, one article document, our JSON Lines, Label Studio tasks, doccano
JSON Lines), telling them apart item by item, and returns `annotate.article/v1`
documents or raises `ImportFailure` naming the article and the field at fault.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from annotate.formats import csv, doccano, labelstudio, native, w3c
from annotate.formats.common import (
    Format,
    ImportFailure,
    Problem,
    check_short_strings,
    first_line,
    show,
)

# The registry, in the order the export form and messages list them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        native.JSON,
        native.JSONL,
        w3c.W3C,
        labelstudio.LABELSTUDIO,
        doccano.DOCCANO,
        csv.CSV,
    )
}
READABLE = [f for f in FORMATS.values() if f.read is not None]
# json and jsonl share one reader: `parse` asks it once.
READERS = [f for i, f in enumerate(READABLE) if f.read not in [g.read for g in READABLE[:i]]]

__all__ = ["FORMATS", "Format", "ImportFailure", "get_format", "parse", "readable", "stream"]


def readable() -> str:
    """The formats `parse` reads, in words: "our json export, ... or doccano JSONL"."""
    titles = [f.title for f in READABLE]
    return f"{', '.join(titles[:-1])} or {titles[-1]}"


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(
            f"unknown export format {name!r}; expected one of {', '.join(FORMATS)}"
        ) from None


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
    return get_format(format).write(
        docs,
        exported_at=exported_at,
        article_url=article_url,
        annotation_base_url=annotation_base_url,
    )


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
            check_short_strings(doc)
            docs.append(doc)
        except Problem as problem:
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
    articles = native.unwrap(value)
    if articles is not None:
        return [(article, None) for article in articles]
    if isinstance(value, dict):
        return [(value, None)]
    if isinstance(value, list):
        return [(item, None) for item in value]
    raise ImportFailure(f"expected a JSON object or list, found {show(value)}")


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
    return first_line(text) if isinstance(text, str) else None


def _document(obj: object, *, sentences: Callable[[str], list] | None) -> dict:
    if not isinstance(obj, dict):
        raise Problem("", f"expected an object, found {show(obj)}")
    for reader in READERS:
        if reader.detect(obj):
            return reader.read(obj, sentences=sentences)
    shapes = [reader.shape for reader in READERS]
    raise Problem("", f"is neither {', '.join(shapes[:-1])} nor {shapes[-1]}")


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
