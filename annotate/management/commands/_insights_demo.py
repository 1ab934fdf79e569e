"""`seed_demo --insights`: a few outlets and months of demo articles, tagged by two demo
editors, with some verdicts, so that /insights/ has something to say.

Every sentence is written for this project (invented companies, people and numbers).
Deterministic: the same articles, tags and verdicts on every run; existing ones are kept.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from annotate.models import LEADS_GROUP, Annotation, Article

NAMESPACE = uuid.UUID("9b0f6a52-3c1e-4d7a-8f21-5e6c7d8a9b10")
EDITORS = ("demo-ana", "demo-ben")
LEAD = "demo-lead"
# (outlet, how much it hypes from June to November: a share of its sentences, per month)
OUTLETS = {
    "Circuit Daily": (0.45, 0.45, 0.50, 0.55, 0.55, 0.60),
    "The Ledger Review": (0.10, 0.10, 0.12, 0.10, 0.15, 0.12),
    "Futurewire": (0.30, 0.35, 0.45, 0.30, 0.25, 0.20),
    "Byte & Bolt": (0.20, 0.25, 0.20, 0.30, 0.35, 0.40),
}
MONTHS = [date(2026, m, 1) for m in range(6, 12)]
COMPANIES = ("Norvane", "Teluga Labs", "Brightmoor AI", "Opalith", "Kestrel Compute")
SENTENCES = {
    "hype": [
        "{c} says its new model will change everything we know about software.",
        "Insiders call the launch the most important moment in the history of computing.",
        "{c} promises a revolution that will leave every rival in the dust.",
        "The chip is being hailed as the end of the cloud as we know it.",
        "Fans describe the assistant as nothing short of magic.",
        "{c} calls its robot the smartest machine ever built.",
    ],
    "speculation": [
        "{c} aims to ship the product to customers by the end of next year.",
        "Analysts expect the market for such systems to double within five years.",
        "The company could become profitable as early as 2028.",
        "{c} is expected to announce a partnership with a carmaker next month.",
        "The technology may eventually cut energy use in data centers by a third.",
    ],
    "fact": [
        "{c} reported revenue of $212 million for the quarter, up 18% from a year earlier.",
        "According to a filing with regulators, {c} employs about 1,400 people.",
        "The company was founded in 2019 in Rotterdam.",
        "{c} raised $95 million in a funding round led by two pension funds.",
        "The model was trained on 40,000 graphics processors over three months.",
        "Independent testers measured a 12% gain on the standard benchmark.",
    ],
    "none": [
        "The announcement came at an event in Lisbon on Tuesday.",
        "{c} did not respond to a request for comment.",
        "Shares of the company were little changed in early trading.",
        "The product will be shown again at a trade fair in March.",
    ],
}
VERDICT_NOTES = {
    "hype": "Loaded framing; the source does not support it.",
    "speculation": "A plan, not a result.",
    "fact": "Attributed and checked against the filing.",
}
PER_MONTH = 2  # articles per outlet and month
LENGTH = 10  # sentences per article


def _user(name: str, *, lead: bool = False):
    user, made = get_user_model().objects.get_or_create(username=name)
    if made:
        user.set_unusable_password()
        user.save()
    if lead:
        user.groups.add(Group.objects.get_or_create(name=LEADS_GROUP)[0])
    return user


def _plan(rng: random.Random, hype: float) -> list[str]:
    """The intended label of each sentence: about `hype` of them hype."""
    rest = ("speculation", "fact", "fact", "none")
    return ["hype" if rng.random() < hype else rng.choice(rest) for _ in range(LENGTH)]


def _text(rng: random.Random, plan: list[str], company: str) -> str:
    pools = {label: rng.sample(lines, len(lines)) for label, lines in SENTENCES.items()}
    # Each sentence once an article while its pool lasts: no article says a thing twice.
    lines = [pools[label][i % len(pools[label])] for i, label in _numbered(plan)]
    lines = [line.format(c=company) for line in lines]
    return "\n\n".join(" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3))


def _numbered(plan: list[str]) -> list[tuple[int, str]]:
    seen: dict[str, int] = {}
    out = []
    for label in plan:
        out.append((seen.get(label, 0), label))
        seen[label] = seen.get(label, 0) + 1
    return out


def seed_insights(creator) -> int:
    """Create the demo articles that are missing; return how many were made."""
    editors = [_user(name) for name in EDITORS]
    lead = _user(LEAD, lead=True)
    made = 0
    for outlet, shares in OUTLETS.items():
        for month, hype in zip(MONTHS, shares, strict=True):
            for n in range(PER_MONTH):
                key = f"{outlet}/{month:%Y-%m}/{n}"
                article_uuid = uuid.uuid5(NAMESPACE, key)
                if Article.objects.filter(uuid=article_uuid).exists():
                    continue
                rng = random.Random(key)
                company = rng.choice(COMPANIES)
                plan = _plan(rng, hype)
                published = month.replace(day=3 + 11 * n + rng.randrange(5))
                _article(
                    article_uuid, outlet, published, company, plan, rng, creator, editors, lead
                )
                made += 1
    return made


def _article(article_uuid, outlet, published, company, plan, rng, creator, editors, lead):
    article = Article.objects.create(
        uuid=article_uuid,
        title=f"{company}: {rng.choice(['a launch', 'new numbers', 'big plans', 'a deal'])} "
        f"({outlet}, {published:%B})",
        text=_text(rng, plan, company),
        outlet=outlet,
        published_on=published,
        created_by=creator,
    )
    # Added the day it was published: the insights' period links (dates added) then match.
    added = timezone.make_aware(datetime.combine(published, time(9)))
    Article.objects.filter(pk=article.pk).update(created_at=added)
    tags = []
    for (start, end), intended in zip(article.sentences, plan, strict=True):
        for i, editor in enumerate(editors):
            label = intended
            if i == 1 and rng.random() < 0.15:  # the second editor sees some differently
                label = rng.choice(["hype", "speculation", "fact", "none"])
            if label != "none":
                quote = article.text[start:end]
                tags.append(
                    Annotation(
                        article=article,
                        editor=editor,
                        start=start,
                        end=end,
                        quote=quote,
                        label=label,
                    )
                )
    Annotation.objects.bulk_create(tags)
    article.refresh_progress()
    for editor in editors:
        if rng.random() < 0.7:
            article.set_finished(editor, True)
    disputed = [
        (span, intended)
        for span, intended in zip(article.sentences, plan, strict=True)
        if intended != "none"
    ]
    for (start, end), intended in disputed[:: max(1, len(disputed) // 2)][:2]:
        if rng.random() < 0.5:
            article.decide(
                lead=lead,
                start=start,
                end=end,
                label=intended,
                note=rng.choice(["", VERDICT_NOTES[intended]]),
            )
