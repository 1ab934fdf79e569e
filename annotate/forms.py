from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import capfirst

from annotate import formats, insights
from annotate import text as textlib
from annotate.models import Annotation, Article, Label, Status, VerdictLabel


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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Article.clean names a NUL like any other control character, with where it is;
        # Django's own "Null characters are not allowed." would come first and say less.
        for name in ("title", "text", "outlet"):
            field = self.fields[name]
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]
        self.cleaned_from_paste: dict[str, int] = {}

    def clean_text(self) -> str:
        text, self.cleaned_from_paste = textlib.clean_paste(self.cleaned_data["text"])
        return text

    def cleaning_message(self) -> str:
        """What the paste lost, in words, e.g. "Cleaned 3 line breaks from Word." or ""."""
        if not self.cleaned_from_paste:
            return ""
        parts = [
            f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in self.cleaned_from_paste.items()
        ]
        return f"Cleaned {', '.join(parts)} from the pasted text (Word and web pages add them)."


class ArticleEditForm(ArticleForm):
    """The paste form for an existing article, with the version the editor started from."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    class Meta(ArticleForm.Meta):
        pass

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class AnnotationChangeForm(forms.Form):
    """A new label (and note) for an existing tag, from the version the page showed."""

    label = forms.ChoiceField(choices=Label.choices)
    note = forms.CharField(required=False, max_length=Annotation._meta.get_field("note").max_length)
    version = forms.IntegerField(min_value=1)

    def error_text(self) -> str:
        return " ".join(f"{field}: {' '.join(errors)}" for field, errors in self.errors.items())


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    version = forms.IntegerField(min_value=1)

    def error_text(self) -> str:
        return " ".join(f"{field}: {' '.join(errors)}" for field, errors in self.errors.items())


class AnnotationForm(forms.Form):
    """A tag on [start, end) of the article's text, in code points."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    label = forms.ChoiceField(choices=Label.choices)
    note = forms.CharField(required=False, max_length=Annotation._meta.get_field("note").max_length)
    # The version of the tag on this span that the page showed, if any (see views).
    version = forms.IntegerField(required=False, min_value=1)
    # What the browser saw selected: the server refuses the tag when the offsets point
    # elsewhere (a UTF-16/code point slip, a split surrogate pair, a stale page).
    quote = forms.CharField(required=False, strip=False)
    # Set when the editor accepts a suggestion (`y`): the suggester's name, as the
    # suggestions' JSON gave it.
    suggested_by = forms.RegexField(
        regex=r"^[\w.:/@+-]+$",
        required=False,
        max_length=Annotation._meta.get_field("suggested_by").max_length,
        error_messages={"invalid": "is not a suggester's name."},
    )

    def __init__(self, *args, article: Article, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.article = article

    def clean_note(self) -> str:
        note = self.cleaned_data["note"]
        fault = note_fault(note)
        if fault is not None:
            raise forms.ValidationError(fault)
        return note

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            return data
        # start >= 0 holds here (the field's min_value); the rest is the span's own rules.
        try:
            data["start"], data["end"] = textlib.checked_span(
                self.article.text, start, end, data.get("quote")
            )
        except textlib.SpanFault as fault:
            raise forms.ValidationError(str(fault)) from None
        return data

    def plain_clean(self, data: dict) -> dict | None:
        """What full_clean() on `data` leaves in cleaned_data, worked out without the
        form's machinery (a tenth of the time, for the API's bulk requests) when every
        value is one the fields keep as it is; None when any is not, or the span is
        refused: then the bound form must clean it and say what is wrong.
        tests/test_forms.py holds it to the form's own result."""
        fields = self.fields
        start, end, version = data.get("start"), data.get("end"), data.get("version")
        note, quote = data.get("note"), data.get("quote")
        plain = (
            type(start) is int
            and type(end) is int
            and start >= fields["start"].min_value
            and end >= fields["end"].min_value
            and (
                version is None or (type(version) is int and version >= fields["version"].min_value)
            )
            and type(data.get("label")) is str
            and fields["label"].valid_value(data["label"])
            and (note is None or _plain_text(note, fields["note"].max_length))
            and (quote is None or (type(quote) is str and "\x00" not in quote))
            and data.get("suggested_by") is None
            and data.keys() <= PLAIN_KEYS
        )
        if not plain:
            return None
        try:
            start, end = textlib.checked_span(self.article.text, start, end, quote)
        except textlib.SpanFault:
            return None
        return {
            "start": start, "end": end, "label": data["label"], "note": note or "",
            "version": version, "quote": quote or "", "suggested_by": "",
        }  # fmt: skip

    def error_text(self) -> str:
        messages = []
        for field, errors in self.errors.items():
            prefix = "" if field == "__all__" else f"{field}: "
            messages.extend(prefix + str(e) for e in errors)
        return " ".join(messages)


PLAIN_KEYS = {"start", "end", "label", "note", "version", "quote"}


def note_fault(note: str) -> str | None:
    bad = textlib.bad_character(note)
    return None if bad is None else f"The note holds a {bad[1]} at character {bad[0]}."


def _plain_text(note, max_length: int) -> bool:
    """A note the CharField keeps as it is (nothing to strip) and that passes its checks."""
    return (
        type(note) is str
        and note == note.strip()
        and len(note) <= max_length
        and note_fault(note) is None
    )


class VerdictForm(AnnotationForm):
    """A lead's verdict on [start, end): one of the labels or `none`; the span is checked as
    a tag's is (inside the text, trimmed, whole characters, the quote the page saw)."""

    label = forms.ChoiceField(choices=VerdictLabel.choices)
    version = None


class IdListField(forms.Field):
    """`?article=3&article=7` (or `?article=3,7`) as a list of ids."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        ids = []
        for part in ",".join(value or []).split(","):
            if not part.strip():
                continue
            try:
                ids.append(int(part))
            except ValueError:
                raise forms.ValidationError(f"{part!r} is not an article id.") from None
            if ids[-1] < 1:
                raise forms.ValidationError(f"{part!r} is not an article id.")
        return ids


HISTORY_FORMATS = ("json", "jsonl")


class ExportForm(forms.Form):
    """The bulk export's query string. Every filter is optional; together they narrow."""

    format = forms.ChoiceField(
        choices=[(f, f) for f in formats.FORMATS],
        required=False,
        error_messages={
            "invalid_choice": "Unknown format '%(value)s'; use one of: "
            + ", ".join(formats.FORMATS)
            + "."
        },
    )
    article = IdListField(required=False)
    status = forms.ChoiceField(choices=Status.choices, required=False)
    label = forms.ChoiceField(choices=Label.choices, required=False)
    editor = forms.CharField(required=False, max_length=150)
    since = forms.DateField(required=False, help_text="Added on or after (YYYY-MM-DD).")
    until = forms.DateField(required=False, help_text="Added on or before (YYYY-MM-DD).")
    history = forms.BooleanField(required=False, help_text="1: each article's events too.")
    outlet = forms.CharField(required=False, max_length=200, strip=True)
    bom = forms.BooleanField(required=False, help_text="csv only: a byte-order mark, for Excel.")

    def clean_outlet(self) -> str:
        # No stored outlet holds a NUL, and PostgreSQL refuses one in a query.
        return self.cleaned_data["outlet"].replace("\x00", "")

    layer = forms.CharField(
        required=False,
        max_length=150,
        help_text="One layer only: gold (the leads' verdicts) or an editor's username.",
    )

    def clean_layer(self) -> str | None:
        name = self.cleaned_data["layer"].strip()
        if not name or name == formats.GOLD:
            return name or None
        if not get_user_model().objects.filter(username=name).exists():
            raise forms.ValidationError(f"No editor is named {name!r}; use gold or a username.")
        return name

    def clean_editor(self):
        name = self.cleaned_data["editor"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(f"No editor is named {name!r}.")
        return user

    def clean(self) -> dict:
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("since comes after until.")
        data["format"] = data.get("format") or "json"
        if data.get("history") and data["format"] not in HISTORY_FORMATS:
            raise forms.ValidationError(
                "history=1 goes with format=json or jsonl: the other formats carry no history."
            )
        if data.get("bom") and data["format"] != "csv" and self.bom_needs_csv:
            raise forms.ValidationError("bom=1 is for the csv format only.")
        return data

    bom_needs_csv = True

    FILTERS = ("status", "label", "editor", "since", "until", "outlet")

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"ids": data["article"], **{key: data[key] for key in self.FILTERS}}

    error_text = AnnotationForm.error_text


class MonthField(forms.Field):
    """`2026-11` as the month's first day."""

    def to_python(self, value):
        if not value:
            return None
        try:
            return date.fromisoformat(f"{value.strip()}-01")
        except ValueError:
            raise forms.ValidationError(f"{value!r} is not a month (YYYY-MM).") from None


class InsightsForm(ExportForm):
    """The export's filters, and what to group by."""

    bom_needs_csv = False  # insights.csv is the one that takes it

    by = forms.ChoiceField(
        choices=[(g, g) for g in insights.GROUPINGS],
        required=False,
        error_messages={
            "invalid_choice": "Unknown grouping '%(value)s'; use by="
            + ", by=".join(insights.GROUPINGS)
            + "."
        },
    )

    def clean(self) -> dict:
        data = super().clean()
        data["by"] = data.get("by") or "outlet"
        return data


class ListFilterForm(ExportForm):
    """The article list's filters: the export's, and insights' month. The list ignores a
    bad value (it shows every article) where an export or insights refuses it."""

    month = MonthField(required=False)

    def valid_filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        found = {key: data[key] for key in (*self.FILTERS, "month") if data.get(key)}
        if found.get("since") and found.get("until") and found["since"] > found["until"]:
            del found["until"]
        return found


class ImportForm(forms.Form):
    # The page reads the file in the request: bigger files go through `import_articles`.
    MAX_BYTES = 20 * 1024 * 1024
    readable = formats.readable()

    file = forms.FileField(
        help_text=capfirst(formats.readable())
        + "; up to 20 MB (use the import_articles command for more)."
    )
    skip_changed = forms.BooleanField(
        required=False,
        label="Skip articles whose text was edited",
        help_text="Import the rest of the file and name those left out; unticked, one such "
        "article refuses the whole file.",
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > self.MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {file.size / 1024 / 1024:.1f} MB; the page takes up to 20 MB. "
                "Import bigger files with `manage.py import_articles FILE`."
            )
        return file
