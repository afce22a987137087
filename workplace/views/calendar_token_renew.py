"""A new address for the practitioner's private calendar feed (the old one stops working)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from bookings.models import Practitioner
from workplace.feeds import calendar_feed_url, calendar_token_renew
from workplace.views.common import admin_context


def calendar_token_renew_view(request, model_admin, object_id):
    """Confirm, then give the practitioner a new feed address (the old one stops working)."""
    practitioner = get_object_or_404(Practitioner, pk=object_id)
    if not model_admin.has_change_permission(request, practitioner):
        raise PermissionDenied
    change_url = reverse("admin:bookings_practitioner_change", args=[practitioner.pk])
    if request.method == "POST":
        calendar_token_renew(practitioner=practitioner)
        messages.success(
            request,
            "Your calendar has a new address. Subscribe to it again in your calendar app; "
            "the old address no longer works.",
        )
        return HttpResponseRedirect(change_url)
    context = admin_context(
        request,
        model_admin,
        title="A new calendar address",
        practitioner=practitioner,
        feed_url=calendar_feed_url(practitioner),
        change_url=change_url,
    )
    return TemplateResponse(request, "workplace/practitioner/renew_calendar.html", context)
