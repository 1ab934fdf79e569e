"""Personal API tokens: shown once when made, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "ann_"
# last_used_at is written at most this often per token: not one UPDATE per request.
LAST_USED_STEP = timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class TokenQuerySet(models.QuerySet):
    def issue(self, *, user, name: str) -> tuple[Token, str]:
        """A new token for `user`: the row, and the secret, which is never stored."""
        raw = PREFIX + secrets.token_urlsafe(32)
        token = self.create(user=user, name=name, hint=raw[:10], digest=digest(raw))
        return token, raw

    def authenticate(self, raw: str) -> Token | None:
        """The token `raw` is, when it is one and its editor is active; noting its use."""
        # A token is 256 random bits: its digest is a safe key to look it up by.
        token = self.select_related("user").filter(digest=digest(raw)).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_STEP:
            self.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token


class Token(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, to tell it apart.")
    hint = models.CharField(max_length=10, editable=False, help_text="The token's first letters.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"
