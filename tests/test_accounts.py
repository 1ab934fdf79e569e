"""Accounts: the names createeditor refuses, where login may redirect, and what a lead
can and cannot do to other accounts in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, snapshot

pytestmark = pytest.mark.django_db

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
