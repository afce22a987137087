"""What the workplace's views share: the admin's page context, whose calendar is shown, and the
calendar's address. A safe way back and a day from the query string are the kernel's
(practice/http.py)."""

from urllib.parse import urlencode

from django.urls import reverse

from bookings.models import Practitioner
from workplace.dashboard import practitioners_for


def admin_context(request, model_admin, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        **extra,
    }


def chosen_practitioner(request) -> tuple[list[Practitioner], Practitioner | None]:
    practitioners, practitioner = practitioners_for(request.user)
    chosen = request.GET.get("practitioner") or request.POST.get("practitioner")
    for candidate in practitioners:
        if str(candidate.pk) == chosen:
            practitioner = candidate
    return practitioners, practitioner


def calendar_url(**params) -> str:
    query = urlencode({key: value for key, value in params.items() if value})
    url = reverse("admin:bookings_booking_calendar")
    return f"{url}?{query}" if query else url
