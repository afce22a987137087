"""The admin's menu (its list of apps: the sidebar of every admin page, "Everything else" on
the desk), kept per staff member in the shared cache.

Building it checks each model's permissions and reverses two addresses per model, and a
singleton's "Add" reads its table; rendering it is the largest part of the calendar's page.
So both are kept, under the "admin-menu" version, which saves of people, groups and
permissions (and their m2m tables) and of the singletons replace (workplace/registrations.py):

- the list itself, keyed by her primary key, the language and the address prefix;
- its markup, keyed the same and by the entries the page's address highlights (the sidebar
  marks the section and the model the page belongs to).

Each staff member has her own copy: nothing built for one person's permissions is ever served
to another. Keys hold primary keys and addresses of admin pages only.
"""

import hashlib
from collections.abc import Callable
from urllib.parse import quote

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.translation import get_language

from practice.page_cache import pages_versions
from practice.version_tokens import read

MENU = "admin-menu"
LONGEST = 3600  # seconds: a new deploy's admin shows within the hour even with no save


def site_fingerprint(site) -> str:
    """What the site's registry is (its models and their admins' classes): a deploy that
    registers, removes or replaces a model's admin reads a menu of its own."""
    entries = sorted(
        f"{model._meta.label}:{type(model_admin).__module__}.{type(model_admin).__qualname__}"
        for model, model_admin in site._registry.items()
    )
    return hashlib.blake2b("\n".join(entries).encode(), digest_size=8).hexdigest()


def kept_app_list(request, build: Callable[[], list], *, fingerprint: str) -> list:
    """`build()`'s list of apps for the signed-in staff member, from the cache when it holds
    hers under the current version and the site's `fingerprint` (the key is kept on the
    request for `menu_markup`)."""
    key = app_list_key(request, fingerprint=fingerprint)
    request._admin_menu_key = key
    app_list = read(key)
    if app_list is None:
        app_list = _plain(build())
        cache.set(key, app_list, LONGEST)
    return app_list


def app_list_key(request, *, fingerprint: str) -> str:
    """Where the signed-in staff member's list of apps is kept."""
    (version,) = pages_versions(MENU)
    language, prefix = get_language(), get_script_prefix()
    return f"menu:{version}:{fingerprint}:{request.user.pk}:{language}:{prefix}"


def markup_key(list_key: str, *, current: list[str], show_changelinks: bool) -> str:
    """Where the menu's markup is kept, for the list kept at `list_key` with the entries
    `current` highlighted."""
    digest = hashlib.blake2b("\n".join(current).encode(), digest_size=8).hexdigest()
    return f"{list_key}:html:{int(show_changelinks)}:{digest}"


def page_markup_key(request, app_list: list, *, show_changelinks: bool) -> str | None:
    """Where this page's menu markup is kept (None: its list was not kept, another site's)."""
    base = getattr(request, "_admin_menu_key", None)
    if base is None:
        return None
    path = quote(request.path, safe="/")  # as the template's `request.path|urlencode`
    current = [
        url
        for app in app_list
        for url in (app["app_url"], *(model.get("admin_url") for model in app["models"]))
        if url and url in path
    ]
    return markup_key(base, current=current, show_changelinks=show_changelinks)


def permissions_key(user) -> str:
    """Where a staff member's permissions are kept (workplace/permissions.py)."""
    (version,) = pages_versions(MENU)
    return f"permissions:{version}:{user.pk}"


def kept_fingerprint(site) -> str:
    """`site_fingerprint(site)`, worked out on the first request (when every admin is
    registered) and kept on the site."""
    found = getattr(site, "_menu_fingerprint", None)
    if found is None:
        found = site._menu_fingerprint = site_fingerprint(site)
    return found


def menu_keys(request, site) -> list[str]:
    """Where the signed-in staff member's permissions and list of apps are kept: what every
    admin page reads, for a page to read ahead with its own parts."""
    return [
        permissions_key(request.user),
        app_list_key(request, fingerprint=kept_fingerprint(site)),
    ]


def _plain(app_list: list) -> list:
    """The list with its names as plain text: the admin's are lazy (translated when shown),
    which the cache cannot keep; the key holds the language they are shown in."""
    return [
        {
            **app,
            "name": str(app["name"]),
            "models": [{**model, "name": str(model["name"])} for model in app["models"]],
        }
        for app in app_list
    ]


def menu_markup(request, app_list: list, *, show_changelinks: bool) -> str:
    """admin/app_list.html for `app_list`, rendered once per staff member and highlighted
    entries (see the module docstring)."""

    def render() -> str:
        return render_to_string(
            "admin/app_list.html",
            {"app_list": app_list, "show_changelinks": show_changelinks, "request": request},
        )

    key = page_markup_key(request, app_list, show_changelinks=show_changelinks)
    if key is None:  # a list that was not kept (another site's): rendered as it is
        return render()
    html = read(key)
    if html is None:
        html = render()
        cache.set(key, html, LONGEST)
    return html
