"""Our own format: article documents, json and jsonl, written and read back."""

from __future__ import annotations

import copy
import json
import random

import pytest

from annotate import formats
from annotate.formats import native, parse
from annotate.formats.schema import validator
from tests.formats.samples import (
    NEW_UUID,
    TIME,
    TITLE,
    bulk,
    export_all,
    failure_of,
    make_doc,
    retext,
    set_annotation,
)


def test_summary_counts_labels_and_tagged_sentences():
    assert make_doc()["summary"] == {
        "fact": 2,
        "speculation": 2,
        "hype": 2,
        "sentences": 6,
        "sentences_tagged": 5,
        # By sentence: the hype both alice and bob see in the first; carol's speculation
        # covering more of the fourth than her fact; nothing in the last.
        "sentence_labels": {"fact": 1, "speculation": 3, "hype": 1, "disputed": 0, "none": 1},
    }


def test_summary_span_ending_at_sentence_start_does_not_tag_it():
    sentences = [[0, 10], [11, 20], [21, 30]]
    spans = [{"start": 5, "end": 11, "label": "fact"}, {"start": 20, "end": 21, "label": "hype"}]
    result = native.summary(text_sentences=sentences, annotations=spans)
    assert result["sentences_tagged"] == 1
    assert (result["fact"], result["hype"], result["speculation"]) == (1, 1, 0)


def test_summary_counts_sentence_once_under_overlapping_spans():
    sentences = [[0, 10], [11, 20], [21, 30], [31, 40]]
    spans = [{"start": s, "end": e, "label": "hype"} for s, e in [(0, 25), (12, 14), (15, 22)]]
    assert native.summary(text_sentences=sentences, annotations=spans)["sentences_tagged"] == 3


def test_summary_with_2000_annotations_matches_brute_force():
    rng = random.Random(4)
    sentences = [[i * 50, i * 50 + 48] for i in range(2000)]
    spans = []
    for _ in range(2000):
        start = rng.randrange(0, 99_000)
        spans.append({"start": start, "end": start + rng.randrange(1, 400), "label": "fact"})
    # Its speed is measured by `make bench` (export figures), not asserted here.
    result = native.summary(text_sentences=sentences, annotations=spans)
    tagged = sum(any(a["start"] < e and a["end"] > s for a in spans) for s, e in sentences)
    assert result["sentences_tagged"] == tagged
    assert result["fact"] == 2000


def test_json_stream_equals_export_wrapper_and_validates():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    data = json.loads(export_all("json", docs))
    assert data == {"format": "annotate.export/v1", "exported_at": TIME, "articles": docs}
    assert list(validator("export").iter_errors(data)) == []


def test_json_stream_of_no_articles_is_valid():
    assert json.loads(export_all("json", [])) == {
        "format": "annotate.export/v1",
        "exported_at": TIME,
        "articles": [],
    }


def test_jsonl_stream_has_one_valid_doc_per_line():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    lines = export_all("jsonl", docs).split("\n")
    assert lines[-1] == ""
    assert [json.loads(line) for line in lines[:-1]] == docs
    assert all(validator("article").is_valid(json.loads(line)) for line in lines[:-1])


def test_stream_keeps_non_ascii_and_escapes_line_separators():
    doc = make_doc()
    doc["annotations"][0]["note"] = "one\u2028two\u2029three\u0085four"
    for fmt in ("json", "jsonl", "labelstudio", "w3c"):
        out = export_all(fmt, [doc])
        assert "👩‍💻" in out and "東京" in out and "شركة" in out
        assert not {"\u2028", "\u2029", "\u0085"} & set(out)
        assert out.splitlines() == out.rstrip("\n").split("\n")
    assert json.loads(export_all("json", [doc]))["articles"][0] == doc


def test_stream_reads_articles_lazily():
    taken = []

    def docs():
        for seed in range(3):
            taken.append(seed)
            yield make_doc(seed=seed)

    chunks = formats.stream(
        "json", docs(), exported_at=TIME, article_url=str, annotation_base_url=""
    )
    next(chunks), next(chunks)
    assert taken == [0]


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


def test_failure_message_names_article_title_and_field():
    failure = failure_of(lambda d: d["annotations"][3].update(label="hyped"))
    assert (failure.index, failure.title, failure.field) == (1, TITLE, "annotations[3].label")
    assert str(failure) == (
        f'article 2 ("{TITLE}"): annotations[3].label: '
        "'hyped' is not one of fact, speculation, hype"
    )


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
        (lambda d: d["annotations"][1].pop("label"), "annotations[1].label", "is missing"),
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
        doc["summary"] = native.summary(text_sentences=[], annotations=doc["annotations"])

    failure = failure_of(mutate)
    assert (failure.index, failure.field) == (1, "article.text")
    assert "not normalized" in failure.message and "offsets" in failure.message


def test_unnormalized_text_without_annotations_is_accepted():
    doc = make_doc()
    retext(doc, "Cafe\u0301 news.\r\nMore.")
    doc["article"]["sentences"], doc["annotations"] = [], []
    doc["summary"] = native.summary(text_sentences=[], annotations=[])
    assert parse(json.dumps(doc)) == [doc]


def test_same_editor_tagging_same_span_twice_is_rejected():
    def mutate(doc):
        doc["annotations"].append({**doc["annotations"][0], "id": 99, "uuid": NEW_UUID})
        doc["summary"] = native.summary(
            text_sentences=doc["article"]["sentences"], annotations=doc["annotations"]
        )

    failure = failure_of(mutate)
    assert (failure.index, failure.field) == (1, "annotations[6]")
    assert "'bob' tagged 0–58 twice" in failure.message


def test_parse_does_not_alter_the_input_docs():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    before = copy.deepcopy(docs)
    parse(bulk(docs))
    assert docs == before
