"""The bench's own data: a generated tech-news article, its annotations, and filler articles.

Seeded, so every run (and every commit compared) measures the same text and spans.
"""

from __future__ import annotations

import random

COMPANIES = [
    "Acme Corp.",
    "Globex",
    "Initech",
    "Umbrella Labs",
    "Hooli",
    "Vandelay AI",
    "Stark Semiconductors",
    "Wayne Cloud",
    "Tyrell Systems",
    "Cyberdyne",
]
PRODUCTS = [
    "chip",
    "model",
    "headset",
    "data centre",
    "robot",
    "assistant",
    "battery",
    "satellite network",
    "quantum processor",
    "self-driving platform",
]
PEOPLE = [
    "Dr. Ada Okafor",
    "Mr. Lee",
    "Priya Raman",
    "the chief executive",
    "an analyst at Morgan & Co.",
    "a spokesperson",
    "Prof. Jan Novák",
    "the U.S. regulator",
]
OUTLETS = ["the Wall Street Journal", "Reuters", "Bloomberg", "the Financial Times", "Nikkei"]
HYPE = [
    "the greatest leap in computing history",
    "a formidable rival",
    "nothing short of a revolution",
    "the final word in AI supremacy",
    "an unstoppable force",
    "a once-in-a-generation breakthrough",
]
SPECULATION = [
    "is expected to",
    "could become",
    "aims to",
    "may soon",
    "is likely to",
    "might eventually",
]
VERBS = [
    "ship",
    "double its market share",
    "replace its rivals' products",
    "reach profit",
    "enter Europe",
    "cut prices",
    "win government contracts",
]
FACTS = [
    "{c} said on {day} that its {p} is {x}x faster than last year's.",
    "According to {o}, {c} sold {n:,} units of its {p} in the third quarter.",
    "The {p} costs ${n:,} and weighs {x} kg.",
    "{c} employs {n:,} people in {city}, up {pct}% from 2023.",
    "Revenue rose {pct}% to ${x} billion, the company reported.",
    "{person} told {o} that testing began in {month}.",
]
SPECULATIVE = [
    "{c} {spec} {verb} by {year}.",
    "Analysts say the {p} {spec} {verb} within two years.",
    "If regulators agree, {c} {spec} {verb}, although nothing has been filed yet.",
    "Some investors believe the {p} {spec} change how offices work.",
]
HYPED = [
    "{person} called the {p} {hype}.",
    "“This is {hype},” said {person}.",
    "Fans online hailed {c} as {hype}!",
    "Is the {p} really {hype}? Its makers think so.",
]
PLAIN = [
    "The announcement came at a packed event in {city}, where engineers demonstrated the {p} "
    "on stage for nearly an hour.",
    "Shares of {c} closed {pct}% higher on {day}.",
    "Critics (including {person}) pointed out that the benchmarks were run by {c} itself.",
    "The {p} will be made in {city}, at a plant that opened in {month} {year}.",
    "Neither {c} nor its partners, e.g. the chip suppliers, would comment on prices.",
    "At 9 a.m. the doors opened; by noon, the demo units had all been booked.",
]
CITIES = ["Tokyo", "Austin", "Berlin", "Shenzhen", "Bangalore", "Toronto", "São Paulo"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
HEADINGS = [
    "A new contender",
    "What the numbers say",
    "The road ahead",
    "Rivals respond",
    "Inside the lab",
    "Questions remain",
]


def article_text(words: int = 10_000, seed: int = 6) -> str:
    """A tech-news article of about ``words`` words: headings, paragraphs of mixed sentences."""
    rng = random.Random(seed)
    kinds = [FACTS, SPECULATIVE, HYPED, PLAIN]
    blocks: list[str] = []
    count = 0
    while count < words:
        if blocks and rng.random() < 0.12:
            blocks.append(rng.choice(HEADINGS))
        sentences = []
        for _ in range(rng.randint(3, 8)):
            template = rng.choice(rng.choices(kinds, weights=[4, 2, 2, 3])[0])
            sentences.append(
                template.format(
                    c=rng.choice(COMPANIES),
                    p=rng.choice(PRODUCTS),
                    person=rng.choice(PEOPLE),
                    o=rng.choice(OUTLETS),
                    hype=rng.choice(HYPE),
                    spec=rng.choice(SPECULATION),
                    verb=rng.choice(VERBS),
                    city=rng.choice(CITIES),
                    day=rng.choice(DAYS),
                    month=rng.choice(MONTHS),
                    year=rng.randint(2025, 2032),
                    n=rng.randint(200, 90_000),
                    x=round(rng.uniform(1.2, 9.9), 1),
                    pct=rng.randint(2, 60),
                )
            )
        paragraph = " ".join(sentences)
        blocks.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(blocks)


def annotation_spans(
    text: str, sentences: list[list[int]], editors: int, total: int, seed: int = 6
) -> list[tuple[int, int, int, str]]:
    """``total`` distinct (editor index, start, end, label): whole sentences, phrases inside
    them, and a few spans across two sentences, so that many overlap."""
    rng = random.Random(seed)
    labels = ["fact", "speculation", "hype"]
    seen: set[tuple[int, int, int]] = set()
    spans: list[tuple[int, int, int, str]] = []
    while len(spans) < total:
        i = rng.randrange(len(sentences))
        start, end = sentences[i]
        shape = rng.random()
        if shape < 0.3:  # a phrase of a few words inside the sentence
            words = [(w_start, w_start + len(w)) for w_start, w in _words(text, start, end)]
            if len(words) > 3:
                a = rng.randrange(len(words) - 2)
                b = min(len(words) - 1, a + rng.randint(1, 5))
                start, end = words[a][0], words[b][1]
        elif shape < 0.35 and i + 1 < len(sentences):  # across a sentence boundary
            end = sentences[i + 1][1]
        editor = rng.randrange(editors)
        if (editor, start, end) in seen:
            continue
        seen.add((editor, start, end))
        spans.append((editor, start, end, rng.choice(labels)))
    return spans


def _words(text: str, start: int, end: int) -> list[tuple[int, str]]:
    out, pos = [], start
    for word in text[start:end].split(" "):
        if word:
            out.append((pos, word))
        pos += len(word) + 1
    return out


def filler_text(i: int) -> str:
    rng = random.Random(i)
    return "\n\n".join(
        " ".join(
            rng.choice(PLAIN).format(
                c=rng.choice(COMPANIES),
                p=rng.choice(PRODUCTS),
                person=rng.choice(PEOPLE),
                city=rng.choice(CITIES),
                day=rng.choice(DAYS),
                month=rng.choice(MONTHS),
                year=rng.randint(2025, 2032),
                pct=rng.randint(2, 60),
            )
            for _ in range(rng.randint(3, 6))
        )
        for _ in range(rng.randint(3, 8))
    )
