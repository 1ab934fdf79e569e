"""Layers and verdicts in exports and imports: blind, finished_by, verdicts and what each
sentence says, round-tripping through import; one layer (gold or an editor's) in every
format, from the export page and the command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from annotate.formats.schema import validator
from annotate.models import Article, Layer, Verdict
from tests.conftest import tag
from tests.test_importing import empty_database, export_file, read, run_import, without_ids

pytestmark = pytest.mark.django_db

SECOND = "The company called it the greatest leap in computing history."
THIRD = "Analysts expect shipments to begin next year."


def span(article: Article, words: str) -> tuple[int, int]:
    start = article.text.index(words)
    return start, start + len(words)


@pytest.fixture
def reviewed(article, editor, other_editor, lead):
    """A blind article: alice hype and bob fact on the second sentence, alice speculation
    on the third; both finished; the lead decided hype on the second, none on the third."""
    hype = tag(article, editor, SECOND, "hype")
    tag(article, other_editor, SECOND, "fact")
    tag(article, editor, THIRD, "speculation")
    article.set_finished(editor, True)
    article.set_finished(other_editor, True)
    article.set_blind(True)
    start, end = span(article, SECOND)
    article.decide(lead=lead, start=start, end=end, label="hype", note="the claim has no source")
    start, end = span(article, THIRD)
    article.decide(lead=lead, start=start, end=end, label="none")
    article.refresh_from_db()
    article.hype = hype
    return article


def export_json(client, article: Article) -> dict:
    return json.loads(client.get(reverse("annotate:article_export", args=[article.pk])).content)


def bulk(client, query: str) -> str:
    response = client.get(reverse("annotate:export") + "?" + query)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode()


def test_export_holds_blind_finished_by_verdicts_and_sentence_labels(client_for, lead, reviewed):
    doc = export_json(client_for(lead), reviewed)
    validator("article").validate(doc)
    assert doc["article"]["blind"] is True and doc["finished_by"] == ["alice", "bob"]
    hype, none = doc["verdicts"]
    start, end = span(reviewed, SECOND)
    assert (hype["start"], hype["end"], hype["quote"], hype["label"]) == (
        start,
        end,
        SECOND,
        "hype",
    )
    assert hype["note"] == "the claim has no source" and hype["decided_by"] == "lena"
    assert hype["agrees_with"] == [str(reviewed.hype.uuid)]
    assert hype["id"] == Verdict.objects.get(label="hype").pk and hype["decided_at"].endswith("Z")
    assert none["label"] == "none" and none["agrees_with"] == []
    assert doc["summary"]["sentence_labels"] == reviewed.sentence_labels
    assert doc["summary"]["sentence_labels"]["hype"] == 1  # settled by the verdict


def test_export_of_an_article_nobody_reviewed_holds_empty_lists(client_for, editor, article):
    doc = export_json(client_for(editor), article)
    validator("article").validate(doc)
    assert (doc["finished_by"], doc["verdicts"], doc["article"]["blind"]) == ([], [], False)
    assert doc["summary"]["sentence_labels"]["none"] == article.sentences_total


def test_layers_and_verdicts_round_trip_losslessly_through_import(tmp_path, reviewed):
    path = export_file(tmp_path)
    before = json.loads(read(path))
    empty_database()
    assert "2 verdicts (2 new, 0 updated, 0 unchanged)" in run_import(path)
    article = Article.objects.get()
    assert article.blind and article.sentence_labels == reviewed.sentence_labels
    finished = Layer.objects.filter(finished_at__isnull=False)
    assert sorted(finished.values_list("editor__username", flat=True)) == ["alice", "bob"]
    (tmp_path / "again").mkdir()
    after = json.loads(read(export_file(tmp_path / "again")))
    for data in (before, after):
        for v in data["articles"][0]["verdicts"]:
            v.pop("id")
    assert without_ids(after) == without_ids(before)
    assert "2 verdicts (0 new, 0 updated, 2 unchanged)" in run_import(path)


def test_import_matches_a_verdict_without_uuid_by_its_span(tmp_path, reviewed):
    data = json.loads(read(export_file(tmp_path)))
    verdict = data["articles"][0]["verdicts"][0]
    del verdict["uuid"], verdict["id"]
    verdict["label"], verdict["note"] = "fact", "on second thought"
    del data["articles"][0]["summary"]["sentence_labels"]
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data))
    assert "(0 new, 1 updated, 1 unchanged)" in run_import(str(path))
    changed = Verdict.objects.get(start=verdict["start"], end=verdict["end"])
    assert (changed.label, changed.note) == ("fact", "on second thought")
    reviewed.refresh_from_db()
    assert reviewed.sentence_labels["fact"] == 1 and reviewed.sentence_labels["hype"] == 0


def test_import_refuses_a_verdict_outside_the_text_and_writes_nothing(tmp_path, reviewed):
    data = json.loads(read(export_file(tmp_path)))
    data["articles"][0]["verdicts"][0].update(end=10_000)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=r"verdicts\[0\]\.end: is 10000, past the end"):
        run_import(str(path))
    assert Verdict.objects.get(label="hype").end == span(reviewed, SECOND)[1]


def test_import_of_a_script_file_with_finished_by_and_a_verdict(tmp_path, lead):
    text = "Acme wins. Rivals lose. Nobody knows."
    doc = {
        "format": "annotate.article/v1",
        "article": {"title": "Script", "text": text},
        "annotations": [{"start": 0, "end": 10, "label": "hype", "editor": "zoe"}],
        "finished_by": ["zoe", "yan"],
        "verdicts": [{"start": 11, "end": 23, "label": "fact", "decided_by": "lena"}],
    }
    path = tmp_path / "script.json"
    path.write_text(json.dumps(doc))
    run_import(str(path))
    article = Article.objects.get(title="Script")
    # zoe's hype against yan's none: disputed; the verdict settles the second; none the third.
    assert article.sentence_labels == {
        "fact": 1,
        "speculation": 0,
        "hype": 0,
        "disputed": 1,
        "none": 1,
    }
    assert Verdict.objects.get().decided_by == lead
    assert not article.blind  # not said: the setting's default


def test_gold_layer_in_every_format_holds_the_verdicts_only(client_for, lead, reviewed):
    client = client_for(lead)
    start, end = span(reviewed, SECOND)
    [doc] = json.loads(bulk(client, "format=json&layer=gold"))["articles"]
    assert doc["annotations"] == [] and [v["label"] for v in doc["verdicts"]] == ["hype"]
    line = json.loads(bulk(client, "format=doccano&layer=gold"))
    assert line["label"] == [[start, end, "hype"]] and line["annotate_editors"] == ["lena"]
    [task] = json.loads(bulk(client, "format=labelstudio&layer=gold"))
    [gold] = task["annotations"]
    assert gold["ground_truth"] is True
    assert [(r["value"]["start"], r["value"]["labels"]) for r in gold["result"]] == [
        (start, ["hype"])
    ]
    items = json.loads(bulk(client, "format=w3c&layer=gold"))["first"]["items"]
    assert [(i["motivation"], i["creator"]["nickname"]) for i in items] == [("assessing", "lena")]


def test_an_editors_layer_in_every_format_holds_their_annotations_only(client_for, lead, reviewed):
    client = client_for(lead)
    [doc] = json.loads(bulk(client, "format=json&layer=bob"))["articles"]
    assert {a["editor"] for a in doc["annotations"]} == {"bob"} and doc["verdicts"] == []
    validator("article").validate(doc)
    assert doc["summary"]["sentence_labels"]["fact"] == 1 and doc["summary"]["hype"] == 0
    assert json.loads(bulk(client, "format=doccano&layer=bob"))["annotate_editors"] == ["bob"]
    [task] = json.loads(bulk(client, "format=labelstudio&layer=alice"))
    assert [a.get("annotate_editor") for a in task["annotations"]] == ["alice"]
    items = json.loads(bulk(client, "format=w3c&layer=alice"))["first"]["items"]
    assert {i["creator"]["nickname"] for i in items} == {"alice"}
    assert {i["motivation"] for i in items} == {"tagging"}


def test_label_studio_without_a_layer_adds_the_gold_beside_the_editors(client_for, lead, reviewed):
    [task] = json.loads(bulk(client_for(lead), "format=labelstudio"))
    editors = [a.get("annotate_editor") for a in task["annotations"] if not a.get("ground_truth")]
    assert sorted(editors) == ["alice", "bob"]
    assert [a for a in task["annotations"] if a.get("ground_truth")][0]["annotate_decided_by"] == [
        "lena"
    ]


def test_label_studio_ground_truth_imports_back_as_verdicts(tmp_path, reviewed):
    path = export_file(tmp_path, "labelstudio")
    Verdict.objects.all().delete()
    run_import(path)
    verdict = Verdict.objects.get()
    assert (verdict.label, verdict.decided_by.username) == ("hype", "lena")
    assert (verdict.start, verdict.end) == span(reviewed, SECOND)


def test_w3c_without_a_layer_gives_verdicts_as_assessing_beside_tagging(client_for, lead, reviewed):
    items = json.loads(bulk(client_for(lead), "format=w3c"))["first"]["items"]
    assessing = [i for i in items if i["motivation"] == "assessing"]
    assert len(assessing) == 1 and len(items) == 4  # three tags and the one labelled verdict
    assert assessing[0]["body"][0] == {
        "type": "TextualBody", "value": "hype", "purpose": "assessing", "format": "text/plain"
    }  # fmt: skip
    assert assessing[0]["body"][1]["value"] == "the claim has no source"


def test_export_layer_must_be_gold_or_a_username(client_for, lead, reviewed):
    response = client_for(lead).get(reverse("annotate:export") + "?layer=nobody")
    assert (
        response.status_code == 400 and "No editor is named 'nobody'" in response.content.decode()
    )


def test_export_command_takes_a_layer(tmp_path, reviewed):
    data = json.loads(read(export_file(tmp_path, "json", "--layer", "gold")))
    assert [v["label"] for v in data["articles"][0]["verdicts"]] == ["hype"]
    with pytest.raises(CommandError, match="No editor is named 'nobody'"):
        call_command(
            "export_articles", "--layer", "nobody", stderr=io.StringIO(), stdout=io.StringIO()
        )
