"""Label Studio tasks, written and read back, and tasks from Label Studio itself."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from annotate.formats import ImportFailure, labelstudio, parse
from annotate.formats.common import LABELS
from tests.formats.samples import (
    TITLE,
    export_all,
    make_doc,
    spans,
)


def test_labelstudio_offsets_slice_text_to_the_quote():
    doc = make_doc()
    task = labelstudio.labelstudio_task(doc)
    text = task["data"]["text"]
    values = [r["value"] for a in task["annotations"] for r in a["result"]]
    assert len(values) == 6
    for value in values:
        assert text[value["start"] : value["end"]] == value["text"]
        assert value["labels"][0] in LABELS
    quotes = {(a["quote"], a["label"]) for a in doc["annotations"]}
    assert {(v["text"], v["labels"][0]) for v in values} == quotes


def test_labelstudio_task_groups_results_by_editor():
    task = labelstudio.labelstudio_task(make_doc())
    assert task["id"] == 7
    assert task["data"]["uuid"] == make_doc()["article"]["uuid"]
    assert [a["annotate_editor"] for a in task["annotations"]] == ["bob", "alice", "carol"]
    results = [r for a in task["annotations"] for r in a["result"]]
    assert all(
        (r["from_name"], r["to_name"], r["type"]) == ("label", "text", "labels") for r in results
    )
    assert len({r["id"] for r in results}) == 6 and all(len(r["id"]) == 10 for r in results)
    noted = [r["meta"]["text"] for r in results if "meta" in r]
    assert noted == [["superlative, no benchmark"], ["the name in Arabic 👩‍💻"]]


def test_labelstudio_config_names_label_text_and_every_label():
    view = ET.fromstring(labelstudio.LABELSTUDIO_CONFIG)
    labels, text = view.find("Labels"), view.find("Text")
    assert (labels.get("name"), labels.get("toName")) == ("label", "text")
    assert (text.get("name"), text.get("value")) == ("text", "$text")
    assert tuple(label.get("value") for label in labels) == LABELS


def test_labelstudio_stream_is_a_json_list_of_tasks():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    assert json.loads(export_all("labelstudio", docs)) == list(
        map(labelstudio.labelstudio_task, docs)
    )
    assert json.loads(export_all("labelstudio", [])) == []


def test_labelstudio_export_parses_to_same_spans_labels_and_editors():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    parsed = parse(export_all("labelstudio", docs))
    assert spans(parsed) == spans(docs)
    first = parsed[0]
    assert first["article"]["uuid"] == docs[0]["article"]["uuid"]
    assert first["article"]["title"] == docs[0]["article"]["title"]
    assert first["article"]["text"] == docs[0]["article"]["text"]
    editors = {(a["start"], a["editor"], a["note"]) for a in first["annotations"]}
    assert editors == {(a["start"], a["editor"], a["note"]) for a in docs[0]["annotations"]}
    assert {a["uuid"] for a in first["annotations"]} == {None}
    assert first["summary"]["hype"] == 2


def test_labelstudio_task_from_label_studio_itself_is_read():
    text = "Acme 👩‍💻 says its chip is the best. It ships in 2027."
    start = text.index("the best")
    assert start == 26  # the ZWJ sequence is 3 code points (5 UTF-16 units)
    task = {
        "id": 1,
        "data": {"text": text},
        "annotations": [
            {
                "completed_by": 3,
                "result": [
                    {
                        "id": "Dx_aB91ISN",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 26, "end": 34, "text": "the best", "labels": ["hype"]},
                    }
                ],
            },
            {"completed_by": {"id": 4, "username": "dana"}, "result": [], "was_cancelled": False},
        ],
        "predictions": [{"result": []}],
    }
    [doc] = parse(json.dumps([task]))
    article = doc["article"]
    assert (article["uuid"], article["id"], article["title"]) == (None, None, text)
    assert article["sentences"] == [] and doc["summary"]["sentences"] == 0
    [annotation] = doc["annotations"]
    assert (annotation["quote"], annotation["label"], annotation["editor"]) == (
        "the best",
        "hype",
        None,
    )


def test_labelstudio_bad_spans_name_the_region():
    def break_task(task):
        return json.dumps([labelstudio.labelstudio_task(make_doc()), task])

    cases = [
        (("value", "labels"), ["Hype"], "value.labels[0]", "'Hype' is not one of"),
        (("value", "labels"), ["fact", "hype"], "value.labels", "exactly one label"),
        (("value", "end"), 999, "value.end", "past the end"),
        (("value", "text"), "other words", "value.text", "is not the text at"),
        (("type",), "choices", "", "only text spans"),
    ]
    for path, value, field, message in cases:
        task = labelstudio.labelstudio_task(make_doc(seed=1))
        node = task["annotations"][1]["result"][0]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        with pytest.raises(ImportFailure) as caught:
            parse(break_task(task))
        failure = caught.value
        assert (failure.index, failure.title) == (1, TITLE)
        assert failure.field == f"annotations[1].result[0].{field}".rstrip(".")
        assert message in failure.message


def test_labelstudio_task_without_text_is_rejected():
    with pytest.raises(ImportFailure) as caught:
        parse(json.dumps([{"data": {"title": "No text"}}]))
    assert (caught.value.index, caught.value.title, caught.value.field) == (
        0,
        "No text",
        "data.text",
    )
