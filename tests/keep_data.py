"""A database holding what an import must never lose, and a snapshot of every row.

Notes, two editors, a finished layer, a lead's verdict, an orphaned tag, a tag moved onto
corrected words (reanchored_at) and timestamps days in the past, on two articles.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from annotate.models import Annotation, Article, Layer, Verdict
from tests.conftest import tag

CHIP = (
    "OpensAI Unveils a Scheduling Agent\n\n"
    "OpensAI said on Tuesday that its agent plans a week of meetings in 40 seconds. "
    "The company called it the biggest step for office software since the spreadsheet. "
    "Early testers were less sure. It may change everything.\n\n"
    "Engineers 👩‍💻 in 東京 tested it. مرحبا said one."
)
RESULTS = "Acme's revenue rose 12% to $4.2 billion. Analysts call the chip a game changer."


def rich_database(*, editor, other, lead) -> list[Article]:
    first = Article.objects.create(
        title="OpensAI unveils", text=CHIP, created_by=editor, outlet="Wire",
        source_url="https://news.example/agent", status="in_review",
    )  # fmt: skip
    tag(first, editor, "OpensAI Unveils a Scheduling Agent", "hype", note="WSJ report; check")
    tag(first, other, "OpensAI Unveils a Scheduling Agent", "fact")
    tag(first, editor, "the biggest step for office software since the spreadsheet", "hype")
    tag(first, other, "It may change everything.", "speculation", note="whose claim?")
    tag(first, editor, "👩‍💻 in 東京", "fact")
    second = Article.objects.create(title="Acme's results", text=RESULTS, created_by=other)
    tag(second, other, "Acme's revenue rose 12% to $4.2 billion.", "fact", note="10-K, p. 3")
    tag(second, editor, "a game changer", "hype")
    # A typo fix moves the headline's tags; a deleted sentence orphans bob's.
    new = CHIP.replace("OpensAI", "OpenAI").replace(" It may change everything.", "")
    result = first.edit(seen_version=first.version, text=new)
    assert len(result.moved) == 2 and len(result.orphaned) == 1
    first.refresh_from_db()
    first.set_finished(other, True)
    first.decide(lead=lead, start=0, end=first.text.index("\n"), label="hype", note="agreed")
    age(days=3)
    return [first, second]


def age(*, days: int) -> None:
    """Every timestamp `days` in the past: an import that stamps "now" shows."""
    past = timezone.now() - timedelta(days=days)
    Article.objects.update(created_at=past, updated_at=past)
    Annotation.objects.update(created_at=past, updated_at=past - timedelta(hours=1))
    Annotation.objects.filter(reanchored_at__isnull=False).update(reanchored_at=past)
    Layer.objects.filter(finished_at__isnull=False).update(finished_at=past)
    Verdict.objects.update(decided_at=past)


def snapshot() -> dict:
    """Every column of every row the app writes."""
    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "annotations": list(Annotation.objects.order_by("pk").values()),
        "layers": list(Layer.objects.order_by("pk").values()),
        "verdicts": list(Verdict.objects.order_by("pk").values()),
        "users": list(get_user_model().objects.order_by("pk").values()),
    }
