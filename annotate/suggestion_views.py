"""Suggestions: their JSON, an editor's dismissals, and the leads' page of cue settings."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotate import suggestion_stats
from annotate.models import (
    Article,
    CueKindSwitch,
    CuePhrase,
    LearnedSuggester,
    SuggestionDismissal,
    is_lead,
)
from annotate.suggesting import cue_lexicon, suggestions_for
from annotate.suggestions import cues


@require_GET
def suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    return JsonResponse(
        suggestions_for(article, request.user), json_dumps_params={"ensure_ascii": False}
    )


class DismissForm(forms.Form):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    label = forms.CharField(max_length=20)
    suggester = forms.CharField(max_length=100)
    dismissed = forms.BooleanField(required=False)


@require_POST
def suggestion_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide (dismissed=1) or show again (dismissed=0) the suggestion on one sentence."""
    article = get_object_or_404(Article, pk=pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("The request is missing the sentence or the suggestion.")
    data = form.cleaned_data
    span = [data["start"], data["end"]]
    if span not in article.sentences:
        return HttpResponseBadRequest("Suggestions are for whole sentences: that span is none.")
    rows = SuggestionDismissal.objects.filter(
        article=article, editor=request.user, start=span[0], end=span[1]
    )
    if data["dismissed"]:
        rows.update_or_create(
            article=article,
            editor=request.user,
            start=span[0],
            end=span[1],
            defaults={
                "quote": article.text[span[0] : span[1]],
                "label": data["label"],
                "suggester": data["suggester"],
            },
        )
    else:
        rows.delete()
    return JsonResponse({"dismissed": data["dismissed"]})


def _leads_only(request: HttpRequest) -> None:
    if not is_lead(request.user):
        raise PermissionDenied("Only leads can see and change the suggestion settings.")


@require_GET
def suggestions_page(request: HttpRequest) -> HttpResponse:
    _leads_only(request)
    lex = cue_lexicon()
    context = {
        **suggestion_stats.feedback(lex),
        "phrases": CuePhrase.objects.select_related("added_by"),
        "phrase_kinds": cues.PHRASE_KINDS,
        "learned": LearnedSuggester.objects.defer("model").order_by("-id").first(),
    }
    return render(request, "annotate/suggestions.html", context)


@require_POST
def cue_kind_switch(request: HttpRequest) -> HttpResponse:
    _leads_only(request)
    kind = request.POST.get("kind", "")
    if kind not in cues.KINDS:
        return HttpResponseBadRequest(f"{kind!r} is not a cue kind.")
    if request.POST.get("on") == "1":
        CueKindSwitch.objects.filter(kind=kind).delete()
        messages.success(request, f"Cues of the kind “{kind}” are on again.")
    else:
        CueKindSwitch.objects.update_or_create(kind=kind, defaults={"switched_by": request.user})
        messages.success(request, f"Cues of the kind “{kind}” are off: no suggestion uses them.")
    return redirect("annotate:suggestions_page")


class PhraseForm(forms.ModelForm):
    class Meta:
        model = CuePhrase
        fields = ["phrase", "kind"]

    def clean_phrase(self) -> str:
        words = cues.words_of(self.cleaned_data["phrase"])
        if not words:
            raise forms.ValidationError("A cue phrase needs at least one word.")
        phrase = " ".join(words)
        if CuePhrase.objects.filter(phrase=phrase).exists():
            raise forms.ValidationError(f"“{phrase}” is a cue phrase already.")
        return phrase


@require_POST
def cue_phrase_add(request: HttpRequest) -> HttpResponse:
    _leads_only(request)
    form = PhraseForm(request.POST)
    if not form.is_valid():
        problems = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, f"The phrase was not added: {problems}")
        return redirect("annotate:suggestions_page")
    form.instance.added_by = request.user
    phrase = form.save()
    messages.success(request, f"Added “{phrase.phrase}” as a cue of the kind “{phrase.kind}”.")
    return redirect("annotate:suggestions_page")


@require_POST
def cue_phrase_delete(request: HttpRequest, phrase: int) -> HttpResponse:
    _leads_only(request)
    found = get_object_or_404(CuePhrase, pk=phrase)
    found.delete()
    messages.success(request, f"Removed the cue phrase “{found.phrase}”.")
    return redirect("annotate:suggestions_page")
