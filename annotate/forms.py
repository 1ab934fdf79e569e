from __future__ import annotations

from django import forms

from annotate import text as textlib
from annotate.models import Annotation, Article, Label


class ArticleForm(forms.ModelForm):
    source_url = forms.URLField(
        label="Source URL", required=False, max_length=2000, assume_scheme="https"
    )

    class Meta:
        model = Article
        fields = ["title", "text", "source_url", "outlet", "published_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
            "published_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "text": f"Plain text, up to {textlib.MAX_TEXT_LENGTH:,} characters. "
            "Leave a blank line between paragraphs."
        }


class AnnotationForm(forms.Form):
    """A tag on [start, end) of the article's text, in code points."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    label = forms.ChoiceField(choices=Label.choices)
    note = forms.CharField(required=False, max_length=Annotation._meta.get_field("note").max_length)

    def __init__(self, *args, article: Article, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.article = article

    def clean_note(self) -> str:
        note = self.cleaned_data["note"]
        bad = textlib.bad_character(note)
        if bad is not None:
            raise forms.ValidationError(f"The note holds a {bad[1]} at character {bad[0]}.")
        return note

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            return data
        length = len(self.article.text)
        if not start < end <= length:
            raise forms.ValidationError(
                f"The span {start}–{end} is not inside the text (0–{length}, start before end)."
            )
        start, end = textlib.trim_span(self.article.text, start, end)
        if start >= end:
            raise forms.ValidationError("The span holds only white space.")
        data["start"], data["end"] = start, end
        return data

    def error_text(self) -> str:
        messages = []
        for field, errors in self.errors.items():
            prefix = "" if field == "__all__" else f"{field}: "
            messages.extend(prefix + str(e) for e in errors)
        return " ".join(messages)
