"""The one NinjaAPI of /api/v1/: its routers, its token auth and rate, its errors."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from annotate.api import annotations, articles, errors, insights, review
from annotate.api.security import TokenAuth, TokenRateThrottle


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # as the exports: UTF-8, not \u escapes


api = NinjaAPI(
    title="annotate API",
    version="1",
    description=(
        "Articles and their hype / fact / speculation spans. Offsets are Unicode code "
        "points into the article's text. Send `Authorization: Bearer <token>` (make one on "
        '/accounts/tokens/). Errors are `{"detail": ..., "field": ...}`. A token may make '
        "API_RATE_PER_MINUTE requests a minute (600 unless set); past it, 429 and Retry-After."
    ),
    urls_namespace="api",
    renderer=Renderer(),
    auth=TokenAuth(),
    throttle=[TokenRateThrottle()],
    # Swagger UI from ninja's static files (ninja is in INSTALLED_APPS), not a CDN: the
    # page runs under the site's CSP, script-src 'self'. No validator badge (an image
    # from elsewhere).
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/articles", articles.router)
api.add_router("/articles", review.router)
api.add_router("/insights", insights.router)
api.add_router("/", annotations.router)
errors.install(api)
