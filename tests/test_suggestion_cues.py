"""The cue finder's shortcuts read what the plain definitions read. Pure."""

from __future__ import annotations

import random
import re

import pytest

from annotate.suggestions import cues

PIECES = [
    "Acme", "said", "will", "May", "not", "could", "GB", "by 2030", "n't", "according to",
    "$5", "€12.5bn", "3.5x", "Q3", "2026", "42%", "!", "“It is", "revolutionary,”", '"so"',
    "‘scare’", "İstanbul", "ΑΣ", "ΟΔΟΣ.", "ΑΣ.Β", "Β.Σ", "σοφός", "ß", "ǅ", "ﬁ", "٣٤", "１２GB",
    "l’avenir", "it’s", "state-of-the-art", "—", "(", ")", ",", "\n", "  ", "is expected to",
    "the best",
]  # fmt: skip


def texts(seed: int, n: int = 60) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choices(PIECES, k=rng.randint(0, 25))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(5))
def test_tokens_are_each_word_lowercased_alone(seed):
    for text in texts(seed):
        plain = [
            (m.start(), m.end(), m.group().lower().replace("’", "'"))
            for m in cues._WORD.finditer(text)
        ]
        assert cues._tokens(text) == plain, text


@pytest.mark.parametrize("seed", range(5))
def test_special_told_where_cues_start_finds_what_the_plain_regex_finds(seed):
    plain = re.compile(cues.SPECIAL.pattern.removeprefix(r"(?=[\d$€£¥!])"), cues.SPECIAL.flags)
    assert plain.pattern != cues.SPECIAL.pattern
    for text in texts(seed):
        found = [(m.span(), m.lastgroup) for m in cues.SPECIAL.finditer(text)]
        assert found == [(m.span(), m.lastgroup) for m in plain.finditer(text)], text


def test_lexicon_lengths_are_those_of_its_phrases_longest_first():
    lex = cues.lexicon_with([("in the coming months ahead", "future")], ["hedge"])
    assert 5 in lex.lengths["in"] and list(lex.lengths["in"]) == sorted(lex.lengths["in"])[::-1]
    for key in lex.phrase_kind:
        assert len(key) in lex.lengths[key[0]]
    assert sum(map(len, lex.lengths.values())) == len({(k[0], len(k)) for k in lex.phrase_kind})
