"""What every reader shares: the file's shape, its text, and identities across articles."""

from __future__ import annotations

import json

import pytest

from annotate.formats import ImportFailure, parse
from tests.formats.samples import (
    TITLE,
    export_all,
    failure_of,
    make_doc,
    set_annotation,
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
        (
            '{"format": "annotate.export/v1", "exported_at": "yesterday", "articles": []}',
            "exported_at: 'yesterday' is not a UTC timestamp",
        ),
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


def test_duplicate_annotation_uuid_across_articles_is_rejected():
    reused = make_doc(seed=0)["annotations"][4]["uuid"]
    failure = failure_of(set_annotation(2, uuid=reused))
    assert (failure.index, failure.title, failure.field) == (1, TITLE, "annotations[2].uuid")
    assert "also the UUID of article 1's annotations[4]" in failure.message


def test_duplicate_article_uuid_is_rejected():
    failure = failure_of(lambda d: d["article"].update(uuid=make_doc()["article"]["uuid"]))
    assert (failure.index, failure.field) == (1, "article.uuid")
    assert "also the UUID of article 1" in failure.message


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
