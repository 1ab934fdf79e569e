"""What every page's layout needs to know about the user."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from annotate.models import is_lead


def roles(request: HttpRequest) -> dict:
    # Lazy: a page whose layout never asks costs no query.
    return {"user_is_lead": SimpleLazyObject(lambda: is_lead(request.user))}
