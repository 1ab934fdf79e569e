"""Login throttling (django-axes): what an editor sees after too many wrong passwords."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed attempts; try again in 15 minutes."


def log_in(client, password: str, username: str = "alice", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def logged_in(client) -> bool:
    return client.get(reverse("annotate:article_list")).status_code == 200


def fail(client, times: int, username: str = "alice", **extra) -> list[int]:
    return [log_in(client, "wrong-password", username, **extra).status_code for _ in range(times)]


def test_four_wrong_passwords_still_let_the_right_one_in(client, editor):
    assert fail(client, 4) == [200] * 4
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_fifth_wrong_password_locks_out_and_says_why(client, editor):
    assert fail(client, 4) == [200] * 4
    response = log_in(client, "wrong-password")
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert 'name="password"' in html  # the login page, not a bare error
    assert "didn’t match" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_right_password_after_lockout_is_refused_with_the_message(client, editor):
    fail(client, 5)
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


def test_lockout_also_covers_the_admin_login(client, editor):
    fail(client, 5)
    response = client.post(
        reverse("admin:login"), {"username": "alice", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 429
    assert not logged_in(client)


def test_login_works_again_after_the_cool_off(client, editor):
    fail(client, 5)
    assert log_in(client, PASSWORD).status_code == 429
    # Fifteen minutes and a second pass: the failures are older than the cool-off.
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=15, seconds=1)
        attempt.save()
    assert log_in(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_fourteen_minutes_later_it_is_still_locked(client, editor):
    fail(client, 5)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=14)
        attempt.save()
    assert log_in(client, PASSWORD).status_code == 429


def test_a_lead_unlocks_an_editor_with_the_command(client, editor):
    fail(client, 5)
    call_command("axes_reset_username", "alice")
    assert log_in(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_lockout_is_per_username_and_address(client, editor, other_editor):
    fail(client, 5, REMOTE_ADDR="203.0.113.9")
    # The same editor from another address, and another editor from the same one, get in.
    assert log_in(client, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302
    client.post(reverse("logout"))
    assert log_in(client, PASSWORD, "bob", REMOTE_ADDR="203.0.113.9").status_code == 302
    client.post(reverse("logout"))
    assert log_in(client, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429


def test_behind_a_proxy_a_forged_forwarded_for_does_not_escape_the_lockout(
    client, editor, settings
):
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for i in range(5):
        # The client writes its own X-Forwarded-For; the proxy appends what it saw.
        log_in(client, "wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.9", **proxy)
    forged = log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9", **proxy)
    assert forged.status_code == 429
    other = log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert other.status_code == 302


def test_locked_out_page_escapes_the_username_it_echoes(client, editor):
    hostile = '"><script>alert(1)</script>'
    fail(client, 5, username=hostile)
    html = log_in(client, "x", hostile).content.decode()
    assert LOCKED in html
    assert hostile not in html
    assert "&lt;script&gt;" in html


def test_each_try_during_the_lockout_starts_the_cool_off_again(client, editor):
    fail(client, 5)

    def age(minutes: int) -> None:
        for attempt in AccessAttempt.objects.all():
            attempt.attempt_time -= timedelta(minutes=minutes)
            attempt.save()

    age(10)
    assert log_in(client, PASSWORD).status_code == 429  # 10 minutes in: a new 15 begin
    age(10)
    assert log_in(client, PASSWORD).status_code == 429
    age(16)
    assert log_in(client, PASSWORD).status_code == 302


def test_failed_attempts_keep_no_password(client, editor):
    fail(client, 2)
    log_in(client, "my-real-password-typo-1")
    [attempt] = AccessAttempt.objects.all()
    assert attempt.username == "alice"
    assert "wrong-password" not in attempt.post_data
    assert "my-real-password-typo-1" not in attempt.post_data
    assert "password=***" in attempt.post_data  # recorded, masked
