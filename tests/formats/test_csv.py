"""The csv export: one row per annotation, a spreadsheet can open it and runs none of it."""

from __future__ import annotations

import csv
import io

import pytest

from annotate.formats import csv as csvformat
from tests.formats.samples import export_all, make_doc

HEADER = [
    "article_uuid", "title", "outlet", "published_on", "editor", "label", "start", "end",
    "quote", "note", "verdict_label", "verdict_by", "verdict_note", "verdict_start",
    "verdict_end",
]  # fmt: skip


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_a_header_and_one_row_per_annotation_with_its_article():
    doc = make_doc()
    text = export_all("csv", [doc, make_doc(seed=1)])
    assert text.split("\r\n")[0] == ",".join(HEADER)
    found = rows(text)
    assert len(found) == 2 * len(doc["annotations"])
    first, a = found[0], doc["annotations"][0]
    assert first["article_uuid"] == doc["article"]["uuid"]
    assert (first["title"], first["outlet"], first["published_on"]) == (
        "Acme's chip, take 0", "Example News", "2026-11-25",
    )  # fmt: skip
    assert (first["editor"], first["label"], first["quote"], first["note"]) == (
        a["editor"], a["label"], a["quote"], a["note"],
    )  # fmt: skip
    assert (int(first["start"]), int(first["end"])) == (a["start"], a["end"])
    assert first["verdict_label"] == "" and not text.startswith("\ufeff")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_gets_a_leading_quote(start):
    doc = make_doc()
    doc["article"]["title"] = start + 'HYPERLINK("http://evil.example","click")'
    doc["annotations"][0]["note"] = start + "1+1"
    (first, *_) = rows(export_all("csv", [doc]))
    assert first["title"] == "'" + doc["article"]["title"]
    assert first["note"] == "'" + start + "1+1"


def test_ordinary_cells_are_left_alone():
    assert csvformat.neutralised("A=B") == "A=B"
    assert csvformat.neutralised("") == ""
    assert csvformat.neutralised(42) == 42


def test_a_verdict_goes_with_the_annotations_on_its_span():
    doc = make_doc()
    a = doc["annotations"][0]
    doc["verdicts"] = [
        {"uuid": "v", "start": a["start"], "end": a["end"], "quote": a["quote"],
         "label": "fact", "note": "checked", "decided_by": "lena",
         "decided_at": "2026-11-27T00:00:00Z", "agrees_with": []},
    ]  # fmt: skip
    found = rows(export_all("csv", [doc]))
    tagged = [r for r in found if r["verdict_label"]]
    assert tagged and all(
        (r["verdict_by"], r["verdict_note"]) == ("lena", "checked") for r in tagged
    )
    assert all(int(r["start"]) < a["end"] and int(r["end"]) > a["start"] for r in tagged)
    assert {r["verdict_start"] for r in tagged} == {str(a["start"])}


def test_orphaned_annotations_are_left_out():
    doc = make_doc()
    doc["annotations"][0]["orphaned"] = True
    assert len(rows(export_all("csv", [doc]))) == len(doc["annotations"]) - 1


def test_csv_is_export_only():
    from annotate import formats

    assert formats.FORMATS["csv"].read is None
    assert "csv" not in [f.name for f in formats.READABLE]
