from __future__ import annotations

import os
import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from annotate.management.commands._insights_demo import EDITORS, seed_insights
from annotate.models import Annotation, Article, Label

DEMO_USERNAME = "demo"
DEMO_ARTICLE_UUID = uuid.UUID("5d1f3c55-6f4e-4f0e-9a53-0d6a1e2b7c01")
DEMO_TITLE = "Startup Says Its Chip Will Make Every Data Center Obsolete"
# Written for this project: an invented company and invented numbers.
DEMO_TEXT = """\
Startup Says Its Chip Will Make Every Data Center Obsolete

Quillon Systems, a three-year-old chip designer based in Austin, on Tuesday unveiled a processor it calls "the most important computer ever built." The company said the chip runs a large language model 3.5x faster than the graphics cards most data centers buy today.

According to a filing with the U.S. Securities and Exchange Commission, Quillon raised $410 million last year. Its chief executive, Dr. Maya Okafor, previously led hardware teams at two larger firms.

Analysts were cautious. "The benchmark numbers come from the company itself, and nobody outside has run them yet," said Lin Wei, an analyst at Harbor Research. Independent tests are expected to begin next month.

What the Company Promises

Quillon aims to ship the first chips to customers by the end of next year. Okafor said the design could cut the energy used to answer a chatbot query by half. She called the launch "the end of the GPU era."

The chip is built on a 3-nanometer process and carries 192 GB of memory, the company said. It will cost about $22,000 per unit, e.g. slightly less than the cards it hopes to replace.

Some investors see a revolution in the making. Others note that dozens of startups have promised the same since 2016, and that most have since closed or been sold.
"""

DEMO_TAGS = [
    ('"the most important computer ever built."', Label.HYPE),
    (
        "According to a filing with the U.S. Securities and Exchange Commission, Quillon raised "
        "$410 million last year.",
        Label.FACT,
    ),
    ("Independent tests are expected to begin next month.", Label.SPECULATION),
    ("the end of the GPU era", Label.HYPE),
    (
        "Okafor said the design could cut the energy used to answer a chatbot query by half.",
        Label.SPECULATION,
    ),
]


class Command(BaseCommand):
    help = "Create the demo editor and the demo article (idempotent). Prints the login."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--insights",
            action="store_true",
            help="Also a few outlets and months of tagged demo articles, for /insights/.",
        )

    @transaction.atomic
    def handle(self, *args, insights: bool = False, **options) -> None:
        password = os.environ.get("DEMO_PASSWORD", "annotate-demo")
        user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
        user.set_password(password)  # so that the login printed below is always true
        user.save()
        article, made = Article.objects.get_or_create(
            uuid=DEMO_ARTICLE_UUID,
            defaults={
                "title": DEMO_TITLE,
                "text": DEMO_TEXT,
                "outlet": "The Demo Ledger",
                "source_url": "https://example.com/quillon-chip",
                "created_by": user,
            },
        )
        if made:
            for quote, label in DEMO_TAGS:
                start = article.text.index(quote)
                Annotation.objects.create(
                    article=article,
                    editor=user,
                    start=start,
                    end=start + len(quote),
                    quote=quote,
                    label=label,
                )
            article.refresh_progress()
        if insights:
            made = seed_insights(user)
            self.stdout.write(f"Insights demo: {made} new articles by {', '.join(EDITORS)}.")
        self.stdout.write(self.style.SUCCESS(f"Demo login: {DEMO_USERNAME} / {password}"))
