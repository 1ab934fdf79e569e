"""Login throttling glue for django-axes: the client's address, and the lockout page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind PROXY_COUNT proxies the address the outermost one saw."""
    if settings.PROXY_COUNT:
        forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= settings.PROXY_COUNT and forwarded[-settings.PROXY_COUNT]:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def lockout_message() -> str:
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return f"Too many failed attempts; try again in {minutes} minutes."


def login_locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The login page again, saying why, with 429: axes refused the attempt."""
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username")})
    context = {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
