"""Layers and verdicts in documents, without a database: the schema, the reader's checks,
one layer of a document, and Label Studio's ground truth and doccano's gold both ways."""

from __future__ import annotations

import copy
import json

import pytest

from annotate.formats import ImportFailure, parse, stream
from annotate.formats.layers import GOLD, said, select_layer
from annotate.formats.schema import validator
from tests.formats.samples import TIME, export_all, failure_of, make_doc

VERDICT_UUID = "5a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def reviewed(seed: int = 0) -> dict:
    """make_doc's article, alice and bob finished, a hype verdict on the first sentence
    (which both tagged hype) and a none verdict on the last."""
    doc = make_doc(seed=seed)
    sentences = doc["article"]["sentences"]
    text = doc["article"]["text"]
    doc["finished_by"] = ["alice", "bob"]
    doc["verdicts"] = [
        verdict(text, *sentences[0], "hype", uuid=VERDICT_UUID if seed == 0 else None, seed=seed),
        verdict(text, *sentences[-1], "none", seed=seed),
    ]
    doc["summary"]["sentence_labels"] = said(
        sentences, doc["annotations"], doc["finished_by"], doc["verdicts"]
    )
    return doc


def verdict(text: str, start: int, end: int, label: str, *, uuid=None, seed=0) -> dict:
    return {
        "id": start + 1 + 1000 * seed,
        "uuid": uuid or f"{seed:08d}-0000-4000-8000-{start:012d}",
        "start": start,
        "end": end,
        "quote": text[start:end],
        "label": label,
        "note": "",
        "decided_by": "lena",
        "decided_at": TIME,
        "agrees_with": [],
    }


def test_a_reviewed_document_validates_and_parses_back_as_it_was():
    docs = [reviewed(0), reviewed(1)]
    for doc in docs:
        validator("article").validate(doc)
    assert parse(export_all("json", docs)) == docs


def test_what_a_document_says_follows_verdicts_then_finished_layers():
    doc = reviewed()
    # First and last sentences: their verdicts. Second: bob's speculation against alice's
    # finished none; third: alice's fact against bob's none; fourth and fifth: carol's
    # speculation (unfinished, yet a value) against both finished nones: all disputed.
    assert doc["summary"]["sentence_labels"] == {
        "fact": 0, "speculation": 0, "hype": 1, "disputed": 4, "none": 1,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("verdicts", 0, "label"), "maybe"),
        (("verdicts", 0, "decided_by"), ""),
        (("verdicts", 0, "agrees_with"), ["not-a-uuid"]),
        (("finished_by",), ["alice", "alice"]),
        (("article", "blind"), "yes"),
        (("summary", "sentence_labels", "disputed"), -1),
    ],
)
def test_schema_refuses_a_bad_review_value(path, value):
    doc = copy.deepcopy(reviewed())
    holder = doc
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    assert not validator("article").is_valid(doc)


def test_an_export_without_review_fields_still_parses():
    doc = make_doc()
    for key in ("finished_by", "verdicts"):
        del doc[key]
    del doc["article"]["blind"], doc["summary"]["sentence_labels"]
    [parsed] = parse(json.dumps(doc))
    assert (parsed["finished_by"], parsed["verdicts"], parsed["article"]["blind"]) == ([], [], None)


def test_a_verdict_of_a_script_needs_only_start_end_and_label():
    text = "Acme wins. Rivals lose."
    doc = {
        "format": "annotate.article/v1",
        "article": {"title": "T", "text": text},
        "verdicts": [{"start": 0, "end": 10, "label": "none"}],
    }
    [parsed] = parse(json.dumps(doc))
    assert parsed["verdicts"][0]["quote"] == "Acme wins." and parsed["verdicts"][0]["uuid"] is None
    assert parsed["summary"]["sentence_labels"]["none"] == 2


@pytest.mark.parametrize(
    ("mutate", "field", "message"),
    [
        (lambda d: d["verdicts"][0].update(end=10_000), "verdicts[0].end", "past the end"),
        (lambda d: d["verdicts"][0].update(quote="other"), "verdicts[0].quote", "is not the text"),
        (
            lambda d: d["verdicts"][1].update(
                start=d["verdicts"][0]["start"],
                end=d["verdicts"][0]["end"],
                quote=d["verdicts"][0]["quote"],
            ),
            "verdicts[1]",
            "has two verdicts",
        ),
        (
            lambda d: d["summary"]["sentence_labels"].update(hype=5),
            "summary.sentence_labels",
            "finished layers and verdicts give",
        ),
        (
            lambda d: d["verdicts"][0].update(decided_at="2026-13-40T00:00:00Z"),
            "verdicts[0].decided_at",
            "",
        ),
    ],
)
def test_a_bad_verdict_or_count_is_named(mutate, field, message):
    def break_second(doc):
        doc.update(reviewed(1))
        mutate(doc)

    failure = failure_of(break_second)
    assert failure.index == 1 and failure.field == field and message in failure.message


def test_a_verdict_uuid_twice_in_a_file_is_refused():
    first, second = reviewed(0), reviewed(1)
    second["verdicts"][0]["uuid"] = first["verdicts"][0]["uuid"]
    with pytest.raises(ImportFailure, match=r"verdicts\[0\]\.uuid"):
        parse(export_all("json", [first, second]))


def test_select_layer_gold_keeps_labelled_verdicts_and_no_annotation():
    doc = select_layer(reviewed(), GOLD)
    assert doc["annotations"] == [] and doc["finished_by"] == []
    assert [v["label"] for v in doc["verdicts"]] == ["hype"]
    assert doc["summary"]["sentence_labels"]["hype"] == 1 and doc["summary"]["hype"] == 0
    validator("article").validate(doc)


def test_select_layer_of_an_editor_keeps_their_annotations_and_finish():
    doc = select_layer(reviewed(), "bob")
    assert {a["editor"] for a in doc["annotations"]} == {"bob"} and doc["verdicts"] == []
    assert doc["finished_by"] == ["bob"]
    assert select_layer(reviewed(), None) == reviewed()


def test_label_studio_ground_truth_reads_back_as_verdicts():
    [task] = json.loads(export_all("labelstudio", [reviewed()]))
    gold = [a for a in task["annotations"] if a.get("ground_truth")]
    assert len(gold) == 1 and gold[0]["annotate_decided_by"] == ["lena"]
    [doc] = parse(json.dumps([task]))
    assert [(v["start"], v["label"], v["decided_by"]) for v in doc["verdicts"]] == [
        (0, "hype", "lena")
    ]
    assert len(doc["annotations"]) == len(make_doc()["annotations"])


def test_doccano_gold_line_holds_the_verdicts_and_their_leads():
    chunks = stream(
        "doccano",
        [reviewed()],
        exported_at=TIME,
        article_url=str,
        annotation_base_url="",
        layer=GOLD,
    )
    line = json.loads("".join(chunks))
    start, end = reviewed()["article"]["sentences"][0]
    assert line["label"] == [[start, end, "hype"]] and line["annotate_editors"] == ["lena"]
