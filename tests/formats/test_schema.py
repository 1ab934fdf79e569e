from __future__ import annotations

import copy

import pytest

from annotate.formats.schema import plainly_valid, validator
from tests.formats.samples import TIME, make_doc

BAD_VALUES = [None, True, 1.5, -1, 0, "", "x" * 501, [], {}, "2026-11-26", "fact", 2**40]


def mutations():
    base = make_doc()
    for key in base["annotations"][0]:
        for value in BAD_VALUES:
            doc = copy.deepcopy(base)
            doc["annotations"][2][key] = value
            yield f"annotations.{key}={value!r:.12}", doc
        doc = copy.deepcopy(base)
        del doc["annotations"][2][key]
        yield f"annotations.{key} missing", doc
    doc = copy.deepcopy(base)
    doc["annotations"][0]["extra"] = 1
    yield "annotation extra key", doc
    for value in ([1], [1, 2, 3], [-1, 2], ["1", 2], [True, 2], "0-4", None):
        doc = copy.deepcopy(base)
        doc["article"]["sentences"][1] = value
        yield f"sentence={value!r}", doc
    doc = copy.deepcopy(base)
    doc["summary"]["hype"] = -1
    yield "summary", doc


@pytest.mark.parametrize(
    ("name", "doc"), list(mutations()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_fast_check_never_accepts_what_the_schema_refuses(name, doc):
    if plainly_valid(doc):
        assert validator("article").is_valid(doc), name


def test_fast_check_accepts_a_real_export_and_refuses_a_bad_label():
    doc = make_doc()
    assert plainly_valid(doc) and validator("article").is_valid(doc)
    doc["annotations"][0]["label"] = "opinion"
    assert not plainly_valid(doc)


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
