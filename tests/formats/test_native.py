from __future__ import annotations

import hashlib
import json
import random
import uuid
import xml.etree.ElementTree as ET

import pytest

from annotate import exports
from annotate.imports import validator

PARAGRAPHS = [
    [
        "Acme's 👩‍💻 chip is the greatest leap in computing history.",
        "Engineers in 東京 say it could ship by 2027.",
    ],
    [
        "According to Reuters, revenue rose 12% to $4.2 billion.",
        "The Arabic name شركة أكمي appears on every box 🇯🇵.",
        "Analysts call it a formidable rival.",
        "Shares closed flat.",
    ],
]
SPANS = [
    # (editor, label, quote, note); the quote's first occurrence in the text is the span.
    ("alice", "hype", "the greatest leap in computing history", "superlative, no benchmark"),
    ("alice", "fact", "According to Reuters, revenue rose 12% to $4.2 billion.", ""),
    ("bob", "speculation", "could ship by 2027", ""),
    ("bob", "hype", "Acme's 👩‍💻 chip is the greatest leap in computing history.", ""),
    ("carol", "fact", "شركة أكمي", "the name in Arabic 👩‍💻"),
    ("carol", "speculation", "every box 🇯🇵. Analysts call it", ""),
]
TIME = "2026-11-26T22:40:00Z"


def make_doc(
    *, seed: int = 0, notes: bool = True, source_url: str = "https://news.example/acme-chip"
) -> dict:
    """A valid article document: emoji (a ZWJ sequence and a flag), CJK, an RTL word,
    overlapping spans and one span across two sentences."""
    text, sentences = "", []
    for p, paragraph in enumerate(PARAGRAPHS):
        for s, sentence in enumerate(paragraph):
            text += "\n\n" if p and not s else " " if s else ""
            sentences.append([len(text), len(text) + len(sentence)])
            text += sentence
    article = {
        "id": 7 + seed,
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"article-{seed}")),
        "title": f"Acme's chip, take {seed}",
        "source_url": source_url,
        "outlet": "Example News",
        "published_on": "2026-11-25",
        "status": "in_review",
        "created_by": "alice",
        "created_at": TIME,
        "updated_at": "2026-11-26T23:00:00.123456Z",
        "text": text,
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "sentences": sentences,
    }
    annotations = []
    for n, (editor, label, quote, note) in enumerate(SPANS):
        start = text.index(quote)
        annotations.append(
            {
                "id": 100 * seed + n + 1,
                "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"annotation-{seed}-{n}")),
                "start": start,
                "end": start + len(quote),
                "quote": quote,
                "label": label,
                "note": note if notes else "",
                "editor": editor,
                "created_at": TIME,
                "updated_at": TIME,
            }
        )
    annotations.sort(key=lambda a: (a["start"], a["end"], a["id"]))
    return exports.article_document(article=article, annotations=annotations)


def export_all(fmt: str, docs: list[dict], **kwargs) -> str:
    return "".join(
        exports.stream(
            fmt,
            iter(docs),
            exported_at=TIME,
            article_url=lambda doc: f"https://annotate.example/articles/{doc['article']['id']}/",
            annotation_base_url=kwargs.get("base", "https://annotate.example/annotations/"),
        )
    )


def test_summary_counts_labels_and_tagged_sentences():
    assert make_doc()["summary"] == {
        "fact": 2,
        "speculation": 2,
        "hype": 2,
        "sentences": 6,
        "sentences_tagged": 5,
    }


def test_summary_span_ending_at_sentence_start_does_not_tag_it():
    sentences = [[0, 10], [11, 20], [21, 30]]
    spans = [{"start": 5, "end": 11, "label": "fact"}, {"start": 20, "end": 21, "label": "hype"}]
    result = exports.summary(text_sentences=sentences, annotations=spans)
    assert result["sentences_tagged"] == 1
    assert (result["fact"], result["hype"], result["speculation"]) == (1, 1, 0)


def test_summary_counts_sentence_once_under_overlapping_spans():
    sentences = [[0, 10], [11, 20], [21, 30], [31, 40]]
    spans = [{"start": s, "end": e, "label": "hype"} for s, e in [(0, 25), (12, 14), (15, 22)]]
    assert exports.summary(text_sentences=sentences, annotations=spans)["sentences_tagged"] == 3


def test_summary_with_2000_annotations_matches_brute_force():
    rng = random.Random(4)
    sentences = [[i * 50, i * 50 + 48] for i in range(2000)]
    spans = []
    for _ in range(2000):
        start = rng.randrange(0, 99_000)
        spans.append({"start": start, "end": start + rng.randrange(1, 400), "label": "fact"})
    # Its speed is measured by `make bench` (export figures), not asserted here.
    result = exports.summary(text_sentences=sentences, annotations=spans)
    tagged = sum(any(a["start"] < e and a["end"] > s for a in spans) for s, e in sentences)
    assert result["sentences_tagged"] == tagged
    assert result["fact"] == 2000


def test_article_document_validates_against_schema():
    doc = make_doc()
    assert list(validator("article").iter_errors(doc)) == []
    assert doc["format"] == "annotate.article/v1"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("annotations", 0, "label"), "hyped"),
        (("annotations", 0, "start"), -1),
        (("annotations", 0, "uuid"), "not-a-uuid"),
        (("article", "status"), "published"),
        (("article", "created_at"), "2026-11-26 22:40:00"),
        (("article", "extra"), 1),
        (("summary", "hype"), "2"),
    ],
)
def test_article_schema_rejects_bad_value(path, value):
    doc = make_doc()
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert not validator("article").is_valid(doc)


def test_export_schema_checks_articles_through_ref():
    good = {"format": "annotate.export/v1", "exported_at": TIME, "articles": [make_doc()]}
    assert validator("export").is_valid(good)
    good["articles"][0]["annotations"][0]["label"] = "hyped"
    assert not validator("export").is_valid(good)


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

    chunks = exports.stream(
        "json", docs(), exported_at=TIME, article_url=str, annotation_base_url=""
    )
    next(chunks), next(chunks)
    assert taken == [0]


def test_stream_with_unknown_format_raises():
    with pytest.raises(ValueError, match="csv"):
        exports.stream("csv", [], exported_at=TIME, article_url=str, annotation_base_url="")


def test_content_types_cover_every_format():
    assert set(exports.CONTENT_TYPES) == set(exports.FORMATS)
    assert exports.CONTENT_TYPES["jsonl"] == ("application/x-ndjson", ".jsonl")
    assert exports.CONTENT_TYPES["w3c"][1] == ".jsonld"


def test_w3c_annotation_has_label_body_and_both_selectors():
    doc = make_doc()
    items = exports.w3c_annotations(
        doc, article_url="https://annotate.example/articles/7/", annotation_base_url="https://h/a/"
    )
    assert len(items) == len(doc["annotations"])
    for item, a in zip(items, doc["annotations"], strict=True):
        assert item["id"] == f"https://h/a/{a['uuid']}"
        assert (item["type"], item["motivation"]) == ("Annotation", "tagging")
        assert item["creator"] == {"type": "Person", "nickname": a["editor"]}
        assert (item["created"], item["modified"]) == (a["created_at"], a["updated_at"])
        assert item["body"][0] == {
            "type": "TextualBody",
            "value": a["label"],
            "purpose": "tagging",
            "format": "text/plain",
        }
        target = item["target"]
        assert target["source"] == "https://news.example/acme-chip"
        quote, position = target["selector"]
        assert quote["exact"] == a["quote"]
        assert (position["start"], position["end"]) == (a["start"], a["end"])


def test_w3c_note_becomes_commenting_body_only_when_present():
    with_note = exports.w3c_annotations(make_doc(), article_url="u", annotation_base_url="")
    noted = [i for i in with_note if len(i["body"]) == 2]
    assert [b["value"] for i in noted for b in i["body"][1:]] == [
        "superlative, no benchmark",
        "the name in Arabic 👩‍💻",
    ]
    assert all(i["body"][1]["purpose"] == "commenting" for i in noted)
    plain = exports.w3c_annotations(make_doc(notes=False), article_url="u", annotation_base_url="")
    assert all(len(i["body"]) == 1 for i in plain)


def test_w3c_without_base_or_source_uses_urn_and_article_url():
    doc = make_doc(source_url="")
    items = exports.w3c_annotations(doc, article_url="https://a/7/", annotation_base_url="")
    assert items[0]["id"] == f"urn:uuid:{doc['annotations'][0]['uuid']}"
    assert {i["target"]["source"] for i in items} == {"https://a/7/"}


def test_w3c_prefix_and_suffix_are_32_code_points_around_the_quote():
    doc = make_doc()
    text = doc["article"]["text"]
    items = exports.w3c_annotations(doc, article_url="u", annotation_base_url="")
    for item, a in zip(items, doc["annotations"], strict=True):
        quote = item["target"]["selector"][0]
        prefix, suffix = quote["prefix"], quote["suffix"]
        assert prefix == text[max(0, a["start"] - 32) : a["start"]]
        assert suffix == text[a["end"] : a["end"] + 32]
        assert text.find(prefix + quote["exact"] + suffix) == a["start"] - len(prefix)
    assert items[0]["target"]["selector"][0]["prefix"] == ""  # the span at offset 0
    last = {**doc["annotations"][0], "start": 247, "end": 266, "quote": "Shares closed flat."}
    doc["annotations"] = [last]
    [item] = exports.w3c_annotations(doc, article_url="u", annotation_base_url="")
    assert item["target"]["selector"][0]["suffix"] == ""  # the span ending the text
    emoji_quote = next(i for i in items if "🇯🇵" in i["target"]["selector"][0]["exact"])
    assert len(emoji_quote["target"]["selector"][0]["prefix"]) == 32  # code points, not UTF-16


def test_w3c_collection_stream_holds_every_annotation_and_total():
    docs = [make_doc(seed=0), make_doc(seed=1, source_url="")]
    data = json.loads(export_all("w3c", docs))
    expected = []
    for doc in docs:
        for item in exports.w3c_annotations(
            doc,
            article_url=f"https://annotate.example/articles/{doc['article']['id']}/",
            annotation_base_url="https://annotate.example/annotations/",
        ):
            del item["@context"]
            expected.append(item)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["id"].startswith("urn:uuid:")
    assert data["total"] == len(expected) == 12
    assert data["first"]["type"] == "AnnotationPage"
    assert data["first"]["items"] == expected
    assert data["first"]["id"] == data["id"] + "#page1"


def test_w3c_collection_ids_are_stable_for_the_same_export_time():
    assert json.loads(export_all("w3c", []))["id"] == json.loads(export_all("w3c", []))["id"]
    assert json.loads(export_all("w3c", []))["total"] == 0


def test_labelstudio_offsets_slice_text_to_the_quote():
    doc = make_doc()
    task = exports.labelstudio_task(doc)
    text = task["data"]["text"]
    values = [r["value"] for a in task["annotations"] for r in a["result"]]
    assert len(values) == 6
    for value in values:
        assert text[value["start"] : value["end"]] == value["text"]
        assert value["labels"][0] in exports.LABELS
    quotes = {(a["quote"], a["label"]) for a in doc["annotations"]}
    assert {(v["text"], v["labels"][0]) for v in values} == quotes


def test_labelstudio_task_groups_results_by_editor():
    task = exports.labelstudio_task(make_doc())
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
    view = ET.fromstring(exports.LABELSTUDIO_CONFIG)
    labels, text = view.find("Labels"), view.find("Text")
    assert (labels.get("name"), labels.get("toName")) == ("label", "text")
    assert (text.get("name"), text.get("value")) == ("text", "$text")
    assert tuple(label.get("value") for label in labels) == exports.LABELS


def test_labelstudio_stream_is_a_json_list_of_tasks():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    assert json.loads(export_all("labelstudio", docs)) == list(map(exports.labelstudio_task, docs))
    assert json.loads(export_all("labelstudio", [])) == []


def test_doccano_offsets_slice_text_to_the_quote():
    doc = make_doc()
    line = exports.doccano_line(doc)
    assert line["label"] == [[a["start"], a["end"], a["label"]] for a in doc["annotations"]]
    quotes = [line["text"][start:end] for start, end, _ in line["label"]]
    assert quotes == [a["quote"] for a in doc["annotations"]]


def test_doccano_stream_has_one_line_per_article():
    docs = [make_doc(seed=0), make_doc(seed=1)]
    lines = export_all("doccano", docs).rstrip("\n").split("\n")
    assert [json.loads(line) for line in lines] == list(map(exports.doccano_line, docs))
