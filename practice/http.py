"""What every app's views read from a request, and send back, the same way: a safe way back
(`next`), a day from the query string, a file to download."""

import json
from datetime import date

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

# Days outside these years are nobody's: refusing them keeps date arithmetic (a week on, a
# month back, the grid around a day) from overflowing.
YEARS = range(1900, 3000)


def safe_next(request, fallback: str) -> str:
    """`next` from the form or the query string when it is a path on this site; else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def from_this_site(request) -> bool:
    """Whether a POST was sent by one of this site's own pages, as the browser says.

    For the few forms on pages cached for every visitor, which cannot carry a per-visitor CSRF
    token (choosing a time before signing in). Every browser we serve sends Fetch Metadata
    (`Sec-Fetch-Site`) or at least `Origin` with a POST; one sent by another site's page says
    so, and a request with neither is refused. Django's CSRF check trusts the same origins.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    return origin == f"{request.scheme}://{request.get_host()}" or (
        origin in settings.CSRF_TRUSTED_ORIGINS
    )


def query_day(value: str | None) -> date | None:
    """The day `value` names (2025-03-30), or None when it names none (never an error page)."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day and day.year in YEARS else None


def attachment(response: HttpResponse, *, filename: str) -> HttpResponse:
    """`response` as a file to save, which no cache on the way keeps (it is someone's data)."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def json_download(data, *, filename: str) -> HttpResponse:
    return attachment(
        HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        ),
        filename=filename,
    )
