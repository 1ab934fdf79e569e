from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotate import (
    agreement_views,
    annotation_views,
    data_views,
    history_views,
    insight_views,
    layer_views,
    review_views,
    suggestion_views,
    views,
)
from annotate.api.urls import api_urls, token_patterns

annotate_patterns = [
    path("", views.article_list, name="article_list"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:pk>/status/", views.article_status, name="article_status"),
    path(
        "articles/<int:pk>/annotations/",
        annotation_views.annotation_create,
        name="annotation_create",
    ),
    path(
        "articles/<int:pk>/annotations/<int:ann>/",
        annotation_views.annotation_update,
        name="annotation_update",
    ),
    path(
        "articles/<int:pk>/annotations/<int:ann>/delete/",
        annotation_views.annotation_delete,
        name="annotation_delete",
    ),
    path(
        "articles/<int:pk>/annotations/<int:ann>/reattach/",
        annotation_views.annotation_reattach,
        name="annotation_reattach",
    ),
    path("articles/<int:pk>/history/", history_views.article_history, name="article_history"),
    path(
        "articles/<int:pk>/history.json",
        history_views.article_history_json,
        name="article_history_json",
    ),
    path("articles/<int:pk>/undo/", history_views.article_undo, name="article_undo"),
    path("articles/<int:pk>/review/", review_views.article_review, name="article_review"),
    path("articles/<int:pk>/verdicts/", review_views.verdict_create, name="verdict_create"),
    path(
        "articles/<int:pk>/verdicts/<int:v>/delete/",
        review_views.verdict_delete,
        name="verdict_delete",
    ),
    path(
        "articles/<int:pk>/verdicts/accept-unanimous/",
        review_views.verdicts_accept_unanimous,
        name="verdicts_accept_unanimous",
    ),
    path("review/", review_views.review_queue, name="review_queue"),
    path("articles/<int:pk>/export.json", views.article_export, name="article_export"),
    path("articles/<int:pk>/report/", insight_views.article_report, name="article_report"),
    path("articles/<int:pk>/finished/", layer_views.article_finished, name="article_finished"),
    path("articles/<int:pk>/blind/", layer_views.article_blind, name="article_blind"),
    path(
        "articles/<int:pk>/agreement.json",
        agreement_views.article_agreement_json,
        name="article_agreement",
    ),
    path("agreement/", agreement_views.agreement_page, name="agreement"),
    path("agreement.json", agreement_views.agreement_json, name="agreement_json"),
    path(
        "articles/<int:pk>/suggestions.json",
        suggestion_views.suggestions,
        name="article_suggestions",
    ),
    path(
        "articles/<int:pk>/suggestions/dismiss/",
        suggestion_views.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
    path("suggestions/", suggestion_views.suggestions_page, name="suggestions_page"),
    path("suggestions/kinds/", suggestion_views.cue_kind_switch, name="cue_kind_switch"),
    path("suggestions/phrases/", suggestion_views.cue_phrase_add, name="cue_phrase_add"),
    path(
        "suggestions/phrases/<int:phrase>/delete/",
        suggestion_views.cue_phrase_delete,
        name="cue_phrase_delete",
    ),
    path("export/", data_views.export, name="export"),
    path("insights/", insight_views.insights_page, name="insights"),
    path("insights.json", insight_views.insights_json, name="insights_json"),
    path("insights.csv", insight_views.insights_csv, name="insights_csv"),
    path("import/", data_views.import_page, name="import"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns = [
    path("", include((annotate_patterns, "annotate"))),
    # Log in, log out and change one's password; no sign-up and no password reset by
    # e-mail (anonymous visitors get the login page only): a lead sets passwords.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/tokens/", include((token_patterns, "tokens"))),
    path("api/v1/", api_urls),
    path("admin/", admin.site.urls),
]
