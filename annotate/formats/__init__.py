"""Read files to import, and check them: pure, no database.

`parse()` reads our bulk JSON, one article document, our JSON Lines, Label Studio tasks
and doccano JSON Lines (those two in `import_tools`), and returns `annotate.article/v1`
documents, or raises `ImportFailure` naming the article and the field at fault. Our own
format is checked against the JSON Schema first, then for what a schema cannot say
(offsets inside the text, quotes, digests, duplicates).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

from jsonschema.exceptions import best_match

from annotate import text as textlib
from annotate.exports import ARTICLE_FORMAT, EXPORT_FORMAT, summary
from annotate.import_checks import (
    Problem,
    check_new_span,
    check_quote,
    check_short_strings,
    check_span,
    check_text,
    first_line,
    short,
    show,
)
from annotate.import_tools import from_doccano, from_labelstudio
from annotate.schema_checks import describe, plainly_valid, validator


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
    if isinstance(value, dict) and (value.get("format") == EXPORT_FORMAT or "articles" in value):
        # The wrapper alone: each article is checked on its own, to name it on failure.
        articles = value.get("articles")
        wrapper = {**value, "articles": []} if isinstance(articles, list) else value
        error = best_match(validator("export").iter_errors(wrapper))
        if error is not None:
            field, message = describe(error)
            raise ImportFailure(message, field=field)
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
    if "format" in obj:
        if obj["format"] != ARTICLE_FORMAT:
            raise Problem("format", f"is {show(obj['format'])}; expected {ARTICLE_FORMAT!r}")
        return _checked_article(obj)
    if "data" in obj:
        return from_labelstudio(obj, sentences=sentences)
    if "text" in obj and "label" in obj:
        return from_doccano(obj, sentences=sentences)
    raise Problem(
        "",
        "is neither an annotate article (with format), a Label Studio task (with data.text) "
        "nor a doccano line (with text and label)",
    )


def _checked_article(doc: dict) -> dict:
    if not plainly_valid(doc):
        error = best_match(validator("article").iter_errors(doc))
        if error is not None:
            raise Problem(*describe(error))
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
    spans = set()
    for i, a in enumerate(annotations):
        field = f"annotations[{i}]"
        for key in ("created_at", "updated_at"):
            _check_timestamp(a[key], f"{field}.{key}")
        if a.get("orphaned"):
            continue  # its offsets point into an older text: nothing to check them against
        check_span(text, a["start"], a["end"], field=field)
        check_quote(text, a["start"], a["end"], a["quote"], field=f"{field}.quote")
        check_new_span(spans, (a["editor"], a["start"], a["end"]), field=field)
    expected = summary(text_sentences=article["sentences"], annotations=annotations)
    for key, value in expected.items():
        if doc["summary"][key] != value:
            raise Problem(
                f"summary.{key}", f"is {doc['summary'][key]} but the annotations give {value}"
            )
    return doc


def _check_timestamp(value: str, field: str) -> None:
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
