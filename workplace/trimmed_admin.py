"""The admin as the practitioner sees it: her practice, not the site's machinery.

The technical sections (the task queue's results, Stripe's webhook deliveries, sign-in
factors, e-mail address records, groups) are for the superuser only: for anyone else they are
neither listed nor opened (403), whatever permissions she holds. And nobody but a superuser
gives anybody, herself included, staff or superuser status, groups or permissions.

Imported at the end of workplace/admin.py. The third-party admin modules are imported here
first, so their models are registered before they are taken over (the admin's autodiscovery
imports them later, which then does nothing).
"""

import allauth.account.admin
import allauth.mfa.admin
import django.contrib.auth.admin
import django_tasks_db.admin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

import payments.admin  # noqa: F401 (registers StripeEvent)
from payments.models import StripeEvent

# Imported for their registrations above; named so that linters see them used.
THIRD_PARTY_ADMINS = (
    allauth.account.admin,
    allauth.mfa.admin,
    django.contrib.auth.admin,
    django_tasks_db.admin,
)

TECHNICAL_MODELS = (DBTaskResult, StripeEvent, Authenticator, EmailAddress, Group)
# Who may sign in to the admin and what they may do there.
ACCESS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def _superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class SuperuserOnly:
    """A model admin only a superuser sees: absent from everyone else's admin, 403 if opened."""

    def has_module_permission(self, request):
        return _superuser(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return _superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return _superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _superuser(request) and super().has_delete_permission(request, obj)


class AccessSetBySuperuser:
    """On a person's page, who may use the admin (staff, superuser, groups, permissions) is
    read-only except for a superuser: a practitioner who edits her clients can't raise
    anyone's access, her own included. Nor can she change another staff member's account
    (its password, its e-mail address, whether it is active): she reads it."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not _superuser(request):
            fields += [name for name in ACCESS_FIELDS if name not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        if _superuser(request) or obj is None or obj.pk == request.user.pk:
            return super().has_change_permission(request, obj)
        return not (obj.is_staff or obj.is_superuser) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        if _superuser(request) or obj is None:
            return super().has_delete_permission(request, obj)
        return not (obj.is_staff or obj.is_superuser) and super().has_delete_permission(
            request, obj
        )


def _take_over(model, mixin) -> None:
    """Register `model` again with its current admin class extended by `mixin`."""
    current = type(admin.site.get_model_admin(model))
    if issubclass(current, mixin):
        return
    admin.site.unregister(model)
    admin.site.register(model, type(f"{mixin.__name__}{current.__name__}", (mixin, current), {}))


for technical in TECHNICAL_MODELS:
    _take_over(technical, SuperuserOnly)
_take_over(get_user_model(), AccessSetBySuperuser)
