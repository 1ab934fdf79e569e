from __future__ import annotations

import copy

import pytest

from annotate.schema_checks import plainly_valid, validator
from tests.test_exports import make_doc

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
