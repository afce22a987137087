"""The admin index's dashboard (admin/index.html): `{% practice_dashboard as dashboard %}` for
its zone and failed e-mails, `{% desk_sessions %}` for its sessions, holds and cancellations,
`{% desk_listening %}` for the running listening plans (each kept in the cache until their data
or the clock changes them, the plans encrypted: workplace/desk_cache.py).

Template tags rather than a custom AdminSite: the dashboard needs only the admin's active zone
and the clock, and the project keeps Django's own admin site.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from workplace.admin_menu import menu_markup
from workplace.dashboard import (
    LiveDesk,
    dashboard,
    listening_part,
    listening_plans,
    live_desk,
    sessions_part,
)
from workplace.desk_cache import LISTENING, kept, kept_sealed

register = template.Library()


@register.simple_tag
def practice_dashboard() -> LiveDesk:
    """The zone and the e-mails that could not be sent."""
    # The admin's zone, made active by practice.middleware.AdminTimeZoneMiddleware.
    return live_desk(zone=timezone.get_current_timezone())


@register.simple_tag
def desk_sessions() -> str:
    """Today's and the coming week's sessions, holds and recent cancellations, as HTML."""
    zone = timezone.get_current_timezone()
    now = timezone.now()

    def build():
        desk = dashboard(zone=zone, now=now)
        html = render_to_string("workplace/_desk_sessions.html", {"dashboard": desk})
        return html, desk.changes_at(now)

    return kept(sessions_part(zone=zone, now=now), build)


@register.simple_tag
def desk_listening() -> str:
    """The running listening plans with her clients' check-in answers, as HTML (times in the
    admin's zone): health data, so kept in the cache encrypted."""
    zone = timezone.get_current_timezone()
    now = timezone.now()

    def build():
        plans, until = listening_plans(now=now)
        context = {"zone": zone.key, "plans": plans}
        return render_to_string("workplace/_desk_listening.html", context), until

    return mark_safe(  # noqa: S308 (markup rendered by a template, escaped there)
        kept_sealed(listening_part(zone=zone), build, namespaces=(LISTENING,))
    )


@register.simple_tag(takes_context=True)
def admin_menu(context, app_list, show_changelinks=False) -> str:
    """admin/app_list.html for the signed-in staff member, kept in the cache
    (workplace/admin_menu.py)."""
    return mark_safe(  # noqa: S308 (markup rendered by a template, escaped there)
        menu_markup(context["request"], app_list, show_changelinks=show_changelinks)
    )
