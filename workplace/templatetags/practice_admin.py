"""The admin index's dashboard: `{% practice_dashboard as dashboard %}` in admin/index.html.

A template tag rather than a custom AdminSite: the dashboard needs only the admin's active zone
and the clock, and the project keeps Django's own admin site.
"""

from django import template
from django.utils import timezone

from workplace.dashboard import Dashboard, dashboard

register = template.Library()


@register.simple_tag
def practice_dashboard() -> Dashboard:
    """Today's and the coming week's sessions, holds, cancellations and this month's money."""
    # The admin's zone, made active by practice.middleware.AdminTimeZoneMiddleware.
    return dashboard(zone=timezone.get_current_timezone(), now=timezone.now())
