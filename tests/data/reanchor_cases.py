"""Re-anchoring test set: edits to tagged tech-news text, each with the outcome it must have.

Written for this project. One tag per case: ``quote`` (its ``nth`` occurrence in ``old``) is
the tag; after the edit to ``new`` it must sit on ``expected`` (its ``expected_nth``
occurrence in ``new``), reached ``how``, or be orphaned (``expected`` None). Used by
tests/test_anchoring_fuzzy.py and bench/reanchor.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    name: str
    old: str
    new: str
    quote: str
    expected: str | None
    how: str | None = None  # "kept", "exact" or "fuzzy"; None with expected None
    nth: int = 0
    expected_nth: int = 0

    def span(self) -> tuple[int, int]:
        return _nth(self.old, self.quote, self.nth)

    def expected_span(self) -> tuple[int, int] | None:
        return None if self.expected is None else _nth(self.new, self.expected, self.expected_nth)


def _nth(text: str, quote: str, nth: int) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def _edit(text: str, *pairs: str, count: int = 1) -> str:
    """``text`` with each (old, new) pair replaced, checking that each old part is there."""
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, count)
    return text


AGENT = (
    "OpensAI unveiled a scheduling agent on Tuesday that it says can plan a week of "
    "meetings in 40 seconds. The company called it the biggest step for office software "
    "since the spreadsheet. Early testers were less sure.\n\n"
    "In a demo streamed from San Francisco, the agent booked flights, moved calendar slots "
    "and drafted replies to recieve approval from managers. Analysts at a Boston bank said "
    "the feature could lift subscription revenue by a third. A spokesperson declined to "
    "share accuracy figures.\n\n"
    "Rivals are expected to answer within months. One startup is reportedly testing a "
    "similar agent internally, and another has hinted at one too."
)

CHIP = (
    "Teh chipmaker said its new accelerator trains language models twice as fast as the "
    "previous generation. The claim rests on a single internal benchmark. Independent "
    "labs have not yet tested the part.\n\n"
    "Shipments start in March, the company said. Cloud providers have already reserved "
    "most of the first batch, according to two people familiar with the orders. Prices "
    "were not disclosed.\n\n"
    "The accelerator is twice as fast, the company said again in a later call. Investors "
    "sent the shares up 9% on the news."
)

ROBOT = (
    "A warehouse robot that folds  shirts in under a minute went on sale this week. "
    "Its maker calls the machine a revolution for retail logistics. "
    "Each unit costs about $80,000, before service fees. "
    "Pilot customers include two fashion chains and a parcel firm. "
    "A revolution for retail logistics is what every robot maker promises, one analyst said."
)

CITY = (
    "Engineers 👩‍💻 in 東京 tested the satellite link for six hours. "
    "Latency stayed under 40 milliseconds. "
    "The operator plans to offer the service to airlines next year."
)

LONG = (
    "The regulator's draft rules would require every large model provider to publish a "
    "summary of its training data, register systems it deems high risk, and report "
    "serious incidents within fifteen days. Industry groups said the timeline was too "
    "short. Consumer advocates said it was far too long."
)

CASES: list[Case] = [
    # --- typo fixes inside the tag ---------------------------------------------------------
    Case(
        "typo fix in the tag's first word, at the text start",
        AGENT,
        _edit(AGENT, "OpensAI", "OpenAI"),
        "OpensAI unveiled a scheduling agent",
        "OpenAI unveiled a scheduling agent",
        "fuzzy",
    ),
    Case(
        "typo fix in a one-word tag",
        AGENT,
        _edit(AGENT, "OpensAI", "OpenAI"),
        "OpensAI",
        "OpenAI",
        "fuzzy",
    ),
    Case(
        "typo fix inside a sentence tag",
        AGENT,
        _edit(AGENT, "recieve", "receive"),
        "In a demo streamed from San Francisco, the agent booked flights, moved calendar "
        "slots and drafted replies to recieve approval from managers.",
        "In a demo streamed from San Francisco, the agent booked flights, moved calendar "
        "slots and drafted replies to receive approval from managers.",
        "fuzzy",
    ),
    Case(
        "transposed letters fixed at position 0",
        CHIP,
        _edit(CHIP, "Teh chipmaker", "The chipmaker"),
        "Teh chipmaker said",
        "The chipmaker said",
        "fuzzy",
    ),
    Case(
        "the tag's last word completed: the end follows the word",
        _edit(CHIP, "previous generation", "previous generatio"),
        CHIP,
        "twice as fast as the previous generatio",
        "twice as fast as the previous generation",
        "fuzzy",
    ),
    Case(
        "the tag's first word completed: the start follows the word",
        _edit(CHIP, "Independent labs", "ndependent labs"),
        CHIP,
        "ndependent labs have not yet tested the part.",
        "Independent labs have not yet tested the part.",
        "fuzzy",
    ),
    Case(
        "a number corrected inside the tag",
        AGENT,
        _edit(AGENT, "in 40 seconds", "in 45 seconds"),
        "plan a week of meetings in 40 seconds.",
        "plan a week of meetings in 45 seconds.",
        "fuzzy",
    ),
    Case(
        "two words joined by a fix",
        _edit(AGENT, "OpensAI unveiled", "Open AI unveiled"),
        AGENT,
        "Open AI unveiled a scheduling agent",
        "OpensAI unveiled a scheduling agent",
        "fuzzy",
    ),
    Case(
        "typo in an emoji and CJK sentence",
        _edit(CITY, "satellite", "satelite"),
        CITY,
        "Engineers 👩‍💻 in 東京 tested the satelite link for six hours.",
        "Engineers 👩‍💻 in 東京 tested the satellite link for six hours.",
        "fuzzy",
    ),
    Case(
        "typo fix in a quote longer than Bitap's 32 code points, near its middle",
        LONG,
        _edit(LONG, "register systems", "regster systems"),
        LONG.split(" Industry")[0],
        LONG.split(" Industry")[0].replace("register", "regster"),
        "fuzzy",
    ),
    # --- the same misspelling elsewhere: the fixed one is the tag -------------------------
    Case(
        "only the tagged of two misspellings is fixed",
        AGENT + " Users must recieve approval first.",
        AGENT + " Users must receive approval first.",
        "recieve approval",
        "receive approval",
        "fuzzy",
        nth=1,
    ),
    Case(
        "the untouched misspelling keeps its tag",
        AGENT + " Users must recieve approval first.",
        _edit(AGENT, "recieve", "receive") + " Users must recieve approval first.",
        "recieve approval",
        "recieve approval",
        "kept",
        nth=1,
    ),
    Case(
        "both misspellings fixed in one save",
        AGENT + " Users must recieve approval first.",
        _edit(AGENT, "recieve", "receive") + " Users must receive approval first.",
        "recieve approval",
        "receive approval",
        "fuzzy",
    ),
    # --- words inserted or deleted inside the tag -----------------------------------------
    Case(
        "a word inserted inside the tag",
        AGENT,
        _edit(AGENT, "the biggest step", "the biggest single step"),
        "The company called it the biggest step for office software since the spreadsheet.",
        "The company called it the biggest single step for office software since the spreadsheet.",
        "fuzzy",
    ),
    Case(
        "a word deleted inside the tag",
        AGENT,
        _edit(AGENT, "is reportedly testing", "is testing"),
        "One startup is reportedly testing a similar agent internally",
        "One startup is testing a similar agent internally",
        "fuzzy",
    ),
    Case(
        "the tag's first word deleted, the next capitalised",
        AGENT,
        _edit(AGENT, "Early testers", "Testers"),
        "Early testers were less sure.",
        "Testers were less sure.",
        "fuzzy",
    ),
    Case(
        "the tag's last word deleted",
        AGENT,
        _edit(AGENT, "hinted at one too.", "hinted at one."),
        "another has hinted at one too.",
        "another has hinted at one.",
        "fuzzy",
    ),
    Case(
        "a clause deleted inside the tag",
        CHIP,
        _edit(CHIP, "Shipments start in March, the company said.", "Shipments start in March."),
        "Shipments start in March, the company said. Cloud providers have already reserved",
        "Shipments start in March. Cloud providers have already reserved",
        "fuzzy",
    ),
    Case(
        "a word swapped in a long sentence tag (one swap per eight words)",
        AGENT,
        _edit(AGENT, "Analysts at a Boston bank", "Analysts at a Chicago bank"),
        "Analysts at a Boston bank said the feature could lift subscription revenue by a third.",
        "Analysts at a Chicago bank said the feature could lift subscription revenue by a third.",
        "fuzzy",
    ),
    Case(
        "words inserted at both ends of a long quote",
        LONG,
        _edit(
            LONG,
            "every large model",
            "every large AI model",
            "fifteen days",
            "fifteen working days",
        ),
        LONG.split(" Industry")[0],
        LONG.split(" Industry")[0]
        .replace("large model", "large AI model")
        .replace("fifteen days", "fifteen working days"),
        "fuzzy",
    ),
    Case(
        "a doubled space made single inside the tag",
        ROBOT,
        _edit(ROBOT, "folds  shirts", "folds shirts"),
        "A warehouse robot that folds  shirts in under a minute",
        "A warehouse robot that folds shirts in under a minute",
        "fuzzy",
    ),
    # --- words inserted or deleted around the tag -----------------------------------------
    Case(
        "a word inserted just before the tag",
        AGENT,
        _edit(AGENT, "the biggest step", "easily the biggest step"),
        "the biggest step for office software",
        "the biggest step for office software",
        "kept",
    ),
    Case(
        "a word inserted just after the tag",
        AGENT,
        _edit(AGENT, "Early testers were less sure.", "Early testers were less sure. Really."),
        "Early testers were less sure.",
        "Early testers were less sure.",
        "kept",
    ),
    Case(
        "a word joined to the tag's end is not taken in unless it makes one word",
        AGENT,
        _edit(AGENT, "OpensAI unveiled", "OpensAI Inc. unveiled"),
        "OpensAI",
        "OpensAI",
        "kept",
    ),
    Case(
        "words changed around the tag in the same sentence",
        CHIP,
        _edit(
            CHIP,
            "The claim rests on a single internal benchmark.",
            "That rests on a single internal benchmark, it admits.",
        ),
        "a single internal benchmark",
        "a single internal benchmark",
        "exact",
    ),
    Case(
        "a typo fixed in the sentence before the tag",
        CHIP,
        _edit(CHIP, "Teh chipmaker", "The chipmaker"),
        "twice as fast as the previous generation",
        "twice as fast as the previous generation",
        "kept",
    ),
    Case(
        "edits on both sides of the tag in one save",
        CHIP,
        _edit(CHIP, "Teh chipmaker", "The chipmaker", "Prices were", "Prices are"),
        "Cloud providers have already reserved most of the first batch",
        "Cloud providers have already reserved most of the first batch",
        "exact",
    ),
    # --- sentences reordered ---------------------------------------------------------------
    Case(
        "the tagged sentence moved to the paragraph's end",
        AGENT,
        _edit(
            AGENT,
            "The company called it the biggest step for office software since the spreadsheet. "
            "Early testers were less sure.",
            "Early testers were less sure. The company called it the biggest step for office "
            "software since the spreadsheet.",
        ),
        "The company called it the biggest step for office software since the spreadsheet.",
        "The company called it the biggest step for office software since the spreadsheet.",
        "exact",
    ),
    Case(
        "a short tag inside a moved sentence",
        AGENT,
        _edit(
            AGENT,
            "The company called it the biggest step for office software since the spreadsheet. "
            "Early testers were less sure.",
            "Early testers were less sure. The company called it the biggest step for office "
            "software since the spreadsheet.",
        ),
        "biggest step",
        "biggest step",
        "exact",
    ),
    Case(
        "paragraphs swapped",
        CHIP,
        CHIP.split("\n\n")[1] + "\n\n" + CHIP.split("\n\n")[0] + "\n\n" + CHIP.split("\n\n")[2],
        "Independent labs have not yet tested the part.",
        "Independent labs have not yet tested the part.",
        "exact",
    ),
    Case(
        "sentences reordered around an untouched tag",
        ROBOT,
        "A warehouse robot that folds  shirts in under a minute went on sale this week. "
        "Pilot customers include two fashion chains and a parcel firm. "
        "Each unit costs about $80,000, before service fees. "
        "Its maker calls the machine a revolution for retail logistics. "
        "A revolution for retail logistics is what every robot maker promises, one analyst said.",
        "Each unit costs about $80,000, before service fees.",
        "Each unit costs about $80,000, before service fees.",
        "exact",
    ),
    Case(
        "a moved sentence with a typo fixed inside the tag",
        _edit(ROBOT, "parcel firm", "parcle firm"),
        "Pilot customers include two fashion chains and a parcel firm. "
        + _edit(ROBOT, " Pilot customers include two fashion chains and a parcel firm.", ""),
        "Pilot customers include two fashion chains and a parcle firm.",
        "Pilot customers include two fashion chains and a parcel firm.",
        "fuzzy",
    ),
    Case(
        "a quote of 200 code points moved to the end, a typo in it fixed",
        _edit(LONG, "register systems", "regster systems"),
        LONG.split(" Industry")[1].join(["Industry", " "]) + LONG.split(" Industry")[0],
        LONG.split(" Industry")[0].replace("register", "regster"),
        LONG.split(" Industry")[0],
        "fuzzy",
    ),
    Case(
        "a short quote found again only in a new sentence elsewhere: other surroundings",
        AGENT,
        _edit(
            AGENT,
            "Rivals are expected to answer within months.",
            "Rivals are expected to answer soon.",
            "declined to share accuracy figures.",
            "declined to share accuracy figures, promised within months.",
        ),
        "within months",
        None,
    ),
    Case(
        "a short quote at the end of a moved sentence: one side still agrees",
        ROBOT,
        "Pilot customers include two fashion chains and a parcel firm. "
        + _edit(ROBOT, " Pilot customers include two fashion chains and a parcel firm.", ""),
        "parcel firm.",
        "parcel firm.",
        "exact",
    ),
    # --- paragraphs and sentences deleted --------------------------------------------------
    Case(
        "the tag's paragraph deleted",
        AGENT,
        _edit(AGENT, AGENT.split("\n\n")[1] + "\n\n", ""),
        "Analysts at a Boston bank said the feature could lift subscription revenue by a third.",
        None,
    ),
    Case(
        "a paragraph deleted before the tag",
        AGENT,
        _edit(AGENT, AGENT.split("\n\n")[1] + "\n\n", ""),
        "Rivals are expected to answer within months.",
        "Rivals are expected to answer within months.",
        "kept",
    ),
    Case(
        "the tag's sentence deleted",
        CHIP,
        _edit(CHIP, " The claim rests on a single internal benchmark.", ""),
        "a single internal benchmark",
        None,
    ),
    Case(
        "the whole text replaced",
        CHIP,
        "Regulators opened an inquiry into ride-hailing prices on Friday.",
        "Shipments start in March",
        None,
    ),
    # --- the tag's sentence rewritten ------------------------------------------------------
    Case(
        "the tag's sentence rewritten entirely",
        AGENT,
        _edit(AGENT, "Early testers were less sure.", "Not everyone who tried it agreed."),
        "Early testers were less sure.",
        None,
    ),
    Case(
        "a word swapped in a short tag changes its meaning: orphaned",
        ROBOT,
        _edit(ROBOT, "a revolution for retail", "a milestone for retail"),
        "a revolution for retail logistics",
        None,
    ),
    Case(
        "a short tag's words pushed apart by many inserted words",
        CHIP,
        _edit(CHIP, "twice as fast", "twice, by its own count and on one task, as fast"),
        "twice as fast",
        None,
    ),
    Case(
        "the tagged claim softened into a different claim",
        CHIP,
        _edit(
            CHIP,
            "trains language models twice as fast as the previous generation",
            "may train some models faster than before",
        ),
        "trains language models twice as fast as the previous generation",
        None,
    ),
    # --- the quote repeated elsewhere in the text ------------------------------------------
    Case(
        "the second of two repeated quotes, after an edit before both",
        CHIP,
        _edit(CHIP, "Teh chipmaker", "The chipmaker"),
        "twice as fast",
        "twice as fast",
        "kept",
        nth=1,
        expected_nth=1,
    ),
    Case(
        "the first of two repeated quotes, its sentence edited around it",
        CHIP,
        _edit(
            CHIP,
            "trains language models twice as fast as the previous",
            "trains large language models twice as fast as its previous",
        ),
        "twice as fast",
        "twice as fast",
        "exact",
    ),
    Case(
        "the tag's occurrence deleted while its twin elsewhere, also in the edit, stays",
        ROBOT,
        _edit(
            ROBOT,
            "Its maker calls the machine a revolution for retail logistics. ",
            "",
            "one analyst said.",
            "one analyst said on Friday.",
        ),
        "a revolution for retail logistics",
        None,
    ),
    Case(
        "the tag's occurrence rewritten while its twin lies outside the edit",
        ROBOT,
        _edit(ROBOT, "a revolution for retail logistics.", "a big deal for shops."),
        "a revolution for retail logistics",
        None,
    ),
    Case(
        "the twin of a rewritten quote keeps its own tag",
        ROBOT,
        _edit(ROBOT, "a revolution for retail logistics.", "a big deal for shops."),
        "revolution for retail logistics is what",
        "revolution for retail logistics is what",
        "kept",
    ),
    Case(
        "the tag's sentence deleted while its twin, with the same surroundings, stays",
        "Hooli shipped a phone. Shares rose 4%. No patent has been filed yet. Initech "
        "shipped a watch. Shares rose 4%. No patent has been filed yet. Both declined to "
        "comment.",
        "Hooli shipped a phone. Initech shipped a watch. Shares rose 4%. No patent has been "
        "filed yet. Both declined to comment.",
        "No patent has been filed yet.",
        None,
    ),
    Case(
        "the tag's sentence deleted while its twin moved elsewhere with its neighbour",
        "Hooli shipped a phone. The launch slipped to next spring. Analysts were unmoved. "
        "Initech shipped a watch. The launch slipped to next spring. Both declined to comment.",
        "Initech shipped a watch. The launch slipped to next spring. Hooli shipped a phone. "
        "Analysts were unmoved. Both declined to comment.",
        "The launch slipped to next spring.",
        None,
    ),
    Case(
        "the moved twin keeps its tag while the other copy is deleted",
        "Hooli shipped a phone. The launch slipped to next spring. Analysts were unmoved. "
        "Initech shipped a watch. The launch slipped to next spring. Both declined to comment.",
        "Initech shipped a watch. The launch slipped to next spring. Hooli shipped a phone. "
        "Analysts were unmoved. Both declined to comment.",
        "The launch slipped to next spring.",
        "The launch slipped to next spring.",
        "exact",
        nth=1,
    ),
    Case(
        "the twin's tag stays when the other copy is deleted",
        "Hooli shipped a phone. Shares rose 4%. No patent has been filed yet. Initech "
        "shipped a watch. Shares rose 4%. No patent has been filed yet. Both declined to "
        "comment.",
        "Hooli shipped a phone. Initech shipped a watch. Shares rose 4%. No patent has been "
        "filed yet. Both declined to comment.",
        "No patent has been filed yet.",
        "No patent has been filed yet.",
        "kept",
        nth=1,
    ),
    Case(
        "repeated quote in a repeated sentence, a sentence inserted between",
        "It is fast. It is cheap. It is fast.",
        "It is fast. It is cheap. It is quiet. It is fast.",
        "It is fast.",
        "It is fast.",
        "exact",
        nth=1,
        expected_nth=1,
    ),
    Case(
        "the tag's twin sentence deleted, the tag's own kept",
        "It is fast. It is cheap. It is fast. Buy it.",
        "It is cheap. It is fast. Buy it.",
        "It is fast.",
        "It is fast.",
        "kept",
        nth=1,
    ),
    # --- whitespace ------------------------------------------------------------------------
    Case(
        "a blank line removed between paragraphs before the tag",
        CHIP,
        _edit(CHIP, "\n\n", "\n"),
        "Cloud providers have already reserved most of the first batch",
        "Cloud providers have already reserved most of the first batch",
        "kept",
    ),
    Case(
        "a line break inside the tag made a space",
        _edit(CHIP, "the previous generation", "the previous\ngeneration"),
        CHIP,
        "twice as fast as the previous\ngeneration",
        "twice as fast as the previous generation",
        "fuzzy",
    ),
    Case(
        "a space added at the tag's end is not taken in",
        CITY,
        _edit(CITY, "six hours.", "six hours. "),
        "tested the satellite link for six hours.",
        "tested the satellite link for six hours.",
        "kept",
    ),
    # --- at the text's start and end -------------------------------------------------------
    Case(
        "text inserted at the very start",
        CITY,
        "UPDATE: the operator confirmed the figures. " + CITY,
        "Engineers 👩‍💻 in 東京",
        "Engineers 👩‍💻 in 東京",
        "kept",
    ),
    Case(
        "a word appended at the very end, right after the tag",
        CITY,
        CITY[:-1] + ", it said.",
        "to airlines next year",
        "to airlines next year",
        "kept",
    ),
    Case(
        "the last word's typo fixed at the very end",
        _edit(CITY, "next year.", "next yaer."),
        CITY,
        "The operator plans to offer the service to airlines next yaer.",
        "The operator plans to offer the service to airlines next year.",
        "fuzzy",
    ),
    Case(
        "the tag is the whole text and a typo is fixed",
        "Latency stayed under 40 milisecond.",
        "Latency stayed under 40 milliseconds.",
        "Latency stayed under 40 milisecond.",
        "Latency stayed under 40 milliseconds.",
        "fuzzy",
    ),
    Case(
        "the text emptied",
        CITY,
        "",
        "Latency stayed under 40 milliseconds.",
        None,
    ),
    # --- harder mixes --------------------------------------------------------------------
    Case(
        "a typo fixed in the tag while a paragraph elsewhere is deleted",
        AGENT,
        _edit(AGENT, "OpensAI", "OpenAI", "\n\n" + AGENT.split("\n\n")[2], ""),
        "OpensAI unveiled a scheduling agent",
        "OpenAI unveiled a scheduling agent",
        "fuzzy",
    ),
    Case(
        "text added at both ends: the tag in the middle is carried by the diff",
        CHIP,
        "Updated Friday. " + CHIP + " Shares later fell.",
        "the company said",
        "the company said",
        "exact",
        nth=1,
        expected_nth=1,
    ),
    Case(
        "a typo fixed in the tag and the sentence before it rewritten",
        _edit(AGENT, "spokesperson", "spokesprson"),
        _edit(
            AGENT,
            "Analysts at a Boston bank said the feature could lift subscription revenue by a "
            "third. A spokesperson declined to share",
            "Bank analysts see revenue rising. A spokesperson declined to share",
        ),
        "A spokesprson declined to share accuracy figures.",
        "A spokesperson declined to share accuracy figures.",
        "fuzzy",
    ),
    Case(
        "the tag's only occurrence rewritten while a twin in the edit keeps other company",
        CHIP,
        _edit(
            CHIP,
            "trains language models twice as fast as the previous generation",
            "beats its predecessor on training speed",
            "Investors sent",
            "Investors quickly sent",
        ),
        "twice as fast",
        None,
    ),
    Case(
        "the tag's sentence rewritten around the tag's own words",
        AGENT,
        _edit(
            AGENT,
            "Rivals are expected to answer within months.",
            "Answers from rivals may come within months.",
        ),
        "expected to answer within months",
        None,
    ),
    Case(
        "a word swapped at the end of a short sentence tag",
        AGENT,
        _edit(AGENT, "less sure.\n\nIn a demo", "less certain.\n\nDuring a demo"),
        "Early testers were less sure.",
        None,
    ),
    Case(
        "a case fix inside the tag",
        "Apple said the new iphone will ship in June.",
        "Apple said the new iPhone will ship in June.",
        "the new iphone",
        "the new iPhone",
        "fuzzy",
    ),
    Case(
        "words hyphenated inside the tag",
        "It calls the design state of the art for laptops.",
        "It calls the design state-of-the-art for laptops.",
        "the design state of the art",
        "the design state-of-the-art",
        "fuzzy",
    ),
    Case(
        "letters added before a tag inside a word, too many to take in: the tag shifts",
        "abcdefgh ijklmnop.",
        "xyzabcdefgh ijklmnop.",
        "abcde",
        "abcde",
        "kept",
    ),
    Case(
        "a tag inside a word stays inside the word",
        _edit(CHIP, "accelerator trains", "accelerator traisn"),
        CHIP,
        "celerator",
        "celerator",
        "kept",
    ),
]
