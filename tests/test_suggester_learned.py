"""The learned suggester: trained on gold verdicts and finished layers only, measured by
cross-validation, stored as numbers only when it beats the cues, then used and named."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from annotate.models import Annotation, Article, LearnedSuggester
from annotate.suggestions import SUGGESTER
from annotate.suggestions.learned import LearnedModel, features
from annotate.training import training_examples
from tests.conftest import tag
from tests.suggest_data import eval_rows, seed_settled

pytestmark = pytest.mark.django_db


def test_training_takes_verdicts_and_finished_layers_only(editor, other_editor, lead):
    [settled_by_verdicts, settled_by_layer] = seed_settled(editor, lead, rows=eval_rows()[:10])
    open_article = Article.objects.create(
        title="Open", text="Acme will win. Acme is great.", created_by=other_editor
    )
    tag(open_article, other_editor, "Acme will win.", "speculation")  # unfinished: teaches nothing
    examples, groups = training_examples()
    assert set(groups) == {settled_by_verdicts.pk, settled_by_layer.pk}
    assert len(examples) == 10
    labels = [label for *_, label in examples]
    assert labels == [r["label"] for r in eval_rows()[:10]]  # untagged in a finished layer: none


def test_finished_layers_that_disagree_teach_nothing_there(editor, other_editor, lead):
    article = Article.objects.create(
        title="Two", text="Acme will win.\n\nAcme sold 5 chips.", created_by=editor
    )
    tag(article, editor, "Acme will win.", "speculation")
    tag(article, other_editor, "Acme will win.", "hype")
    tag(article, editor, "Acme sold 5 chips.", "fact")
    tag(article, other_editor, "Acme sold 5 chips.", "fact")
    article.set_finished(editor, True)
    article.set_finished(other_editor, True)
    examples, _ = training_examples()
    assert [(article.text[s:e], label) for _, s, e, label in examples] == [
        ("Acme sold 5 chips.", "fact")
    ]


def test_train_suggester_without_enough_data_says_so():
    with pytest.raises(CommandError, match="needs at least 20 sentences"):
        call_command("train_suggester")
    assert not LearnedSuggester.objects.exists()


def test_train_suggester_measures_and_stores_only_a_better_model(editor, lead, capsys):
    seed_settled(editor, lead)
    call_command("train_suggester")
    out = capsys.readouterr().out
    assert "200 settled sentences" in out and "5-fold cross-validation, split by article" in out
    row = LearnedSuggester.objects.get()  # the demo data has it beat the cues
    assert "Stored learned/" in out
    figures = row.figures
    assert figures["learned"]["macro_f1"] > figures["cues"]["macro_f1"]
    json.dumps(row.model)  # plain numbers, no pickle
    assert set(row.model) == {"classes", "intercept", "coef", "threshold"}
    assert sorted(row.model["classes"]) == ["fact", "hype", "none", "speculation"]


def test_a_worse_model_is_not_stored(editor, lead, capsys):
    # Labels at random: nothing to learn, so the cues (which read the words) do better.
    rows = eval_rows()
    shuffled = [dict(r, label=rows[(i * 7) % len(rows)]["label"]) for i, r in enumerate(rows)]
    seed_settled(editor, lead, rows=shuffled)
    call_command("train_suggester")
    out = capsys.readouterr().out
    assert "Not stored" in out
    assert not LearnedSuggester.objects.exists()


def test_the_page_uses_and_names_the_learned_suggester(editor, lead, client_for):
    seed_settled(editor, lead)
    call_command("train_suggester")
    row = LearnedSuggester.objects.get()
    text = "Acme is expected to ship its chip next year.\n\nIt is the greatest leap ever!"
    article = Article.objects.create(title="New", text=text, created_by=editor)
    body = client_for(editor).get(reverse("annotate:article_suggestions", args=[article.pk])).json()
    assert body["suggester"] == f"learned/{row.pk}" == row.name
    labels = {text[s["start"] : s["end"]]: s["label"] for s in body["suggestions"]}
    assert labels["Acme is expected to ship its chip next year."] == "speculation"
    for suggestion in body["suggestions"]:
        assert suggestion["reasons"], "a learned suggestion still says why"
        for reason in suggestion["reasons"]:
            assert text[reason["start"] : reason["end"]] == reason["text"]


def test_blind_article_it_learned_from_gets_the_cues_until_finished(
    editor, other_editor, lead, client_for
):
    [first, *_] = seed_settled(editor, lead)
    call_command("train_suggester")
    Article.objects.filter(pk=first.pk).update(blind=True)
    url = reverse("annotate:article_suggestions", args=[first.pk])
    assert client_for(other_editor).get(url).json()["suggester"] == SUGGESTER
    assert client_for(lead).get(url).json()["suggester"].startswith("learned/")


def test_learned_model_applies_its_numbers_in_plain_python():
    model = LearnedModel(
        {
            "classes": ["fact", "none"],
            "intercept": [0.0, 0.5],
            "coef": {"w:sold": [3.0, 0.0], "cue:number": [1.0, 0.0]},
        },
        "learned/x",
    )
    text = "Acme sold 5 chips."
    assert features(text, 0, len(text))["w:sold"] == 1.0
    [suggestion] = model.suggest(text, [[0, len(text)]])
    assert suggestion.label == "fact" and suggestion.score > 0.9
    assert "sold" in {r.text for r in suggestion.reasons}
    assert model.suggest("Nothing here.", [[0, 13]]) == []  # "none" wins: no suggestion


def test_accepted_suggestion_round_trips_through_export_and_import(client_for, editor, article):
    from annotate.importing import import_documents
    from annotate.models import Annotation as A

    tag(article, editor, "Analysts expect shipments to begin next year.", "speculation")
    A.objects.update(suggested_by="learned/3")
    document = client_for(editor).get(reverse("annotate:article_export", args=[article.pk])).json()
    assert document["annotations"][0]["suggested_by"] == "learned/3"
    from annotate.formats.schema import plainly_valid, validator

    assert validator("article").is_valid(document) and plainly_valid(document)
    bad = json.loads(json.dumps(document))
    bad["annotations"][0]["suggested_by"] = "two words"
    assert not validator("article").is_valid(bad) and not plainly_valid(bad)
    A.objects.update(suggested_by="")
    from annotate.formats import parse

    result = import_documents(parse(json.dumps(document)), default_editor="alice")
    assert result.annotations_updated == 1
    assert Annotation.objects.get().suggested_by == "learned/3"
