from __future__ import annotations

import os

# Django is imported inside the fixtures, so that the pure modules' tests also run
# without it (pytest -p no:django tests/test_text.py).
import pytest

PASSWORD = "a-long-test-password"

# Two paragraphs, a heading, emoji, CJK and right-to-left text: the offsets must hold.
TEXT = (
    "Acme Unveils a Chip\n"
    "\n"
    "Acme Corp. said on Monday that its chip is 3.5x faster. "
    "The company called it the greatest leap in computing history. "
    "Analysts expect shipments to begin next year.\n"
    "\n"
    "Engineers 👩‍💻 in 東京 tested it. مرحبا said one. It may change everything."
)


@pytest.fixture
def make_user(django_user_model):
    from django.contrib.auth.models import Group

    from annotate.models import LEADS_GROUP

    def make(username: str = "alice", *, lead: bool = False):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD)
        if lead:
            user.groups.add(Group.objects.get_or_create(name=LEADS_GROUP)[0])
        return user

    return make


@pytest.fixture
def editor(make_user):
    return make_user("alice")


@pytest.fixture
def other_editor(make_user):
    return make_user("bob")


@pytest.fixture
def lead(make_user):
    return make_user("lena", lead=True)


@pytest.fixture
def make_article(editor):
    from annotate.models import Article

    def make(text: str = TEXT, **fields):
        fields.setdefault("title", "Acme unveils a chip")
        fields.setdefault("created_by", editor)
        return Article.objects.create(text=text, **fields)

    return make


@pytest.fixture
def article(make_article):
    return make_article()


def tag(article, editor, quote: str, label: str = "hype", **fields):
    """An annotation on the first occurrence of quote."""
    from annotate.models import Annotation

    start = article.text.index(quote)
    annotation = Annotation.objects.create(
        article=article,
        editor=editor,
        start=start,
        end=start + len(quote),
        quote=quote,
        label=label,
        **fields,
    )
    article.refresh_progress()
    return annotation


def snapshot() -> dict:
    """Every row the app writes, every column: a change anywhere shows."""
    from django.contrib.auth import get_user_model

    from annotate.models import Annotation, Article, Event, Import

    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "annotations": list(Annotation.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values()),
        "imports": list(Import.objects.order_by("pk").values()),
        "users": list(get_user_model().objects.order_by("pk").values()),
    }


@pytest.fixture
def world(editor, other_editor, make_article):
    """Two articles; alice's and bob's annotations on the first, one of alice's on the second."""
    first, second = make_article(title="First"), make_article(title="Second")
    return {
        "first": first,
        "second": second,
        "mine": tag(first, editor, "3.5x faster", "fact", note="checked"),
        "theirs": tag(first, other_editor, "greatest leap", "hype"),
        "elsewhere": tag(second, editor, "Acme Corp.", "fact"),
    }


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"
