"""Production settings: the start-up refusal, check --deploy, the security headers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import tag

ROOT = Path(__file__).resolve().parent.parent
HTMX = {"HTTP_HX_REQUEST": "true"}

POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}

PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "-a-long-random-enough-string-for-the-deploy-check",
    "ALLOWED_HOSTS": "annotate.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://annotate.example.com",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "BEHIND_PROXY": "1",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run Python in the project with a clean environment: only PATH, the database and env."""
    base = {k: os.environ[k] for k in ("PATH", "DATABASE_URL") if k in os.environ}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "ANNOTATE_ENV_FILE": "", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- start-up -----------------------------------------------------------------------------


def test_without_secret_key_and_debug_the_app_refuses_to_start():
    result = run(["-c", "import annotate.settings"])
    assert result.returncode != 0
    assert "SECRET_KEY is not set. Set the SECRET_KEY environment variable" in result.stderr


def test_with_debug_and_no_secret_key_the_app_starts():
    result = run(["-c", "import annotate.settings as s; print(s.DEBUG)"], DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_check_deploy_passes_with_production_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_https_settings():
    env = {k: PRODUCTION[k] for k in ("SECRET_KEY", "ALLOWED_HOSTS")}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # HSTS
    assert "security.W008" in result.stderr  # SSL redirect


# --- headers ------------------------------------------------------------------------------


def parse_policy(header: str) -> dict[str, set[str]]:
    directives = (d.split() for d in header.split(";") if d.strip())
    return {name: set(values) for name, *values in directives}


def assert_secure_headers(response) -> None:
    assert parse_policy(response["Content-Security-Policy"]) == POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_login_page_sends_the_security_headers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_secure_headers(response)


@pytest.mark.django_db
def test_app_pages_and_fragments_send_the_security_headers(client_for, editor, article):
    client = client_for(editor)
    assert_secure_headers(client.get(reverse("annotate:article_list")))
    assert_secure_headers(client.get(article.get_absolute_url()))
    assert_secure_headers(client.get(reverse("annotate:article_create")))
    fragment = client.post(
        reverse("annotate:annotation_create", args=[article.pk]),
        {"start": 0, "end": 4, "label": "fact"},
        **HTMX,
    )
    assert fragment.status_code == 200
    assert_secure_headers(fragment)
    assert_secure_headers(client.get(reverse("annotate:article_export", args=[article.pk])))


INLINE = [
    (r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", "inline script"),
    (r"<style", "style element"),
    (r"\sstyle=", "style attribute"),
    (r"\son[a-z]+=", "event handler attribute"),
    (r"javascript:", "javascript: URL"),
    (r"\shx-on", "hx-on (needs eval)"),
]


@pytest.mark.django_db
def test_app_pages_hold_no_inline_script_or_style(client, client_for, editor, article):
    # Everything the policy would block, so a browser would show a broken page.
    pages = {"login": client.get(reverse("login")).content.decode()}
    tag(article, editor, "greatest leap", "hype", note="a note")
    client = client_for(editor)
    pages["list"] = client.get(reverse("annotate:article_list")).content.decode()
    pages["detail"] = client.get(article.get_absolute_url()).content.decode()
    pages["form"] = client.post(reverse("annotate:article_create"), {"title": ""}).content.decode()
    for name, html in pages.items():
        for pattern, what in INLINE:
            assert not re.search(pattern, html), f"{what} on the {name} page"
    assert '<script src="/static/django_htmx/htmx-2.min.js"' in pages["detail"]


# --- no open sign-up ----------------------------------------------------------------------


SIGN_UP_URLS = [
    "/accounts/signup/",
    "/accounts/register/",
    "/signup/",
    "/register/",
    "/accounts/password_reset/",
    "/accounts/reset/MQ/set-password/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", SIGN_UP_URLS)
def test_there_is_no_sign_up_or_reset_by_email(client, client_for, editor, url):
    assert client.get(url).status_code == 404
    assert client.post(url, {"username": "eve", "email": "eve@example.com"}).status_code == 404
    assert client_for(editor).get(url).status_code == 404
    assert not type(editor).objects.filter(username="eve").exists()


@pytest.mark.django_db
def test_login_page_offers_no_sign_up(client):
    html = client.get(reverse("login")).content.decode().lower()
    assert not re.search(r"sign[ -]?up|register|create an account|forgot", html)
    # The skip link and the brand link: nothing else to follow.
    assert re.findall(r'<a [^>]*href="([^"]+)"', html) == ["#main", "/"]


@pytest.mark.django_db
def test_ssl_redirect_spares_only_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("annotate:healthz")).status_code == 200
    for url in (reverse("login"), reverse("annotate:article_list")):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"].startswith("https://")
    # Behind the TLS proxy, the forwarded scheme counts as HTTPS.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https").status_code == 200
