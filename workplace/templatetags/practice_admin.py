"""The admin index's dashboard (admin/index.html): `{% practice_dashboard as dashboard %}` for
its zone and failed e-mails, `{% desk_sessions %}` for its sessions, holds and cancellations,
`{% desk_listening %}` for the listening plans (kept in the cache until their data or the
clock changes them: workplace/desk_cache.py); `{% admin_menu %}` for the admin's list of apps
(workplace/admin_menu.py).

Template tags rather than a custom AdminSite: the dashboard needs only the admin's active zone
and the clock, and the project keeps Django's own admin site.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from aftercare.progress import running_plans
from workplace.admin_menu import menu_markup
from workplace.dashboard import LiveDesk, dashboard, live_desk
from workplace.desk_cache import LISTENING, kept, next_quarter_hour

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


@register.simple_tag
def desk_listening() -> str:
    """The clients' running listening plans, as HTML in the admin's zone: kept until a plan,
    a day she listened, a check-in or a client's name changes (the bulk updates of
    aftercare/plans.py replace the version too), or the next quarter hour, when some zone's
    midnight may start a plan's next day."""
    zone = timezone.get_current_timezone()
    now = timezone.now()

    def build():
        context = {"listening_plans": running_plans(now=now)}
        return render_to_string("workplace/_desk_listening.html", context), next_quarter_hour(now)

    return kept(f"listening:{zone.key}", build, namespaces=(LISTENING,))


@register.simple_tag(takes_context=True)
def admin_menu(context, app_list, show_changelinks=False) -> str:
    """admin/app_list.html for the signed-in staff member, kept in the cache
    (workplace/admin_menu.py)."""
    return mark_safe(  # noqa: S308 (markup rendered by a template, escaped there)
        menu_markup(context["request"], app_list, show_changelinks=show_changelinks)
    )
