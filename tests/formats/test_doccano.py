"""doccano JSON Lines, written and read back, and lines from elsewhere."""

from __future__ import annotations

import json

import pytest

from annotate.formats import ImportFailure, doccano, parse
from tests.formats.samples import (
    export_all,
    make_doc,
    spans,
)


def test_doccano_offsets_slice_text_to_the_quote():
    doc = make_doc()
    line = doccano.doccano_line(doc)
    assert line["label"] == [[a["start"], a["end"], a["label"]] for a in doc["annotations"]]
    quotes = [line["text"][start:end] for start, end, _ in line["label"]]
    assert quotes == [a["quote"] for a in doc["annotations"]]


def test_doccano_stream_has_one_line_per_article():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    lines = export_all("doccano", docs).rstrip("\n").split("\n")
    assert [json.loads(line) for line in lines] == list(map(doccano.doccano_line, docs))


def test_doccano_export_parses_to_same_spans_and_labels():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    parsed = parse(export_all("doccano", docs))
    assert spans(parsed) == spans(docs)
    assert [d["article"]["uuid"] for d in parsed] == [d["article"]["uuid"] for d in docs]
    editors = [a["editor"] for a in parsed[0]["annotations"]]
    assert editors == [a["editor"] for a in docs[0]["annotations"]]


def test_doccano_line_from_elsewhere_names_no_editor():
    [doc] = parse(json.dumps({"text": "Acme wins.", "label": [[0, 4, "hype"]]}))
    assert doc["annotations"][0]["editor"] is None


def test_synthesized_docs_take_sentences_from_callable():
    line = {"text": "One. Two.", "label": [[5, 9, "fact"]]}
    [doc] = parse(json.dumps(line), sentences=lambda text: [(0, 4), (5, 9)])
    assert doc["article"]["sentences"] == [[0, 4], [5, 9]]
    assert doc["summary"] == {
        "fact": 1,
        "speculation": 0,
        "hype": 0,
        "sentences": 2,
        "sentences_tagged": 1,
        "sentence_labels": {"fact": 1, "speculation": 0, "hype": 0, "disputed": 0, "none": 1},
    }


def test_doccano_title_is_first_line_cut_at_80():
    text = "  " + "x" * 100 + "\nsecond line"
    [doc] = parse(json.dumps({"text": text, "label": []}))
    assert doc["article"]["title"] == "x" * 80


@pytest.mark.parametrize(
    ("label", "field", "message"),
    [
        ([[0, 4, "facts"]], "label[0][2]", "'facts' is not one of"),
        ([[0, "4", "fact"]], "label[0][1]", "expected a whole number"),
        ([[3, 3, "fact"]], "label[0]", "the start must come first"),
        ([[0, 4]], "label[0]", "expected [start, end, label]"),
        (["fact"], "label[0]", "text classification"),
        ([[0, 4, "fact"], [0, 4, "hype"]], "label[1]", "twice"),
    ],
)
def test_doccano_bad_label_names_it(label, field, message):
    lines = [
        {"text": "Acme rocks.", "label": []},
        {"title": "T", "text": "Acme rocks.", "label": label},
    ]
    with pytest.raises(ImportFailure) as caught:
        parse("\n".join(json.dumps(line) for line in lines))
    failure = caught.value
    assert (failure.index, failure.title, failure.field, failure.line) == (1, "T", field, 2)
    assert message in failure.message


def test_doccano_text_with_nul_is_rejected():
    with pytest.raises(ImportFailure) as caught:
        parse(json.dumps({"text": "Acme\0 rocks.", "label": [[0, 4, "hype"]]}))
    assert (caught.value.index, caught.value.field) == (0, "text")
    assert "NUL" in caught.value.message
