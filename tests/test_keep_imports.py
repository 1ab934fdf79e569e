"""Absent is not empty: an import changes only what its file carries, in every format."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from annotate.models import Annotation
from tests.keep_data import rich_database, snapshot

pytestmark = pytest.mark.django_db
READABLE = ("json", "jsonl", "labelstudio", "doccano")


@pytest.fixture
def articles(editor, other_editor, lead):
    return rich_database(editor=editor, other=other_editor, lead=lead)


def export(tmp_path, fmt: str) -> str:
    path = tmp_path / f"export-{fmt}.{'jsonl' if fmt in ('jsonl', 'doccano') else 'json'}"
    call_command("export_articles", "--format", fmt, "--output", str(path), stderr=io.StringIO())
    return str(path)


def run_import(path: str, *args: str) -> str:
    out = io.StringIO()
    call_command("import_articles", path, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rewrite(path: str, change) -> str:
    """The file at `path`, each line's (or the whole file's) JSON passed through `change`."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    if path.endswith(".jsonl"):
        lines = [json.dumps(change(json.loads(line))) for line in text.splitlines() if line]
        text = "\n".join(lines) + "\n"
    else:
        text = json.dumps(change(json.loads(text)))
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    return path


@pytest.mark.parametrize("fmt", READABLE)
def test_round_trip_changes_no_row(tmp_path, articles, fmt):
    before = snapshot()
    summary = run_import(export(tmp_path, fmt))
    assert snapshot() == before
    assert "(0 new, 0 updated, 2 unchanged)" in summary
    assert "annotations (0 new, 0 updated" in summary


def test_doccano_label_change_keeps_note_timestamps_and_editor(tmp_path, articles, editor):
    headline = Annotation.objects.get(editor=editor, note="WSJ report; check")
    before = Annotation.objects.values().get(pk=headline.pk)

    def relabel(line: dict) -> dict:
        line["label"] = [
            [s, e, "fact" if (s, e) == (headline.start, headline.end) else label]
            for s, e, label in line["label"]
        ]
        return line

    summary = run_import(rewrite(export(tmp_path, "doccano"), relabel))
    assert "annotations (0 new, 1 updated" in summary
    after = Annotation.objects.values().get(pk=headline.pk)
    assert after["label"] == "fact"
    assert after["updated_at"] > before["updated_at"]  # the row did change: now
    for key in ("note", "created_at", "editor_id", "reanchored_at", "uuid", "quote"):
        assert after[key] == before[key], key


def test_labelstudio_note_change_is_the_only_change(tmp_path, articles, other_editor):
    before = snapshot()

    def renote(tasks: list) -> list:
        for task in tasks:
            for annotation in task["annotations"]:
                for result in annotation["result"]:
                    if result.get("meta", {}).get("text") == ["10-K, p. 3"]:
                        result["meta"]["text"] = ["10-K, page 3"]
        return tasks

    run_import(rewrite(export(tmp_path, "labelstudio"), renote))
    after = snapshot()
    changed = [
        (a, b) for a, b in zip(before["annotations"], after["annotations"], strict=True) if a != b
    ]
    assert len(changed) == 1
    old, new = changed[0]
    assert (old["note"], new["note"]) == ("10-K, p. 3", "10-K, page 3")
    assert {k for k in old if old[k] != new[k]} == {"note", "updated_at"}
    assert after["articles"] == before["articles"]


def test_minimal_native_file_changes_only_what_it_holds(tmp_path, articles, editor):
    """A script's file naming a tag by uuid with start, end and label only: its note,
    editor and dates stay; the article's outlet, status and dates too."""
    headline = Annotation.objects.get(editor=editor, note="WSJ report; check")
    first = articles[0]
    doc = {
        "format": "annotate.article/v1",
        "article": {"uuid": str(first.uuid), "title": first.title, "text": first.text},
        "annotations": [
            {"uuid": str(headline.uuid), "start": headline.start, "end": headline.end,
             "label": "speculation"},
        ],
    }  # fmt: skip
    path = tmp_path / "script.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = snapshot()
    run_import(str(path))
    after = snapshot()
    assert after["articles"] == before["articles"]
    assert after["layers"] == before["layers"] and after["verdicts"] == before["verdicts"]
    old = next(a for a in before["annotations"] if a["id"] == headline.pk)
    new = next(a for a in after["annotations"] if a["id"] == headline.pk)
    assert {k for k in old if old[k] != new[k]} == {"label", "updated_at"}
