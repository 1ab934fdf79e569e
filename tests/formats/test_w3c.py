"""W3C Web Annotations: what the writer puts in each annotation and the collection."""

from __future__ import annotations

import json

from annotate.formats import w3c
from tests.formats.samples import (
    export_all,
    make_doc,
)


def test_w3c_annotation_has_label_body_and_both_selectors():
    doc = make_doc()
    items = w3c.w3c_annotations(
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
    with_note = w3c.w3c_annotations(make_doc(), article_url="u", annotation_base_url="")
    noted = [i for i in with_note if len(i["body"]) == 2]
    assert [b["value"] for i in noted for b in i["body"][1:]] == [
        "superlative, no benchmark",
        "the name in Arabic 👩‍💻",
    ]
    assert all(i["body"][1]["purpose"] == "commenting" for i in noted)
    plain = w3c.w3c_annotations(make_doc(notes=False), article_url="u", annotation_base_url="")
    assert all(len(i["body"]) == 1 for i in plain)


def test_w3c_without_base_or_source_uses_urn_and_article_url():
    doc = make_doc(source_url="")
    items = w3c.w3c_annotations(doc, article_url="https://a/7/", annotation_base_url="")
    assert items[0]["id"] == f"urn:uuid:{doc['annotations'][0]['uuid']}"
    assert {i["target"]["source"] for i in items} == {"https://a/7/"}


def test_w3c_prefix_and_suffix_are_32_code_points_around_the_quote():
    doc = make_doc()
    text = doc["article"]["text"]
    items = w3c.w3c_annotations(doc, article_url="u", annotation_base_url="")
    for item, a in zip(items, doc["annotations"], strict=True):
        quote = item["target"]["selector"][0]
        prefix, suffix = quote["prefix"], quote["suffix"]
        assert prefix == text[max(0, a["start"] - 32) : a["start"]]
        assert suffix == text[a["end"] : a["end"] + 32]
        assert text.find(prefix + quote["exact"] + suffix) == a["start"] - len(prefix)
    assert items[0]["target"]["selector"][0]["prefix"] == ""  # the span at offset 0
    last = {**doc["annotations"][0], "start": 247, "end": 266, "quote": "Shares closed flat."}
    doc["annotations"] = [last]
    [item] = w3c.w3c_annotations(doc, article_url="u", annotation_base_url="")
    assert item["target"]["selector"][0]["suffix"] == ""  # the span ending the text
    emoji_quote = next(i for i in items if "🇯🇵" in i["target"]["selector"][0]["exact"])
    assert len(emoji_quote["target"]["selector"][0]["prefix"]) == 32  # code points, not UTF-16


def test_w3c_collection_stream_holds_every_annotation_and_total():
    docs = [make_doc(seed=0), make_doc(seed=1, source_url="")]
    data = json.loads(export_all("w3c", docs))
    expected = []
    for doc in docs:
        for item in w3c.w3c_annotations(
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
