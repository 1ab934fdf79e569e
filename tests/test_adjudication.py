"""The review page's rows, pure: values of finished layers, agreement, majority, verdicts."""

from __future__ import annotations

import random
from collections import Counter

from annotate.adjudication import majority, review_rows, settling_verdicts, unanimous
from annotate.agreement import Layer, verdict_values

SENTENCES = [[0, 10], [11, 20], [21, 30]]


def test_majority_is_the_value_most_give_and_none_on_a_tie():
    assert majority(["hype", "hype", "fact"]) == "hype"
    assert majority(["hype", "fact"]) is None
    assert majority(["none"]) == "none"
    assert majority([]) is None


def test_majority_is_the_one_value_given_most_often_on_random_values():
    rng = random.Random(4)
    for _ in range(500):
        values = rng.choices(["hype", "fact", "speculation", "none"], k=rng.randint(0, 7))
        top = Counter(values).most_common()
        leads = bool(top) and (len(top) == 1 or top[0][1] > top[1][1])
        assert majority(values) == (top[0][0] if leads else None), values


def test_rows_compare_finished_layers_only_with_none_for_untagged():
    layers = [
        Layer("alice", [(0, 10, "hype")], True),
        Layer("bob", [(0, 10, "fact"), (11, 20, "fact")], True),
        Layer("carol", [(21, 30, "hype")], False),  # unfinished: left out
    ]
    rows = review_rows(SENTENCES, layers)
    assert rows[0].values == (("alice", "hype"), ("bob", "fact"))
    assert rows[0].disputed and not rows[0].agree and rows[0].majority is None
    assert rows[1].values == (("alice", "none"), ("bob", "fact")) and rows[1].disputed
    assert rows[2].agree and rows[2].values == (("alice", "none"), ("bob", "none"))
    assert [row.index for row in unanimous(rows)] == [2]


def test_one_finished_layer_agrees_with_nobody():
    rows = review_rows(SENTENCES, [Layer("alice", [(0, 10, "hype")], True)])
    assert not any(row.agree for row in rows) and rows[0].majority == "hype"
    assert unanimous(rows) == []


def test_settling_verdict_is_the_one_the_rule_reads():
    # Two verdicts covering the first sentence alike: the rule breaks the tie by start,
    # then label order; the index must point at the verdict whose label it reads.
    verdicts = [(0, 15, "hype"), (0, 15, "fact"), (11, 20, "none")]
    found = settling_verdicts(SENTENCES, verdicts)
    labels = verdict_values(SENTENCES, verdicts)
    assert [None if i is None else verdicts[i][2] for i in found] == labels
    assert found == [1, 2, None]


def test_rows_numbered_from_first_when_a_run_of_sentences_is_asked():
    rows = review_rows(SENTENCES[1:], [Layer("a", [], True), Layer("b", [], True)], first=1)
    assert [row.index for row in rows] == [1, 2]
