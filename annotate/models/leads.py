"""Who is a lead: staff, superusers and members of the leads group."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

LEADS_GROUP = "leads"


def is_lead(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    # Asked several times a request (page data, panel, permissions): one query, kept on
    # the user object, which lives as long as the request.
    if not hasattr(user, "_is_lead"):
        user._is_lead = user.groups.filter(name=LEADS_GROUP).exists()
    return user._is_lead
