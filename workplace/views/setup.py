"""Set up your practice: every step with whether it is done, and a way to do it; and her
weekly hours as a grid (workplace/views/hours.py)."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from workplace.setup import feed_address, setup_progress
from workplace.views.common import admin_context, chosen_practitioner
from workplace.views.hours import hours_view


def setup_view(request, model_admin):
    """The set-up steps, each done or not and why, with the private calendar feed's address."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    practitioners, practitioner = chosen_practitioner(request)
    progress = setup_progress(practitioner=practitioner, now=timezone.now())
    context = admin_context(
        request,
        model_admin,
        title="Set up your practice",
        progress=progress,
        practitioner=practitioner,
        practitioners=practitioners if len(practitioners) > 1 else [],
        feed_url=feed_address(practitioner),
    )
    return TemplateResponse(request, "workplace/setup/setup.html", context)


def setup_urls(wrap) -> list:
    """The admin URL patterns of this part; `wrap(view)` makes a view staff-only (see admin.py)."""
    return [
        path("setup/", wrap(setup_view), name="bookings_practitioner_setup"),
        path("setup/hours/", wrap(hours_view), name="bookings_practitioner_hours"),
    ]
