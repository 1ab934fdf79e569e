from __future__ import annotations

from django.contrib import admin

from annotate.models import Annotation, Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "status", "sentences_tagged", "created_by", "created_at"]
    list_filter = ["status", "outlet"]
    search_fields = ["title", "outlet", "source_url"]
    readonly_fields = ["uuid", "text_sha256", "sentences_tagged", "created_at", "updated_at"]
    raw_id_fields = ["created_by"]


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["quote", "label", "editor", "article", "updated_at"]
    list_filter = ["label"]
    search_fields = ["quote", "note", "article__title", "editor__username"]
    readonly_fields = ["uuid", "quote", "created_at", "updated_at"]
    raw_id_fields = ["article", "editor"]
