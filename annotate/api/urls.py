from __future__ import annotations

from django.urls import path

from annotate.api import views
from annotate.api.api import api

# The API's views answer a missing token with a 401 of their own, never the login page:
# exempt from LoginRequiredMiddleware, each of them and nothing else.
api_patterns, _, _ = api_urls = api.urls
for pattern in api_patterns:
    pattern.callback.login_required = False

token_patterns = [
    path("", views.token_list, name="token_list"),
    path("<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
