"""Finding cues in a sentence, and what the context around each does to its reading.

One compiled regex finds every cue of a sentence in one pass: a number (with or without a
unit), a date, or a lexicon phrase (longest phrase first, whatever its list). Then:

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
- A prediction swallows what follows it: a number or a date after "is expected to" or
  "plans to" is a forecast, not a record, so it counts less towards fact.
- Attribution to a third party ("according to IDC", "data from") cancels a claim of
  leadership; a measured quantity makes a superlative checkable, so it counts half.
"""

from __future__ import annotations

import re
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
]
PHRASE_KIND: dict[str, str] = {}
for _kind, _block in _LISTS:
    for _phrase in lexicon.phrases(_block):
        PHRASE_KIND.setdefault(_phrase, _kind)

# Sources other than the subject itself: they can vouch for a claim of leadership.
THIRD_PARTY = {
    "according to",
    "data from",
    "figures from",
    "estimates from",
    "survey by",
    "an analysis by",
    "in a report",
}


def _alternation(items: list[str]) -> str:
    return "|".join(
        re.sub(r"\\ |['’]", lambda m: "['’]" if m.group() in "'’" else r"\s+", re.escape(item))
        for item in items
    )


_PHRASES = sorted(PHRASE_KIND, key=lambda item: (-len(item), item))
_UNIT = _alternation(lexicon.phrases(lexicon.UNITS))
_CURRENCY_WORD = _alternation([c for c in lexicon.phrases(lexicon.CURRENCY) if c.isalpha()])
_MONTH = r"(?:January|February|March|April|June|July|August|September|October|November|December"
_MONTH += r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_MAY = r"(?:(?<=\bin )|(?<=\bon )|(?<=\bsince )|(?<=\buntil )|(?<=\blast )|(?<=\bearly )"
_MAY += r"|(?<=\blate )|(?<=\bmid-))May|May(?=\s+\d)"
_NUMBER = r"\d+(?:[,.]\d+)*"

CUE = re.compile(
    r"(?P<future>\bby\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d\b)"
    rf"|(?P<date>(?:\b(?:{_MONTH}|{_MAY})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?)"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:Q[1-4]|(?:first|second|third|fourth)[\s-]quarter|(?:first|second) half"
    r"|fiscal\s+(?:19|20)\d\d|last (?:year|month|week|quarter)|yesterday"
    r"|earlier this (?:year|month|week)|a year ago)\b"
    r"|\b(?:19|20)\d\d\b(?![.,]\d|\s*%))"
    rf"|(?P<measure>(?:[$€£¥]\s?{_NUMBER}(?:\s?(?:{_UNIT})\b)?"
    rf"|\b{_NUMBER}(?:%|\s?(?:{_UNIT}|{_CURRENCY_WORD})\b)))"
    rf"|(?P<number>\b{_NUMBER}\b)"
    r"|(?P<exclamation>!)"
    rf"|(?P<phrase>(?<![\w'’-])(?:{_alternation(_PHRASES)})(?![\w-]))",
    re.IGNORECASE,
)
_PREDICTION = {"future", "aim", "modal"}
# Three words before a cue, inside its clause.
_BEFORE = re.compile(r"(?:[^\s,;:()“”\"—–]+\s+){0,3}$")
_NEGATION = _alternation(lexicon.phrases(lexicon.NEGATION))
NEGATED = re.compile(rf"(?<![\w'’-])(?:{_NEGATION})\b|n['’]t\b")
QUOTE = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|(?<!\w)‘[^’]*(?:’(?!\w)|$)")


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str
    start: int  # code points in the article text; the negation, when there is one, included
    end: int
    label: str
    weight: float
    rule: str


def _kind(match: re.Match) -> str | None:
    kind = match.lastgroup
    if kind != "phrase":
        return kind
    found = match.group()
    # "May" is the month (the date branch takes it); "Will" a name.
    if found in ("May", "Will"):
        return None
    return PHRASE_KIND.get(re.sub(r"\s+", " ", found.lower().replace("’", "'")))


def sentence_cues(text: str, start: int, end: int) -> list[Cue]:
    """The cues of ``text[start:end]``, each weighed in its context, in text order."""
    sentence = text[start:end]
    quotes = [(m.start(), m.end(), m.group()) for m in QUOTE.finditer(sentence)]
    found: list[tuple[str, int, int, int | None]] = []
    for match in CUE.finditer(sentence):
        kind = _kind(match)
        if kind is None:
            continue
        quote = next((i for i, q in enumerate(quotes) if q[0] < match.start() < q[1]), None)
        found.append((kind, match.start(), match.end(), quote))
    if not found:
        return []

    spoken = {
        sentence[s:e].lower() for kind, s, e, q in found if kind == "attribution" and q is None
    }
    third_party = bool(spoken & THIRD_PARTY)
    quoted_claims = any(q is not None and KINDS[kind][0] != FACT for kind, _s, _e, q in found)
    measured = any(kind == "measure" for kind, *_ in found)
    prediction = min((s for kind, s, _e, _q in found if kind in _PREDICTION), default=end)
    cues = []
    for kind, s, e, quote in found:
        label, weight, meaning = KINDS[kind]
        cue_start = s
        notes = []
        before = _BEFORE.search(sentence, max(0, s - 48), s)
        negation = NEGATED.search(sentence, before.start(), s) if before else None
        if negation and kind not in ("measure", "number", "date", "exclamation"):
            if label == HYPE or kind == "attribution":
                continue
            cue_start = negation.start()
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
            notes.append("inside a prediction: a forecast, not a record")
        if kind == "leadership" and third_party:
            continue
        if kind == "superlative" and measured:
            weight *= 0.5
            notes.append("measured, so checkable")
        words = text[start + cue_start : start + e]
        rule = f"'{words}': {meaning}" + (f" ({'; '.join(notes)})" if notes else "")
        cues.append(Cue(kind, start + cue_start, start + e, label, weight, rule))
    return cues
