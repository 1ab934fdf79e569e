"""Finding cues in a sentence, and what the context around each does to its reading.

One pass over a sentence finds its cues: a compiled regex its numbers (with or without a
unit), dates and "!", and its words are looked up in the lexicon (the longest phrase
starting at each word, whatever its list). Then:

- Negation ("not", "never", "n't", "declined to", ... within the three words before a cue,
  in the same clause) cancels a hype cue ("not revolutionary" deflates, it does not
  promote) and an attribution ("did not say", "declined to comment" attest nothing), but
  keeps a speculation cue, weaker: "is not expected to" is still a claim about the future.
- Quotation: a cue inside quote marks in a sentence whose speech verb stands outside them
  ("'It is revolutionary,' she said") keeps its label, a little weaker: the article reports
  the speaker's claim, and an editor still tags what it claims. The speech verb then vouches
  only for who spoke, so it counts little towards fact when the quote holds hype or
  speculation. A hype word alone in short quotes with no speaker (scare quotes) counts half:
  the writer keeps it at a distance.
- A prediction or a hedge swallows what follows: a number or a date after "is expected to",
  "plans to" or "could be" is a forecast, not a record, so it counts less towards fact.
- Attribution to a third party ("according to IDC", "data from") cancels a claim of
  leadership; a measured quantity makes a superlative checkable, so it counts half.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from annotate.suggestions import lexicon

HYPE, FACT, SPECULATION = "hype", "fact", "speculation"

# kind: (label, weight, what the cue means, in plain words)
KINDS: dict[str, tuple[str, float, str]] = {
    "measure": (FACT, 0.45, "a number with a unit, checkable"),
    "number": (FACT, 0.2, "a number"),
    "date": (FACT, 0.35, "a date, checkable"),
    "attribution": (FACT, 0.45, "attributed to a source"),
    "past_event": (FACT, 0.25, "a past event a reader can look up"),
    "future": (SPECULATION, 0.5, "a claim about the future"),
    "modal": (SPECULATION, 0.45, "a possibility, not a fact"),
    "aim": (SPECULATION, 0.5, "an aim or a plan, not yet done"),
    "hedge": (SPECULATION, 0.4, "a hedge: the claim is unverified"),
    "conditional": (SPECULATION, 0.3, "a conditional: true only if something else happens"),
    "superlative": (HYPE, 0.45, "a superlative"),
    "promotional": (HYPE, 0.55, "a promotional adjective"),
    "intensifier": (HYPE, 0.35, "a word of scale or emphasis"),
    "war": (HYPE, 0.5, "a war or race metaphor"),
    "leadership": (HYPE, 0.5, "a claim of leadership with no source behind it"),
    "sweeping": (HYPE, 0.45, "a sweeping claim, more certain than the evidence shown"),
    "exclamation": (HYPE, 0.3, "an exclamation"),
}

# Order matters only for a phrase in two lists: the first list keeps it.
_LISTS = [
    ("future", lexicon.FUTURE),
    ("aim", lexicon.AIM),
    ("hedge", lexicon.HEDGE),
    ("modal", lexicon.MODAL),
    ("conditional", lexicon.CONDITIONAL),
    ("leadership", lexicon.LEADERSHIP),
    ("superlative", lexicon.SUPERLATIVE),
    ("war", lexicon.WAR),
    ("promotional", lexicon.PROMOTIONAL),
    ("sweeping", lexicon.SWEEPING),
    ("intensifier", lexicon.INTENSIFIER),
    ("attribution", lexicon.ATTRIBUTION),
    ("past_event", lexicon.PAST_EVENT),
    ("date", lexicon.RELATIVE_DATES),
    ("date", lexicon.MONTHS),
    ("date", lexicon.WEEKDAYS),
    ("negation", lexicon.NEGATION),
]
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def words_of(phrase: str) -> tuple[str, ...]:
    """A phrase as the lexicon looks it up: its words, lowercased, "’" read as "'"."""
    return tuple(w.replace("’", "'") for w in _WORD.findall(phrase.lower()))


PHRASE_KIND: dict[tuple[str, ...], str] = {}
for _kind, _block in _LISTS:
    for _phrase in lexicon.phrases(_block):
        PHRASE_KIND.setdefault(words_of(_phrase), _kind)
# Kinds a newsroom may add phrases to: those a word list holds (numbers and "!" are found
# by a regex, and a negation is context, not a cue).
PHRASE_KINDS = tuple(sorted({kind for kind, _ in _LISTS} - {"negation"}))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The phrases looked up, and the cue kinds switched off (a lead's choice)."""

    phrase_kind: dict[tuple[str, ...], str]
    disabled: frozenset[str] = frozenset()
    longest: int = 0
    first_words: frozenset[str] = frozenset()
    # first word -> the lengths of the phrases it starts, longest first: the phrases _find
    # tries at a word (made from phrase_kind when not given).
    lengths: dict[str, tuple[int, ...]] | None = None

    def __post_init__(self) -> None:
        if self.lengths is None:
            found: dict[str, set[int]] = {}
            for key in self.phrase_kind:
                found.setdefault(key[0], set()).add(len(key))
            lengths = {word: tuple(sorted(ks, reverse=True)) for word, ks in found.items()}
            object.__setattr__(self, "lengths", lengths)


def lexicon_with(extra: Iterable[tuple[str, str]] = (), disabled: Iterable[str] = ()) -> Lexicon:
    """The built-in lexicon plus ``extra`` (phrase, kind) entries, which win over a built-in
    phrase's kind, with the cue kinds in ``disabled`` found no more."""
    phrase_kind = dict(PHRASE_KIND)
    for phrase, kind in extra:
        if kind not in KINDS:
            raise ValueError(f"{kind!r} is not a cue kind")
        key = words_of(phrase)
        if key:
            phrase_kind[key] = kind
    return Lexicon(
        phrase_kind,
        frozenset(disabled),
        max(len(key) for key in phrase_kind),
        frozenset(key[0] for key in phrase_kind),
    )


LEXICON = lexicon_with()
# Names of months and days count only capitalized ("march" is a verb, "may" a modal).
_NAMES = {words_of(w) for w in lexicon.phrases(lexicon.MONTHS + "|" + lexicon.WEEKDAYS)}
_PREDICTION = {"future", "aim", "modal", "hedge", "conditional"}
_BY = (("by", "the", "end", "of"), ("by",))
_NOT_NEGATED = {"measure", "number", "date", "exclamation"}

# Sources other than the subject itself: they can vouch for a claim of leadership.
THIRD_PARTY = {
    words_of(p)
    for p in ("according to", "data from", "figures from", "estimates from", "survey by")
    + ("an analysis by", "in a report")
}
NEGATION = {words_of(p) for p in lexicon.phrases(lexicon.NEGATION)}


def _alternation(items: list[str]) -> str:
    return "|".join(re.escape(item).replace(r"\ ", r"\s+") for item in items)


_UNIT = _alternation(lexicon.phrases(lexicon.UNITS))
_CURRENCY_WORD = _alternation([c for c in lexicon.phrases(lexicon.CURRENCY) if c.isalpha()])
_NUMBER = r"\d+(?:[,.]\d+)*"

# Numbers and "!", the cues a word list cannot hold. Every branch starts with a digit, a
# currency sign or "!", so the regex skips the rest of the sentence quickly.
SPECIAL = re.compile(
    rf"(?P<measure>[$€£¥]\s?{_NUMBER}(?:\s?(?:{_UNIT})\b)?"
    rf"|{_NUMBER}(?:%|\s?(?:{_UNIT}|{_CURRENCY_WORD})\b))"
    r"|(?P<date>(?:19|20)\d\d(?![\w%]|[.,]\d))"
    rf"|(?P<number>{_NUMBER})"
    r"|(?P<exclamation>!)",
    re.IGNORECASE,
)
# The same, told where a cue can start: the regex engine then tries its branches only at a
# digit, a currency sign or "!" (more than twice as fast over a long text).
SPECIAL = re.compile(rf"(?=[\d$€£¥!])(?:{SPECIAL.pattern})", SPECIAL.flags)
# A number glued to a word or to another number is part of it ("Q3", "A17", "v4.2").
_GLUED = re.compile(r"[^\W\d_]|[.,]")
# Where a clause ends: negation does not reach across it.
_CLAUSE_BREAK = re.compile(r"[,;:()“”\"—–]")
QUOTE = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|(?<!\w)‘[^’]*(?:’(?!\w)|$)")


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str
    start: int  # code points in the article text; the negation, when there is one, included
    end: int
    label: str
    weight: float
    rule: str


def _tokens(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, word lowercased with "’" read as "'") of each word."""
    low = sentence.lower()
    # Lowercased whole, the sentence gives each word's lowercase by slicing, when every
    # character maps to one in place: nothing grew ("İ" does) and no capital sigma (whose
    # lowercase depends on the letters around it).
    if len(low) == len(sentence) and "Σ" not in sentence:
        low = low.replace("’", "'")
        return [(s, e, low[s:e]) for s, e in map(re.Match.span, _WORD.finditer(sentence))]
    return [
        (m.start(), m.end(), m.group().lower().replace("’", "'")) for m in _WORD.finditer(sentence)
    ]


def _find(
    sentence: str, tokens: list[tuple[int, int, str]], lex: Lexicon
) -> list[tuple[str, int, int, int]]:
    """(kind, start, end, index of its first token) of every cue, in text order.

    Numbers first; then the longest lexicon phrase at each word that is not part of one.
    """
    specials = [
        (m.lastgroup, m.start(), m.end())
        for m in SPECIAL.finditer(sentence)
        if m.lastgroup == "exclamation"
        or not m.start()
        or not _GLUED.match(sentence, m.start() - 1)
    ]
    found = []
    inside = set()
    if specials:
        starts = [t[0] for t in tokens]
        found = [(kind, s, e, bisect_left(starts, s)) for kind, s, e in specials]
        for _kind, s, e in specials:
            j = bisect_left(starts, s)
            while j < len(tokens) and tokens[j][0] < e:
                inside.add(j)
                j += 1
    words = [t[2] for t in tokens]
    lengths, phrase_kind = lex.lengths, lex.phrase_kind
    i, count = 0, len(tokens)
    while i < count:
        tried = lengths.get(words[i])
        if tried and i not in inside:
            for k in tried:  # the longest phrase first, as the lexicon has them
                if k > count - i:
                    continue
                key = tuple(words[i : i + k])
                kind = phrase_kind.get(key)
                if kind is None:
                    continue
                kind = _named(sentence, tokens, i, key, kind)
                if kind is not None:
                    # A negation is read as context of the cue after it, never as a cue.
                    if kind != "negation":
                        found.append((kind, tokens[i][0], tokens[i + k - 1][1], i))
                    i += k - 1
                    break
        i += 1
    found.sort(key=lambda cue: cue[1])
    return _merged(sentence, tokens, found)


def _named(sentence: str, tokens: list, i: int, key: tuple, kind: str) -> str | None:
    """The kind of a month or day name, a modal "may" or a future "will", by its case."""
    capital = sentence[tokens[i][0]].isupper()
    if key == ("may",):
        followed_by_day = i + 1 < len(tokens) and tokens[i + 1][2].isdigit()
        return "date" if capital and (i > 0 or followed_by_day) else kind
    if key == ("will",):  # a question ("Will it ship?") or a name ("Will Smith said")
        return kind if not capital or sentence.rstrip().endswith("?") else None
    if key in _NAMES:
        return kind if capital else None
    return kind


def _merged(sentence: str, tokens: list, found: list) -> list[tuple[str, int, int, int]]:
    """A month and its day and year read as one date; "by 2030" as a claim about the future."""
    merged: list[tuple[str, int, int, int]] = []
    for kind, s, e, first in found:
        if merged:
            last_kind, last_s, last_e, last_first = merged[-1]
            between = sentence[last_e:s]
            if last_kind == "date" and kind in ("date", "number") and between.strip(" ,") == "":
                merged[-1] = ("date", last_s, e, last_first)
                continue
        for lead in _BY:
            if kind == "date" and tuple(t[2] for t in tokens[first - len(lead) : first]) == lead:
                kind, s, first = "future", tokens[first - len(lead)][0], first - len(lead)
                break
        merged.append((kind, s, e, first))
    return merged


def _negation(sentence: str, tokens: list[tuple[int, int, str]], first: int, at: int) -> int | None:
    """Where a negation of the cue starting at ``at`` begins, within three words and its clause."""
    for j in range(first - 1, max(-1, first - 4), -1):
        token_start, token_end, word = tokens[j]
        if _CLAUSE_BREAK.search(sentence, token_end, at):
            return None
        if (word,) in NEGATION or word.endswith("n't"):
            return token_start
        if j > 0 and (tokens[j - 1][2], word) in NEGATION:
            return tokens[j - 1][0]
    return None


def sentence_cues(text: str, start: int, end: int, lex: Lexicon = LEXICON) -> list[Cue]:
    """The cues of ``text[start:end]``, each weighed in its context, in text order; kinds
    ``lex`` switches off are not found at all, so they change no other cue's reading."""
    sentence = text[start:end]
    tokens = _tokens(sentence)
    found = []
    quotes = (
        [(m.start(), m.end(), m.group()) for m in QUOTE.finditer(sentence)]
        if "“" in sentence or '"' in sentence or "‘" in sentence  # where a quote can start
        else []
    )
    for kind, s, e, first in _find(sentence, tokens, lex):
        if kind in lex.disabled:
            continue
        quote = next((i for i, q in enumerate(quotes) if q[0] < s < q[1]), None) if quotes else None
        found.append((kind, s, e, first, quote))
    if not found:
        return []

    spoken = {
        words_of(sentence[s:e])
        for kind, s, e, _f, q in found
        if kind == "attribution" and q is None
    }
    third_party = bool(spoken & THIRD_PARTY)
    quoted_claims = any(q is not None and KINDS[k][0] != FACT for k, _s, _e, _f, q in found)
    measured = any(kind == "measure" for kind, *_ in found)
    prediction = min((s for kind, s, *_ in found if kind in _PREDICTION), default=end)
    cues = []
    for kind, s, e, first, quote in found:
        label, weight, meaning = KINDS[kind]
        cue_start = s
        notes = []
        negation = None
        if kind not in _NOT_NEGATED:
            negation = _negation(sentence, tokens, first, s)
        if negation is not None:
            if label == HYPE or kind == "attribution":
                continue
            cue_start = negation
            weight *= 0.8
            notes.append("negated, still not a fact")
        if quote is not None and label != FACT:
            if spoken:
                weight *= 0.85
                notes.append("inside a quote: the speaker's claim")
            elif label == HYPE and len(quotes[quote][2].split()) <= 4:
                weight *= 0.5
                notes.append("in scare quotes: the writer keeps it at a distance")
        if kind == "attribution" and quote is None and quoted_claims:
            weight *= 0.3
            notes.append("it names who spoke, not a checked fact")
        if label == FACT and kind != "attribution" and s > prediction:
            weight *= 0.4
            notes.append("after a prediction or a hedge: not a record")
        if kind == "leadership" and third_party:
            continue
        if kind == "superlative" and measured:
            weight *= 0.5
            notes.append("measured, so checkable")
        words = text[start + cue_start : start + e]
        rule = f"'{words}': {meaning}" + (f" ({'; '.join(notes)})" if notes else "")
        cues.append(Cue(kind, start + cue_start, start + e, label, weight, rule))
    return cues
