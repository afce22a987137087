"""The dashboard's set-up reminder and figures, for admin/index.html:
`{% setup_progress_for request.user as setup %}` (how far set-up is),
`{% desk_figures request.user %}` (this month's money and the charts); both kept in the cache
until their data or the clock changes them (workplace/desk_cache.py).
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from clients.models import PolicyVersion
from practice.page_cache import soonest
from workplace.charts import charts_change_at, dashboard_charts
from workplace.dashboard import desk_practitioner, figures_part, month_money, setup_part
from workplace.desk_cache import kept
from workplace.setup import Progress, setup_progress

register = template.Library()


@register.simple_tag
def setup_progress_for(user) -> Progress | None:
    """How far set-up is, for the practitioner whose desk this is (None without permission to
    the set-up page)."""
    if not user.has_perm("bookings.view_practitioner"):
        return None
    practitioner = desk_practitioner(user)
    now = timezone.now()

    def build():
        # A policy's version scheduled to go live completes its step then, with no save.
        scheduled = soonest(PolicyVersion.objects.filter(published_at__gt=now), "published_at")
        return setup_progress(practitioner=practitioner, now=now), scheduled

    return kept(setup_part(practitioner=practitioner), build)


@register.simple_tag
def desk_figures(user) -> str:
    """This month's takings and refunds and the charts of the last twelve months and this
    week, as HTML: months in the admin's zone (the practitioner's, made active by
    practice.middleware.AdminTimeZoneMiddleware), the week in hers."""
    practitioner = desk_practitioner(user)
    zone = timezone.get_current_timezone()
    now = timezone.now()
    currency = settings.PRACTICE_CURRENCY

    def build():
        today = now.astimezone(zone).date()
        context = {
            "figures": month_money(zone=zone, today=today),
            "charts": dashboard_charts(
                practitioner=practitioner, zone=zone, now=now, currency=currency
            ),
        }
        html = render_to_string("workplace/_desk_figures.html", context)
        # The money is this month's, which the charts' next month ends too.
        return html, charts_change_at(practitioner=practitioner, zone=zone, now=now)

    return kept(figures_part(zone=zone, now=now, practitioner=practitioner), build)


@register.filter
def duration_label(minutes: int) -> str:
    """90 -> "1 h 30 min", 45 -> "45 min", 0 -> "0 min"."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
