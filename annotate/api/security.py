"""Who may call the API and how often: bearer tokens, a per-token rate."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from annotate.api.models import Token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`. A session cookie alone never authenticates here,
    so no API write can be forged cross-site and none needs a CSRF token."""

    def authenticate(self, request: HttpRequest, token: str) -> Token | None:
        found = Token.objects.authenticate(token)
        if found is not None:
            request.user = found.user  # the token acts as its editor, with their rights
        return found


class TokenRateThrottle(BaseThrottle):
    """At most settings.API_RATE_PER_MINUTE requests per token per clock minute.

    A fixed window counted with the cache's `incr`: one round trip, and atomic in a
    shared cache (Redis, memcached), where a list of timestamps would be read and
    written back by each worker in turn."""

    def allow_request(self, request: HttpRequest) -> bool:
        rate = settings.API_RATE_PER_MINUTE
        if rate <= 0:
            return True
        key = f"api-rate:{request.auth.pk}:{int(time.time() // 60)}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=120)
            count = 1
        return count <= rate

    def wait(self) -> float:
        return 60 - time.time() % 60
