"""doccano sequence-labelling JSON Lines, both ways: `{"text": ..., "label": [[s, e, l]]}`.

doccano keeps the extra keys of a line as metadata; ours are `id`, `uuid`, `title` and
`annotate_editors`. Offsets are Unicode code points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from annotate.formats.common import (
    Format,
    Problem,
    check_label,
    check_new_span,
    check_span,
    check_text,
    dumps,
    extras,
    live,
    require,
    show,
)
from annotate.formats.layers import GOLD, NONE
from annotate.formats.native import document_from_spans


def doccano_line(doc: dict, *, gold: bool = False) -> dict:
    """A doccano sequence-labelling line; doccano keeps the extra keys as metadata.

    `annotate_editors[i]` is the editor of `label[i]`: two editors may tag one span
    differently, and import needs to know whose each label is. With `gold`, the spans
    are the leads' verdicts that give a label, and `annotate_editors` the deciding leads
    (read back, they are annotations of those leads: doccano has no place for a verdict).
    """
    article = doc["article"]
    if gold:
        spans = [v for v in doc["verdicts"] if v["label"] != NONE]
        editors = [v["decided_by"] for v in spans]
    else:
        spans = live(doc["annotations"])
        editors = [a["editor"] for a in spans]
    return {
        "id": article["id"],
        "uuid": article["uuid"],
        "title": article["title"],
        "text": article["text"],
        "label": [[a["start"], a["end"], a["label"]] for a in spans],
        "annotate_editors": editors,
    }


def write(docs: Iterable[dict], *, layer: str | None = None, **_: object) -> Iterator[str]:
    return (dumps(doccano_line(doc, gold=layer == GOLD)) + "\n" for doc in docs)


def is_line(obj: dict) -> bool:
    return "text" in obj and "label" in obj


def from_doccano(line: dict, *, sentences: Callable[[str], list] | None = None) -> dict:
    text = require(line, "text", str, "")
    title, source_url, uuid = extras(line, text, "")
    found = []
    spans: set = set()
    items = require(line, "label", list, "")
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
        found.append((start, end, label, None, editor))  # doccano carries no notes
    check_text(text, field="text", annotated=bool(found))
    return document_from_spans(
        title=title, uuid=uuid, source_url=source_url, text=text, found=found, sentences=sentences
    )


DOCCANO = Format(
    "doccano",
    "doccano JSONL",
    "application/x-ndjson",
    ".jsonl",
    write,
    detect=is_line,
    read=from_doccano,
    shape="a doccano line (with text and label)",
)
