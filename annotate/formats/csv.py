"""CSV for spreadsheets, one row per annotation (export only: nothing reads it back).

Columns: the article (`article_uuid`, `title`, `outlet`, `published_on`), the tag
(`editor`, `label`, `start`, `end`, `quote`, `note`), and the lead's verdict on the span
the tag lies in (`verdict_label`, `verdict_by`, `verdict_note`, `verdict_start`,
`verdict_end`): the verdict overlapping the tag most, empty when none does. Orphaned tags
are left out, as in the other formats but our JSON.

RFC 4180 (comma, double quotes, CRLF line ends), with a header row. A spreadsheet runs a
cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (CSV
injection): such a cell is written with a leading `'`, as OWASP advises. The byte-order
mark some versions of Excel need is the caller's choice (`bom=1` on /export/).
"""

from __future__ import annotations

import csv as stdlib_csv
import io
from collections.abc import Iterable, Iterator, Sequence

from annotate.formats.common import Format, live

COLUMNS = (
    "article_uuid", "title", "outlet", "published_on", "editor", "label", "start", "end",
    "quote", "note", "verdict_label", "verdict_by", "verdict_note", "verdict_start",
    "verdict_end",
)  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> object:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """Each row as one CSV record (CRLF-terminated), every cell neutralised."""
    buffer = io.StringIO()
    writer = stdlib_csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralised("" if cell is None else cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _verdict_for(start: int, end: int, verdicts: list[dict]) -> dict | None:
    best, most = None, 0
    for verdict in verdicts:
        overlap = min(end, verdict["end"]) - max(start, verdict["start"])
        if overlap > most:
            best, most = verdict, overlap
    return best


def annotation_rows(doc: dict) -> Iterator[list[object]]:
    article = doc["article"]
    verdicts = doc.get("verdicts") or []
    for a in live(doc["annotations"]):
        v = _verdict_for(a["start"], a["end"], verdicts) or {}
        yield [
            article["uuid"], article["title"], article["outlet"], article["published_on"],
            a["editor"], a["label"], a["start"], a["end"], a["quote"], a["note"],
            v.get("label"), v.get("decided_by"), v.get("note"), v.get("start"), v.get("end"),
        ]  # fmt: skip


def write(docs: Iterable[dict], **_: object) -> Iterator[str]:
    yield from csv_lines([COLUMNS])
    for doc in docs:
        yield "".join(csv_lines(annotation_rows(doc)))


CSV = Format("csv", "CSV", "text/csv", ".csv", write, verdicts=True)
