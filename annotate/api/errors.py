"""Every error as JSON `{"detail": ..., "field": ...}`, with the pages' messages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from pydantic import BaseModel

from annotate.models import Conflict

NO_TOKEN = (
    "This needs a valid API token: send `Authorization: Bearer <token>`. "
    "Make one on /accounts/tokens/."
)


class Error(BaseModel):
    detail: str
    field: str | None = None


class ApiError(HttpError):
    def __init__(self, status: int, detail: str, field: str | None = None) -> None:
        super().__init__(status, detail)
        self.field = field


def form_error(form: forms.Form, where: str = "") -> ApiError:
    """A 400 naming the form's first faulty field, with the message the page shows.
    `where` names the item of a list the form checked, as in `annotations[3]`."""
    field, errors = next(iter(form.errors.items()))
    message = " ".join(str(e) for e in errors)
    path = [part for part in (where, "" if field == "__all__" else field) if part]
    detail = f"{field}: {message}" if field != "__all__" else message
    return ApiError(400, f"{where}: {detail}" if where else detail, ".".join(path) or None)


def responses(ok: dict, *errors: int) -> dict:
    """An operation's documented responses: what it returns, and every error it can give
    (401 and 429 for any request; 422 when the request does not fit its schema)."""
    return ok | dict.fromkeys(sorted({401, 422, 429, *errors}), Error)


def install(api: NinjaAPI) -> None:
    def reply(request, status: int, detail: str, field: str | None = None) -> HttpResponse:
        return api.create_response(request, {"detail": detail, "field": field}, status=status)

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return reply(request, exc.status_code, exc.message, exc.field)

    @api.exception_handler(Conflict)
    def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        return reply(request, 409, str(exc))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return reply(request, 404, str(exc) or "Not found.")

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = reply(request, 401, NO_TOKEN)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        rate = settings.API_RATE_PER_MINUTE
        return reply(request, 429, f"Too many requests: a token may make {rate} a minute.")

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        error = exc.errors[0]
        # ("body", "payload", "annotations", 3, "start") -> "annotations[3].start"
        loc = [part for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        if len(loc) > 1 and loc[0] in ("payload", "filters"):
            loc = loc[1:]
        field = ""
        for part in loc:
            field += f"[{part}]" if isinstance(part, int) else f".{part}"
        field = field.lstrip(".") or None
        message = error.get("msg", "Invalid input.")
        return reply(request, 422, f"{field}: {message}" if field else message, field)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return reply(request, exc.status_code, str(exc))
