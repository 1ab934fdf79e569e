"""The bad-input catalogue: every case asserts the response and that nothing changed.

Hostile strings that are accepted (and shown as text) are in tests/test_escaping.py;
login throttling in tests/test_auth.py; headers and settings in tests/test_settings.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from annotate import formats as imports
from annotate.models import Annotation, Article
from tests.conftest import PASSWORD, tag

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def snapshot() -> dict:
    """Every row the app writes, every column: a change anywhere shows."""
    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "annotations": list(Annotation.objects.order_by("pk").values()),
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


# --- refused form and tag input -----------------------------------------------------------


@dataclass
class Case:
    data: dict
    status: int
    message: str


GOOD_ARTICLE = {"title": "A title", "text": "One sentence. Another one.", "outlet": "Wire"}

PASTE = {
    "NUL in title": Case({"title": "Bad\x00title"}, 200, "Null characters are not allowed."),
    "bell in title": Case({"title": "Bad\x07title"}, 200, "control character U+0007"),
    "line break in title": Case({"title": "Two\nlines"}, 200, "control character U+000A"),
    "escape in outlet": Case({"outlet": "Wire\x1b[31m"}, 200, "control character U+001B"),
    "NUL in outlet": Case({"outlet": "Wi\x00re"}, 200, "Null characters are not allowed."),
    "NUL in text": Case({"text": "One\x00two."}, 200, "Null characters are not allowed."),
    "C1 control in text": Case({"text": "One\x85two."}, 200, "control character U+0085"),
    "DEL in text": Case({"text": "One\x7ftwo."}, 200, "control character U+007F"),
    "oversized title": Case({"title": "t" * 301}, 200, "at most 300 characters"),
    "oversized paste": Case({"text": "word " * 40_001}, 200, "the limit is 200,000"),
    "javascript: source": Case({"source_url": "javascript:alert(1)"}, 200, "Enter a valid URL."),
    "quote in source": Case(
        {"source_url": 'https://x.example/" onmouseover="alert(1)'}, 200, "Enter a valid URL."
    ),
    "empty title": Case({"title": "   "}, 200, "This field is required."),
}


@pytest.mark.parametrize("case", PASTE.values(), ids=PASTE.keys())
def test_paste_with_bad_input_shows_why_and_changes_nothing(client_for, editor, world, case):
    client = client_for(editor)
    before = snapshot()
    response = client.post(reverse("annotate:article_create"), GOOD_ARTICLE | case.data)
    assert response.status_code == case.status
    assert case.message in response.content.decode()
    assert snapshot() == before


def test_paste_bigger_than_the_upload_limit_is_400_and_changes_nothing(client_for, editor, world):
    client = client_for(editor)
    before = snapshot()
    text = "x" * (5 * 1024 * 1024)  # past DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(reverse("annotate:article_create"), {"title": "T", "text": text})
    assert response.status_code == 400
    assert snapshot() == before


TAGS = {
    "NUL in note": Case({"note": "a\x00b"}, 400, "note: Null characters are not allowed."),
    "bell in note": Case({"note": "a\x07b"}, 400, "note holds a control character U+0007"),
    "oversized note": Case({"note": "n" * 501}, 400, "note: Ensure this value has at most 500"),
    "float start": Case({"start": "1e3"}, 400, "start: Enter a whole number."),
    "empty start": Case({"start": ""}, 400, "start: This field is required."),
    "negative start": Case({"start": "-1"}, 400, "start: Ensure this value is greater"),
    "huge end": Case({"end": "9" * 40}, 400, "is not inside the text"),
    "end before start": Case({"start": "9", "end": "3"}, 400, "is not inside the text"),
    "label in capitals": Case({"label": "HYPE"}, 400, "label: Select a valid choice."),
    "label with NUL": Case({"label": "hype\x00"}, 400, "label: Select a valid choice."),
    "label as markup": Case({"label": "<script>"}, 400, "label: Select a valid choice."),
    "label as lookup": Case({"label": "hype' OR '1'='1"}, 400, "label: Select a valid choice."),
    "no label": Case({"label": ""}, 400, "label: This field is required."),
}


@pytest.mark.parametrize("case", TAGS.values(), ids=TAGS.keys())
def test_tag_with_bad_input_is_400_in_plain_text_and_changes_nothing(
    client_for, editor, world, case
):
    client = client_for(editor)
    before = snapshot()
    data = {"start": "0", "end": "4", "label": "fact"} | case.data
    response = client.post(
        reverse("annotate:annotation_create", args=[world["first"].pk]), data, **HTMX
    )
    assert response.status_code == case.status
    assert case.message in response.content.decode()
    # The message echoes what was sent: plain text the page shows with textContent.
    assert response["Content-Type"].startswith("text/plain")
    assert snapshot() == before


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


# --- the query string: a fixed set of filters and sort keys ----------------------------------


def list_titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<td><a href="/articles/\d+/">([^<]*)</a>', response.content.decode())


LIST_QUERIES = {
    "unknown status": {"status": "archived"},
    "status as markup": {"status": "<script>"},
    "sort by a field name": {"sort": "-id"},
    "sort by a relation": {"sort": "created_by__password"},
    "random sort": {"sort": "?"},
    "sort as markup": {"sort": '"><script>'},
    "page as text": {"page": "abc"},
    "negative page": {"page": "-1"},
    "huge page": {"page": "9" * 30},
    "NUL in search": {"q": "\x00"},
    "ORM lookups": {"created_by__username": "nobody", "title__startswith": "zzz", "pk__in": "0"},
}


@pytest.mark.parametrize("query", LIST_QUERIES.values(), ids=LIST_QUERIES.keys())
def test_list_ignores_unknown_filters_and_sort_keys(client_for, editor, world, query):
    client = client_for(editor)
    before = snapshot()
    response = client.get(reverse("annotate:article_list"), query)
    assert list_titles(response) == ["Second", "First"]  # all of them, newest first
    assert "<script>" not in response.content.decode()
    assert snapshot() == before


@pytest.fixture
def fruit(editor, make_article):
    """Banana, then Apple, then Cherry; Apple has 2 sentences tagged, Cherry 1, Banana 0."""
    banana, apple, cherry = (make_article(title=t) for t in ("Banana", "Apple", "Cherry"))
    tag(apple, editor, "Acme Corp. said on Monday that its chip is 3.5x faster.", "fact")
    tag(apple, editor, "greatest leap", "hype")
    tag(cherry, editor, "greatest leap", "hype")
    return banana, apple, cherry


@pytest.mark.parametrize(
    "sort, titles",
    [
        ("newest", ["Cherry", "Apple", "Banana"]),
        ("oldest", ["Banana", "Apple", "Cherry"]),
        ("title", ["Apple", "Banana", "Cherry"]),
        ("progress", ["Banana", "Cherry", "Apple"]),  # least tagged first
        ("", ["Cherry", "Apple", "Banana"]),
        ("-title", ["Cherry", "Apple", "Banana"]),
        ("sentences_tagged", ["Cherry", "Apple", "Banana"]),
    ],
)
def test_list_sorts_by_known_keys_only(client_for, editor, fruit, sort, titles):
    response = client_for(editor).get(reverse("annotate:article_list"), {"sort": sort})
    assert list_titles(response) == titles
    selected = re.search(
        r'<option value="(\w+)" selected>', response.content.decode().split('name="sort"')[1]
    )
    assert selected.group(1) == (sort if sort in ("oldest", "title", "progress") else "newest")


def test_list_pages_keep_the_sort(client_for, editor, make_article):
    for i in range(26):
        make_article(title=f"Story {i:02d}")
    page = client_for(editor).get(reverse("annotate:article_list"), {"sort": "title"})
    assert list_titles(page)[0] == "Story 00"
    assert "?page=2&amp;sort=title" in page.content.decode()


@pytest.mark.parametrize(
    "query, status",
    [
        ({"format": "<script>"}, 400),
        ({"format": "json", "status": "<script>"}, 400),  # a filter's bad value says so
        ({"format": "json", "created_by__password__startswith": "md5"}, 200),
    ],
)
def test_export_query_string_is_a_fixed_set(client_for, editor, world, query, status):
    client = client_for(editor)
    before = snapshot()
    response = client.get(reverse("annotate:export"), query)
    assert response.status_code == status
    assert "html" not in response["Content-Type"]
    if status == 400:
        assert "&lt;" not in response.content.decode()  # plain text, not HTML
    if status == 200:
        body = json.loads(b"".join(response.streaming_content))
        assert len(body["articles"]) == 2  # not filtered by anything unknown
    assert snapshot() == before


@pytest.mark.parametrize(
    "query, statuses",
    [
        ({"q": "\x00"}, {200}),
        ({"o": "99"}, {200, 302}),
        ({"o": "-created_by__password"}, {200, 302}),
        ({"created_by__password__startswith": "md5"}, {400}),  # not in list_filter
    ],
)
def test_admin_changelist_refuses_odd_query_strings_without_error(
    admin_client, world, query, statuses
):
    before = snapshot()
    response = admin_client.get(reverse("admin:annotate_article_changelist"), query)
    assert response.status_code in statuses
    if response.status_code == 302:  # Django's admin drops what it does not know
        assert response["Location"].endswith("?e=1")
    assert snapshot() == before


# --- malformed imports -----------------------------------------------------------------------


def exported(article) -> dict:
    return json.loads(json.dumps(next(Article.objects.filter(pk=article.pk).documents())))


def in_article(key, value):
    return lambda doc: doc["article"].update({key: value})


def in_annotation(key, value):
    return lambda doc: doc["annotations"][0].update({key: value})


IMPORTS = {
    "NUL in title": (in_article("title", "a\x00b"), "article.title: holds a NUL character"),
    "escape in outlet": (in_article("outlet", "\x1b[2J"), "article.outlet: holds a control"),
    "NUL in creator": (in_article("created_by", "al\x00ice"), "article.created_by: holds a NUL"),
    "NUL in editor": (in_annotation("editor", "\x00"), "annotations[0].editor: holds a NUL"),
    "NUL in note": (in_annotation("note", "n\x00"), "annotations[0].note: holds a NUL"),
    "label as markup": (in_annotation("label", "<b>"), "'<b>' is not one of"),
    "offset past the text": (in_annotation("end", 10**9), "past the end of the text"),
    "offset as string": (in_annotation("start", "0"), "expected a whole number"),
    "text changed": (in_article("text", "<script>alert(1)</script>"), "text_sha256"),
}


@pytest.mark.parametrize("mutate, message", IMPORTS.values(), ids=IMPORTS.keys())
def test_malformed_import_is_refused_with_a_message_and_changes_nothing(world, mutate, message):
    doc = exported(world["first"])
    imports.parse(json.dumps(doc))  # the unchanged export is fine
    mutate(doc)
    before = snapshot()
    with pytest.raises(imports.ImportFailure) as caught:
        imports.parse(json.dumps(doc))
    assert message in str(caught.value)
    assert snapshot() == before


@pytest.mark.parametrize("data", ["", "{", "[1, 2]", '{"format": "annotate.export/v1"}', "\ufeff"])
def test_import_that_is_not_an_export_is_refused(world, data):
    before = snapshot()
    with pytest.raises(imports.ImportFailure):
        imports.parse(data)
    assert snapshot() == before


# --- accounts ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "a b", "x\x00y", "{{ user }}"])
def test_createeditor_refuses_a_name_with_markup_or_controls(world, name):
    from django.core.management import CommandError, call_command

    before = snapshot()
    with pytest.raises(CommandError, match="Enter a valid username|Null characters"):
        call_command("createeditor", name, "--password", PASSWORD)
    assert snapshot() == before


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "\\\\evil"]
)
def test_login_never_redirects_off_site(client, editor, next_url):
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("annotate:article_list")


def test_login_form_with_nul_in_username_is_refused_without_error(client, editor):
    response = client.post(reverse("login"), {"username": "ali\x00ce", "password": PASSWORD})
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()
    assert client.get(reverse("annotate:article_list")).status_code == 302


# --- leads in the admin: no way up -------------------------------------------------------------


@pytest.fixture
def lead_client(client):
    from django.core.management import call_command

    call_command("createeditor", "lena", "--lead", "--password", PASSWORD)
    client.force_login(get_user_model().objects.get(username="lena"))
    return client


def promote(client, user) -> None:
    """Post the admin's change form for user, ticking "superuser status"."""
    client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": user.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "groups": list(user.groups.values_list("pk", flat=True)),
        },
    )


def test_lead_cannot_make_anyone_superuser(lead_client, editor):
    lena = get_user_model().objects.get(username="lena")
    page = lead_client.get(reverse("admin:auth_user_change", args=[lena.pk]))
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    promote(lead_client, lena)
    promote(lead_client, editor)
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_superuser_can_make_a_superuser(admin_client, editor):
    # The control for the test above: the same form post does promote, for a superuser.
    promote(admin_client, editor)
    editor.refresh_from_db()
    assert editor.is_superuser


def test_lead_cannot_change_a_superusers_account_or_password(lead_client, admin_user):
    before = snapshot()
    change = reverse("admin:auth_user_change", args=[admin_user.pk])
    password = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    assert lead_client.get(password).status_code == 403
    response = lead_client.post(password, {"password1": "x" * 20, "password2": "x" * 20})
    assert response.status_code == 403
    lead_client.post(change, {"username": "taken-over", "date_joined_0": "2026-01-01"})
    assert snapshot() == before


def test_lead_unlocks_a_locked_out_editor_in_the_admin(lead_client, editor):
    from axes.models import AccessAttempt

    locked = Client()
    for _ in range(5):
        locked.post(reverse("login"), {"username": "alice", "password": "wrong-password"})
    assert (
        locked.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code
        == 429
    )
    [attempt] = AccessAttempt.objects.all()
    changelist = lead_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "Locked Out" in changelist.content.decode()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert lead_client.post(delete, {"post": "yes"}).status_code == 302
    assert (
        locked.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code
        == 302
    )
