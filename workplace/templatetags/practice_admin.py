"""The admin index's dashboard (admin/index.html): `{% practice_dashboard as dashboard %}` for
what it reads afresh, `{% desk_sessions %}` for its sessions, holds and cancellations (kept in
the cache until their data or the clock changes them: workplace/desk_cache.py).

Template tags rather than a custom AdminSite: the dashboard needs only the admin's active zone
and the clock, and the project keeps Django's own admin site.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from workplace.admin_menu import menu_markup
from workplace.dashboard import LiveDesk, dashboard, live_desk
from workplace.desk_cache import kept

register = template.Library()


@register.simple_tag
def practice_dashboard() -> LiveDesk:
    """The zone, e-mails that could not be sent and the running listening plans."""
    # The admin's zone, made active by practice.middleware.AdminTimeZoneMiddleware.
    return live_desk(zone=timezone.get_current_timezone(), now=timezone.now())


@register.simple_tag
def desk_sessions() -> str:
    """Today's and the coming week's sessions, holds and recent cancellations, as HTML."""
    zone = timezone.get_current_timezone()
    now = timezone.now()

    def build():
        desk = dashboard(zone=zone, now=now)
        html = render_to_string("workplace/_desk_sessions.html", {"dashboard": desk})
        return html, desk.changes_at(now)

    return kept(f"sessions:{zone.key}:{now.astimezone(zone).date()}", build)


@register.simple_tag(takes_context=True)
def admin_menu(context, app_list, show_changelinks=False) -> str:
    """admin/app_list.html for the signed-in staff member, kept in the cache
    (workplace/admin_menu.py)."""
    return mark_safe(  # noqa: S308 (markup rendered by a template, escaped there)
        menu_markup(context["request"], app_list, show_changelinks=show_changelinks)
    )
