from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import User
from django.db import models
from django.db.models import F, Q

from annotate.models import Annotation, Article, Event, Import, Kind, history, is_lead


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default
    list_display = ["title", "outlet", "status", "sentences_tagged", "created_by", "created_at"]
    list_filter = ["status", "outlet"]
    search_fields = ["title", "outlet", "source_url"]
    readonly_fields = ["uuid", "text_sha256", "sentences_tagged", "created_at", "updated_at"]
    raw_id_fields = ["created_by"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # A text change must re-anchor the tags: it goes through the article's Edit page.
        return [*self.readonly_fields, "text"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            return super().save_model(request, obj, form, change)
        # Pages drawn before this change must not overwrite it (see Article.version).
        old = Article.objects.get(pk=obj.pk)
        obj.version = F("version") + 1
        obj.lock()  # the save writes every column: the progress ones are counted again below
        super().save_model(request, obj, form, change)
        obj.refresh_progress()  # a new title can make the first line a headline, or not
        before, after = history.field_changes(
            {name: getattr(old, name) for name in form.changed_data}, obj
        )
        if before:
            history.record(
                article=obj, who=request.user, kind=Kind.ARTICLE_EDITED, before=before, after=after
            )


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["quote", "label", "editor", "article", "updated_at"]
    list_filter = ["label"]
    search_fields = ["quote", "note", "article__title", "editor__username"]
    # Spans change on the annotate page, which checks them against the text and keeps
    # quote and progress in step; here a lead changes label, note or editor, or deletes.
    readonly_fields = ["article", "start", "end", "uuid", "quote", "created_at", "updated_at"]
    raw_id_fields = ["editor"]

    def get_queryset(self, request):
        # Only leads reach the admin today (staff are leads); should an editor ever get in,
        # blind work holds here too: their own tags, and those of articles open to them.
        tags = super().get_queryset(request)
        if is_lead(request.user):
            return tags
        open_to = Article.objects.open_to(request.user)
        return tags.filter(Q(editor=request.user) | Q(article__in=open_to))

    def save_model(self, request, obj, form, change) -> None:
        obj.article.lock()  # as every change of a tag: one at a time, then recounted
        old = Annotation.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        obj.article.refresh_progress()  # a label or editor changed what the article says
        if old is None:
            return
        before, after = history.field_changes(
            {name: getattr(old, name) for name in ("label", "note", "editor_id")}, obj
        )
        if "editor_id" in before:  # editors by username, as everywhere in history
            before["editor"], after["editor"] = old.editor.get_username(), obj.editor.get_username()
            del before["editor_id"], after["editor_id"]
        if before:
            history.record(
                article=obj.article_id, who=request.user, kind=Kind.TAG_CHANGED, annotation=obj,
                before=before, after=after,
            )  # fmt: skip

    def delete_model(self, request, obj) -> None:
        obj.remove(by=request.user)  # its event, and the article's counts

    def delete_queryset(self, request, queryset) -> None:
        for annotation in queryset.select_related("article", "editor"):
            annotation.remove(by=request.user)


class ReadOnly(admin.ModelAdmin):
    """History is never edited nor deleted here (prune_history, leads only, deletes)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(ReadOnly):
    list_display = ["at", "who_label", "kind", "article", "annotation_uuid"]
    list_filter = ["kind"]
    search_fields = ["who_label", "article__title", "annotation_uuid"]
    list_select_related = ["article"]


@admin.register(Import)
class ImportAdmin(ReadOnly):
    list_display = ["at", "file_name", "who"]


class UserAdmin(auth_admin.UserAdmin):
    """Leads manage editors, but only a superuser grants superuser or single permissions,
    or changes a superuser's account (its password included): no way up for a lead."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
