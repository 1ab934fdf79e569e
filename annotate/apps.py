from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_leads_group(sender, **kwargs) -> None:
    """The `leads` group, allowed to manage editors, articles and annotations in the admin."""
    from django.contrib.auth.models import Group, Permission

    from annotate.models import LEADS_GROUP

    group, _ = Group.objects.get_or_create(name=LEADS_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in=["annotate"]
    ) | Permission.objects.filter(
        content_type__app_label="auth", content_type__model="user"
    ).exclude(codename="delete_user")
    # Unlocking an editor locked out by too many failed logins (django-axes).
    perms |= Permission.objects.filter(
        content_type__app_label="axes",
        codename__in=["view_accessattempt", "delete_accessattempt"],
    )
    group.permissions.add(*perms)


class AnnotateConfig(AppConfig):
    name = "annotate"
    verbose_name = "Annotate"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(ensure_leads_group, sender=self)
