from __future__ import annotations

import copy
import json

import pytest

from annotate import exports
from annotate.imports import ImportFailure, parse
from annotate.text import sha256_hex
from tests.test_exports import export_all, make_doc

TITLE = "Acme's chip, take 1"  # the second article: failures must name it, not the first
NEW_UUID = "0e3f1b7a-2a4c-4d6e-8f00-123456789abc"


def bulk(docs: list[dict]) -> str:
    return export_all("json", docs)


def spans(docs: list[dict]) -> list[list[tuple]]:
    return [
        sorted((a["start"], a["end"], a["label"], a["quote"]) for a in doc["annotations"])
        for doc in docs
    ]


def failure_of(mutate, *, fmt: str = "json") -> ImportFailure:
    """Break the second of two exported articles with `mutate(doc)`, and parse."""
    docs = [make_doc(seed=0), make_doc(seed=1)]
    mutate(docs[1])
    with pytest.raises(ImportFailure) as caught:
        parse(export_all(fmt, docs))
    return caught.value


def retext(doc: dict, text: str) -> None:
    doc["article"]["text"] = text
    doc["article"]["text_sha256"] = sha256_hex(text)


def test_json_export_parses_back_to_identical_docs():
    docs = [make_doc(seed=0), make_doc(seed=1, source_url="")]
    assert parse(bulk(docs)) == docs


def test_jsonl_export_parses_back_to_identical_docs():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    assert parse(export_all("jsonl", docs)) == docs


def test_single_article_document_parses():
    doc = make_doc()
    assert parse(json.dumps(doc)) == [doc]


def test_export_with_byte_order_mark_and_crlf_line_ends_parses():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    assert parse("\ufeff" + export_all("jsonl", docs).replace("\n", "\r\n")) == docs


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
    }


def test_doccano_title_is_first_line_cut_at_80():
    text = "  " + "x" * 100 + "\nsecond line"
    [doc] = parse(json.dumps({"text": text, "label": []}))
    assert doc["article"]["title"] == "x" * 80


def test_failure_message_names_article_title_and_field():
    failure = failure_of(lambda d: d["annotations"][3].update(label="hyped"))
    assert (failure.index, failure.title, failure.field) == (1, TITLE, "annotations[3].label")
    assert str(failure) == (
        f'article 2 ("{TITLE}"): annotations[3].label: '
        "'hyped' is not one of fact, speculation, hype"
    )


def test_not_json_says_line_and_column():
    with pytest.raises(ImportFailure) as caught:
        parse('{\n  "format": "annotate.export/v1",\n  "articles": [,]\n}')
    assert caught.value.index is None
    assert "line 3, column 16" in str(caught.value)


def test_bad_jsonl_line_is_named_by_line_number():
    lines = export_all("jsonl", [make_doc(seed=0), make_doc(seed=1)]).split("\n")
    lines.insert(1, "")
    lines[2] = lines[2][:-1]
    with pytest.raises(ImportFailure) as caught:
        parse("\n".join(lines))
    assert (caught.value.index, caught.value.line) == (1, 3)
    assert str(caught.value).startswith("article 2, line 3: this line is not JSON")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "the file is empty"),
        ("42", "expected a JSON object or list, found 42"),
        (
            '{"format": "annotate.export/v1", "exported_at": "2026-11-26T22:40:00Z", '
            '"articles": 1}',
            "articles: expected a list, found 1",
        ),
        ('{"format": "annotate.export/v1", "articles": []}', "exported_at: is missing"),
        ('{"format": "annotate.export/v2", "exported_at": "x", "articles": []}', "expected"),
        ('{"text": "a", "label": [], "text": "b"}', "the key 'text' appears twice"),
        ('{"text": "a", "label": [[0, NaN, "fact"]]}', "NaN is not a number JSON allows"),
    ],
)
def test_file_level_problem_raises_without_article(data, message):
    with pytest.raises(ImportFailure, match=message) as caught:
        parse(data)
    assert caught.value.index is None


def test_unknown_shape_names_article():
    with pytest.raises(ImportFailure) as caught:
        parse(json.dumps([make_doc(), {"name": "x"}]))
    assert caught.value.index == 1
    assert "neither an annotate article" in caught.value.message


def set_annotation(i: int, **values):
    return lambda doc: doc["annotations"][i].update(values)


@pytest.mark.parametrize(
    ("mutate", "field", "message"),
    [
        (
            set_annotation(2, start="12"),
            "annotations[2].start",
            "expected a whole number, found '12'",
        ),
        (
            set_annotation(2, start=12.0),
            "annotations[2].start",
            "expected a whole number, found 12.0",
        ),
        (set_annotation(2, end=True), "annotations[2].end", "expected a whole number, found true"),
        (set_annotation(2, start=-1), "annotations[2].start", "must be 0 or more, found -1"),
        (set_annotation(2, start=30, end=30), "annotations[2]", "the start must come first"),
        (set_annotation(2, end=400), "annotations[2].end", "past the end of the text (266)"),
        (set_annotation(2, quote="the greatest"), "annotations[2].quote", "is not the text at"),
        (set_annotation(0, uuid="8f0c"), "annotations[0].uuid", "is not a UUID"),
        (set_annotation(0, created_at="2026-13-01T00:00:00Z"), "annotations[0].created_at", "real"),
        (set_annotation(0, note="n" * 501), "annotations[0].note", "the limit is 500"),
        (lambda d: d["annotations"][1].pop("editor"), "annotations[1].editor", "is missing"),
        (lambda d: d["article"].update(colour="red"), "article.colour", "not a field"),
        (lambda d: d["article"].update(status="published"), "article.status", "not one of"),
        (
            lambda d: d["article"].update(text_sha256="0" * 64),
            "article.text_sha256",
            "does not match",
        ),
        (lambda d: d["article"].update(published_on="2026-02-30"), "article.published_on", "date"),
        (lambda d: d["article"]["sentences"].append([250, 300]), "article.sentences[6]", "inside"),
        (lambda d: d["summary"].update(hype=3), "summary.hype", "is 3 but the annotations give 2"),
        (
            lambda d: d.update(format="annotate.article/v2"),
            "format",
            "expected 'annotate.article/v1'",
        ),
    ],
)
def test_bad_article_field_raises_naming_it(mutate, field, message):
    failure = failure_of(mutate)
    assert (failure.index, failure.title, failure.field) == (1, TITLE, field)
    assert message in failure.message


@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\0", "a NUL (U+0000)"),
        ("\x07", "a control character U+0007"),
        ("\ud83d", "a lone surrogate U+D83D"),
    ],
)
def test_text_with_disallowed_character_is_rejected(char, what):
    failure = failure_of(lambda d: d["article"].update(text=d["article"]["text"][:-1] + char))
    assert (failure.index, failure.title, failure.field) == (1, TITLE, "article.text")
    assert f"holds {what}" in failure.message and "at character 265" in failure.message


def test_missing_title_is_named_and_article_called_by_its_first_line():
    failure = failure_of(lambda d: d["article"].pop("title"))
    assert (failure.index, failure.field, failure.message) == (1, "article.title", "is missing")
    assert failure.title.startswith("Acme's 👩‍💻 chip is the greatest leap")


@pytest.mark.parametrize(
    "text", ["Cafe\u0301 news.\r\nMore.", "Caf\u00e9 news.\r\nMore.", "Cafe\u0301 news.\nMore."]
)
def test_unnormalized_text_with_annotations_is_rejected(text):
    def mutate(doc):
        retext(doc, text)
        doc["article"]["sentences"] = []
        doc["annotations"] = [{**doc["annotations"][0], "start": 0, "end": 4, "quote": text[:4]}]
        doc["summary"] = exports.summary(text_sentences=[], annotations=doc["annotations"])

    failure = failure_of(mutate)
    assert (failure.index, failure.field) == (1, "article.text")
    assert "not normalized" in failure.message and "offsets" in failure.message


def test_unnormalized_text_without_annotations_is_accepted():
    doc = make_doc()
    retext(doc, "Cafe\u0301 news.\r\nMore.")
    doc["article"]["sentences"], doc["annotations"] = [], []
    doc["summary"] = exports.summary(text_sentences=[], annotations=[])
    assert parse(json.dumps(doc)) == [doc]


def test_same_editor_tagging_same_span_twice_is_rejected():
    def mutate(doc):
        doc["annotations"].append({**doc["annotations"][0], "id": 99, "uuid": NEW_UUID})
        doc["summary"] = exports.summary(
            text_sentences=doc["article"]["sentences"], annotations=doc["annotations"]
        )

    failure = failure_of(mutate)
    assert (failure.index, failure.field) == (1, "annotations[6]")
    assert "'bob' tagged 0–58 twice" in failure.message


def test_duplicate_annotation_uuid_across_articles_is_rejected():
    reused = make_doc(seed=0)["annotations"][4]["uuid"]
    failure = failure_of(set_annotation(2, uuid=reused))
    assert (failure.index, failure.title, failure.field) == (1, TITLE, "annotations[2].uuid")
    assert "also the UUID of article 1's annotations[4]" in failure.message


def test_duplicate_article_uuid_is_rejected():
    failure = failure_of(lambda d: d["article"].update(uuid=make_doc()["article"]["uuid"]))
    assert (failure.index, failure.field) == (1, "article.uuid")
    assert "also the UUID of article 1" in failure.message


def test_labelstudio_bad_spans_name_the_region():
    def break_task(task):
        return json.dumps([exports.labelstudio_task(make_doc()), task])

    cases = [
        (("value", "labels"), ["Hype"], "value.labels[0]", "'Hype' is not one of"),
        (("value", "labels"), ["fact", "hype"], "value.labels", "exactly one label"),
        (("value", "end"), 999, "value.end", "past the end"),
        (("value", "text"), "other words", "value.text", "is not the text at"),
        (("type",), "choices", "", "only text spans"),
    ]
    for path, value, field, message in cases:
        task = exports.labelstudio_task(make_doc(seed=1))
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


def test_parse_does_not_alter_the_input_docs():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    before = copy.deepcopy(docs)
    parse(bulk(docs))
    assert docs == before


def test_escaped_lone_surrogate_in_file_is_rejected():
    with pytest.raises(ImportFailure) as caught:
        parse('{"text": "Acme \\ud83d rocks.", "label": [[0, 4, "hype"]]}')
    assert (caught.value.index, caught.value.field) == (0, "text")
    assert "lone surrogate U+D83D at character 5" in caught.value.message


def test_jsonl_splits_lines_on_newline_only():
    lines = [
        {"text": "Acme\u2028rocks\u2029.", "label": [[0, 4, "hype"]]},
        {"text": "Second.", "label": []},
    ]
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    assert "\u2028" in data
    parsed = parse(data)
    assert [doc["article"]["text"] for doc in parsed] == ["Acme\u2028rocks\u2029.", "Second."]
    assert parsed[0]["annotations"][0]["quote"] == "Acme"


def test_c1_control_is_rejected_as_the_paste_form_rejects_it():
    with pytest.raises(ImportFailure) as caught:
        parse('{"text": "Acme\\u0085rocks.", "label": []}')
    assert caught.value.field == "text"
    assert "control character U+0085 at character 4" in caught.value.message


def test_text_longer_than_the_paste_limit_is_rejected():
    with pytest.raises(ImportFailure) as caught:
        parse(json.dumps({"text": "a" * 200_001, "label": []}))
    assert caught.value.field == "text"
    assert "is 200,001 characters; the limit is 200,000" in caught.value.message


def test_source_url_longer_than_the_column_is_rejected():
    line = {"text": "Acme.", "label": [], "source_url": "https://x.example/" + "a" * 2000}
    with pytest.raises(ImportFailure) as caught:
        parse(json.dumps(line))
    assert caught.value.field == "source_url"
