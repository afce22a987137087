"""Staff permissions from the shared cache: the first of AUTHENTICATION_BACKENDS.

Every page of the desk asks `has_perm` (the admin's menu, the dashboard's set-up steps, the
calendar's entries), and Django's ModelBackend reads a user's permissions with two queries per
request (hers, her groups'). This backend keeps the set per person under the admin menu's
version, which any save of a person, a group, a permission or the tables between them replaces
(workplace/registrations.py): a change of someone's rights shows on her next request.

It signs people in exactly as ModelBackend does (it is one); ModelBackend stays in the list for
the sessions it signed in before. Whether she is active is read from her row on each request,
never from the cache.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from practice.version_tokens import read
from workplace.admin_menu import LONGEST, permissions_key


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_kept_permissions"):
            key = permissions_key(user_obj)
            permissions = read(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, permissions, LONGEST)
            user_obj._kept_permissions = permissions
        return user_obj._kept_permissions
