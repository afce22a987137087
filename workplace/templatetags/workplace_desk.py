"""The dashboard's set-up reminder and charts, for admin/index.html:
`{% setup_progress_for request.user as setup %}`,
`{% dashboard_charts_for request.user as charts %}`.
"""

from django import template
from django.conf import settings
from django.utils import timezone

from workplace.charts import Charts, dashboard_charts
from workplace.dashboard import practitioners_for
from workplace.setup import Progress, setup_progress

register = template.Library()


@register.simple_tag
def setup_progress_for(user) -> Progress | None:
    """How far set-up is, for the practitioner whose desk this is (None without permission to
    the set-up page)."""
    if not user.has_perm("bookings.view_practitioner"):
        return None
    _, practitioner = practitioners_for(user)
    return setup_progress(practitioner=practitioner, now=timezone.now())


@register.simple_tag
def dashboard_charts_for(user) -> Charts:
    """The last twelve months and this week, as charts: months in the admin's zone (the
    practitioner's, made active by practice.middleware.AdminTimeZoneMiddleware)."""
    _, practitioner = practitioners_for(user)
    return dashboard_charts(
        practitioner=practitioner,
        zone=timezone.get_current_timezone(),
        now=timezone.now(),
        currency=settings.PRACTICE_CURRENCY,
    )


@register.filter
def duration_label(minutes: int) -> str:
    """90 -> "1 h 30 min", 45 -> "45 min", 0 -> "0 min"."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
