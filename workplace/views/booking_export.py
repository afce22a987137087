"""The booking list as CSV, exactly as filtered and searched on the list page (streamed)."""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from practice.http import attachment
from workplace.booking_csv import booking_csv_lines


def booking_export_view(request, model_admin):
    """The list's rows as a CSV download; a list whose filters are not valid says so instead."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        messages.error(request, "That list could not be downloaded: its filters are not valid.")
        return HttpResponseRedirect(reverse("admin:bookings_booking_changelist"))
    queryset = changelist.queryset.select_related("client", "service", "practitioner")
    response = StreamingHttpResponse(
        booking_csv_lines(queryset), content_type="text/csv; charset=utf-8"
    )
    return attachment(response, filename=f"bookings-{timezone.now():%Y-%m-%d}.csv")
