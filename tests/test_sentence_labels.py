"""What an article says, sentence by sentence: the one rule (issue 10). Pure (no Django)."""

from __future__ import annotations

from annotate.agreement import Layer, count_sentence_labels, sentence_labels, verdict_values

SENTENCES = [[0, 10], [11, 20], [21, 30]]


def test_sentence_label_is_the_value_all_layers_giving_one_agree_on():
    layers = [Layer("a", [(0, 10, "hype")], True), Layer("b", [(0, 5, "hype")])]
    assert sentence_labels(SENTENCES, layers) == ["hype", "none", "none"]


def test_sentence_label_is_disputed_when_layers_differ_even_unfinished():
    layers = [Layer("a", [(0, 10, "hype")], True), Layer("b", [(0, 5, "fact"), (11, 20, "hype")])]
    assert sentence_labels(SENTENCES, layers) == ["disputed", "disputed", "none"]


def test_sentence_label_is_none_when_no_layer_gives_a_value():
    assert sentence_labels(SENTENCES, [Layer("a", [(0, 10, "fact")])]) == ["fact", "none", "none"]
    assert sentence_labels([], []) == []


def test_verdict_settles_the_sentence_it_covers_most():
    layers = [Layer("a", [(0, 10, "hype")], True), Layer("b", [(0, 10, "fact")], True)]
    # 5..18 covers 5 characters of the first sentence and 7 of the second.
    verdicts = [(5, 18, "speculation"), (0, 10, "none")]
    assert sentence_labels(SENTENCES, layers, verdicts) == ["none", "speculation", "none"]
    assert verdict_values(SENTENCES, [(10, 11, "hype")]) == [None, None, None]


def test_sentence_label_counts_name_every_label():
    assert count_sentence_labels(["hype", "disputed", "hype"]) == {
        "fact": 0, "speculation": 0, "hype": 2, "disputed": 1, "none": 0,
    }  # fmt: skip


def test_verdict_overrides_layers_that_all_agree():
    layers = [Layer("a", [(0, 10, "hype")], True), Layer("b", [(0, 10, "hype")], True)]
    assert sentence_labels(SENTENCES, layers, [(0, 10, "none")])[0] == "none"
    assert sentence_labels(SENTENCES, layers, [(0, 10, "fact")])[0] == "fact"


def test_of_two_verdicts_on_a_sentence_the_one_covering_more_wins_in_any_order():
    verdicts = [(0, 3, "hype"), (2, 10, "fact")]
    assert verdict_values(SENTENCES, verdicts)[0] == "fact"
    assert verdict_values(SENTENCES, verdicts[::-1])[0] == "fact"


def test_finished_none_against_an_unfinished_label_is_disputed():
    layers = [Layer("a", [], True), Layer("b", [(21, 30, "speculation")])]
    assert sentence_labels(SENTENCES, layers) == ["none", "none", "disputed"]
