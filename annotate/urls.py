from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from annotate import data_views, views

annotate_patterns = [
    path("", views.article_list, name="article_list"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/annotations/", views.annotation_create, name="annotation_create"),
    path(
        "articles/<int:pk>/annotations/<int:ann>/delete/",
        views.annotation_delete,
        name="annotation_delete",
    ),
    path("articles/<int:pk>/export.json", views.article_export, name="article_export"),
    path("export/", data_views.export, name="export"),
    path("import/", data_views.import_page, name="import"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns = [
    path("", include((annotate_patterns, "annotate"))),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
