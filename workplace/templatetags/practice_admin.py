"""The admin index's dashboard: `{% practice_dashboard as dashboard %}` in admin/index.html.

A template tag rather than a custom AdminSite: the dashboard needs only the request's user
and the clock, and the project keeps Django's own admin site.
"""

from django import template
from django.utils import timezone

from workplace.dashboard import Dashboard, dashboard, practice_zone, practitioners_for

register = template.Library()


@register.simple_tag(takes_context=True)
def practice_dashboard(context) -> Dashboard:
    """Today's and the coming week's sessions, holds, cancellations and this month's money."""
    _, practitioner = practitioners_for(context["request"].user)
    return dashboard(zone=practice_zone(practitioner), now=timezone.now())
