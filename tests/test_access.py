"""Unknown ids, other articles, other editors' tags and posts without a CSRF token:
404 or 403, and nothing changed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from annotate.models import Annotation
from tests.conftest import PASSWORD, snapshot
from tests.test_security import GOOD_ARTICLE

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- unknown ids, other articles, other editors --------------------------------------------


def url_cases(world) -> dict[str, tuple[str, str]]:
    first, second = world["first"], world["second"]
    delete = "annotate:annotation_delete"
    huge = 10**20
    return {
        "unknown article page": ("get", reverse("annotate:article_detail", args=[999_999])),
        "huge article id": ("get", reverse("annotate:article_detail", args=[huge])),
        "unknown article download": ("get", reverse("annotate:article_export", args=[999_999])),
        "tag on unknown article": ("post", reverse("annotate:annotation_create", args=[999_999])),
        "tag on huge article id": ("post", reverse("annotate:annotation_create", args=[huge])),
        "delete unknown annotation": ("post", reverse(delete, args=[first.pk, 999_999])),
        "delete huge annotation id": ("post", reverse(delete, args=[first.pk, huge])),
        "delete annotation of another article": (
            "post",
            reverse(delete, args=[second.pk, world["mine"].pk]),
        ),
        "delete another editor's annotation": (
            "post",
            reverse(delete, args=[first.pk, world["theirs"].pk]),
        ),
        "non-numeric article id": ("get", "/articles/abc/"),
        "negative article id": ("get", "/articles/-1/"),
    }


CASE_NAMES = [
    "unknown article page",
    "huge article id",
    "unknown article download",
    "tag on unknown article",
    "tag on huge article id",
    "delete unknown annotation",
    "delete huge annotation id",
    "delete annotation of another article",
    "delete another editor's annotation",
    "non-numeric article id",
    "negative article id",
]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("name", CASE_NAMES)
def test_unknown_or_foreign_ids_are_404_and_change_nothing(client_for, editor, world, name, htmx):
    method, url = url_cases(world)[name]
    client = client_for(editor)
    before = snapshot()
    extra = HTMX if htmx else {}
    data = {"start": 0, "end": 4, "label": "hype"}
    response = client.get(url, **extra) if method == "get" else client.post(url, data, **extra)
    assert response.status_code == 404
    assert snapshot() == before


def test_tagging_the_span_of_another_editors_annotation_leaves_theirs_alone(
    client_for, editor, world
):
    theirs = world["theirs"]
    client_for(editor).post(
        reverse("annotate:annotation_create", args=[world["first"].pk]),
        {"start": theirs.start, "end": theirs.end, "label": "fact", "note": "mine"},
        **HTMX,
    )
    theirs_after = Annotation.objects.get(pk=theirs.pk)
    assert (theirs_after.label, theirs_after.note, theirs_after.updated_at) == (
        "hype",
        "",
        theirs.updated_at,
    )
    assert Annotation.objects.get(editor=editor, start=theirs.start).label == "fact"


# --- CSRF -----------------------------------------------------------------------------------


def csrf_cases(world) -> dict[str, tuple[str, dict]]:
    first = world["first"]
    return {
        "tag": (
            reverse("annotate:annotation_create", args=[first.pk]),
            {"start": 0, "end": 4, "label": "hype"},
        ),
        "delete": (reverse("annotate:annotation_delete", args=[first.pk, world["mine"].pk]), {}),
        "paste": (reverse("annotate:article_create"), GOOD_ARTICLE),
        "log out": (reverse("logout"), {}),
    }


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("name", ["tag", "delete", "paste", "log out"])
def test_post_without_csrf_token_is_403_and_changes_nothing(editor, world, name, htmx):
    url, data = csrf_cases(world)[name]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    before = snapshot()
    response = strict.post(url, data, **(HTMX if htmx else {}))
    assert response.status_code == 403
    assert snapshot() == before
    assert strict.get(reverse("annotate:article_list")).status_code == 200  # still logged in


def test_login_without_csrf_token_is_403(editor):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
    assert strict.get(reverse("annotate:article_list")).status_code == 302
