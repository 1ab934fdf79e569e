"""/accounts/tokens/: an editor makes, lists and revokes their own API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from annotate.api.models import Token


class TokenForm(forms.ModelForm):
    class Meta:
        model = Token
        fields = ["name"]


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        # Shown in this response only: the database keeps its digest, never the token.
        token, made = Token.objects.issue(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    context = {"form": form, "made": made, "tokens": request.user.api_tokens.all()}
    response = render(request, "api/tokens.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    deleted, _ = request.user.api_tokens.filter(pk=pk).delete()
    if not deleted:
        raise Http404("No such token.")
    messages.success(request, "Token revoked: requests with it are refused from now on.")
    return redirect("tokens:token_list")
