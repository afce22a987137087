"""Choosing a time: step 1 of a booking. The time is held the moment it is picked, whether the
client has signed in yet or not (a visitor's hold is claimed by her account when she signs up or
in: bookings/visitors.py).

The list of times is the same for every anonymous visitor, so it is cached whole
(practice/page_cache.py) and carries no CSRF token: a visitor's pick is a POST that the browser
vouches for instead (`practice.http.from_this_site`). A signed-in client's page is kept whole
for her alone (practice/her_pages.py), no longer than the list of times, and her pick is checked
against her CSRF token as every other POST is.

Her page is put together from parts kept in the cache: the list of times, the same for every
signed-in client (a placeholder where her CSRF token goes, filled per request), keyed by the
very times it shows, so it changes the moment they do; her own parts (her hold, her waitlist
wish) from her own fragments (practice/fragments.py), replaced whenever a row of hers changes
and never kept past the moment they change by themselves (her hold running out).
"""

import hashlib
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from bookings import hooks, services, slot_picker, timezones, visitors
from bookings.access import request_holder
from bookings.models import Booking, Service
from bookings.progress import CHOOSE, progress
from bookings.selectors import OfferedTimes, live_hold, offered_slots, offered_starts, offered_times
from bookings.views import client_zone, current_time, pick_time, zone_context
from practice.fragments import CSRF_PLACEHOLDER, cached_fragment, fragment_fill, page_changes_at
from practice.her_pages import kept_for_her
from practice.http import from_this_site, query_day
from practice.models import PracticeDetails
from practice.page_cache import AVAILABILITY, CONTENT, cache_page_for_readers, pages_version

SLOT_LIST_KEY = "slot-list:{digest}"
SLOT_LIST_SECONDS = 60
SERVICE_KEY = "slot-service:{version}:{slug}"
SERVICE_SECONDS = 300


@csrf_exempt  # a signed-in client's POST is checked in `_hold`; a visitor's, by the browser
@kept_for_her(vary=timezones.zone_inputs, namespaces=(AVAILABILITY,))
@cache_page_for_readers(availability=True, vary=timezones.zone_page_variant)
@require_http_methods(["GET", "POST"])
def choose_time(request, slug):
    """Step 1: the days and times a service can be booked at, in the client's zone. POST
    holds the chosen time, signed in or not. A GET with `?start=` shows that one time to hold
    (a link from elsewhere; the choices after a clash), or takes her to her own hold of it."""
    service = _active_service(request, slug)
    now = current_time()
    zone = client_zone(request)
    path = reverse("bookings:slots", kwargs={"slug": service.slug})
    context = {
        "service": service,
        "page_title": f"Choose a time: {service.name}",
        "page_description": f"Free times for {service.name}, shown in your time zone.",
        # The list of times is a public page worth finding; one chosen time is not.
        "noindex": bool(request.GET.get("start")) or request.method == "POST",
        "form_action": path,
        "progress": progress(
            paid=not service.is_free, signing_in=not request.user.is_authenticated, current=CHOOSE
        ),
    }
    if request.method == "POST":
        return _checked_hold(request)(request, service, context, zone=zone, now=now)
    if request.user.is_authenticated and request.GET.get("start") is None:
        return _signed_in_page(request, service, context, zone=zone, now=now)
    start = slot_picker.parse_start(request.GET.get("start"))
    current = live_hold(holder=request_holder(request), service=service, now=now)
    if current is not None and current.start == start:
        # Her own hold (the Back button, a second tab): not "no longer available".
        messages.info(request, "You are holding this time already: here it is.")
        return redirect(current)
    context["current_hold"] = current
    context["slot_panels"] = _slot_panels(request, service, now=now, zone=zone)
    starts = offered_starts(service=service, now=now)
    if request.GET.get("start") is not None:
        return _confirm_time(request, context, starts, start, zone=zone)
    return pick_time(request, context, starts, zone=zone, template="bookings/choose_time.html")


def _active_service(request, slug: str) -> Service:
    """The active service named `slug` (else a 404). A GET takes it from the cache, kept under
    the page cache's content token, which any save of a service replaces; a POST (a hold)
    reads its row."""
    if request.method != "GET":
        return get_object_or_404(Service.objects.active(), slug=slug)
    key = SERVICE_KEY.format(version=pages_version(CONTENT), slug=slug)
    found = cache.get(key)
    if found is None:
        found = Service.objects.active().filter(slug=slug).first() or False
        cache.set(key, found, SERVICE_SECONDS)
    if not found:
        raise Http404("No such service.")
    return found


def _signed_in_page(request, service: Service, context: dict, *, zone: str, now):
    """A signed-in client's list of times: the shared list, her own hold and the panels."""
    offered = offered_times(service=service, now=now)
    # Kept whole for her no longer than the list of times is kept (the next time passing).
    page_changes_at(now + timedelta(seconds=SLOT_LIST_SECONDS))
    day = request.GET.get("day")
    context.update(zone_context(request, zone, keep={"day": day}))
    context["slot_list"] = fragment_fill(request, _slot_list(context, offered, day=day))
    context["hold_note"] = _hold_note(request, service, zone=zone, now=now)
    context["slot_panels"] = _slot_panels(request, service, now=now, zone=zone)
    return render(request, "bookings/choose_time.html", context)


def _slot_list(context: dict, offered: OfferedTimes, *, day: str | None) -> str:
    """The days and the chosen day's times, as every signed-in client sees them.

    Shared between clients, so nothing of hers goes in: its key is everything it is made from
    (the times themselves, the day asked for, the zone and its name now, the page's address and
    the practice's details), and its form holds a placeholder for her CSRF token.
    """
    zone = context["zone"]
    parts = [
        context["form_action"],
        zone,
        context["zone_label"],
        # The day as the picker reads it: a link's odd spellings of a day share one entry.
        str(query_day(day) or ""),
        pages_version(CONTENT),
        offered.fingerprint,
    ]
    key = SLOT_LIST_KEY.format(digest=hashlib.sha256("\n".join(parts).encode()).hexdigest())
    html = cache.get(key)
    if html is None:
        shown = {
            "zone": zone,
            "zone_label": context["zone_label"],
            "form_action": context["form_action"],
            "user": SignedIn,
            "csrf_token": CSRF_PLACEHOLDER,
            "practice": SimpleLazyObject(PracticeDetails.load),
            **slot_picker.picker(offered.starts, zone, day=day, base_path=context["form_action"]),
        }
        html = render_to_string("bookings/_slot_picker.html", shown)
        cache.set(key, html, SLOT_LIST_SECONDS)
    return html


class SignedIn:
    """Who the shared list of times is rendered for: some signed-in client, no one in particular
    (its form then carries a CSRF token, her own, filled in per request)."""

    is_authenticated = True


def _hold_note(request, service: Service, *, zone: str, now) -> str:
    """Her live hold of this service, named above the times; from her fragment, which changes
    when any booking of hers does and is not kept past the hold's running out."""

    def build():
        hold = live_hold(holder=request_holder(request), service=service, now=now)
        html = render_to_string("bookings/_current_hold.html", {"current_hold": hold, "zone": zone})
        return html, hold.hold_expires_at if hold is not None else None

    return fragment_fill(
        request,
        cached_fragment(
            name=f"slot-hold-{service.pk}", user_id=request.user.pk, now=now, vary=zone, build=build
        ),
    )


def _slot_panels(request, service: Service, *, now, zone: str) -> list[str]:
    """What the apps built on bookings add under the times (waitlist: be told when one frees)."""
    return [
        panel(request=request, service=service, now=now, zone=zone)
        for panel in hooks.slot_page_panels
    ]


def _checked_hold(request):
    """`_hold`, behind the check that fits the page the pick was made on: a signed-in client's
    CSRF token, or (the cached list of times) the browser's word that it came from our site."""
    if request.user.is_authenticated:
        return csrf_protect(_hold)
    if not from_this_site(request):
        raise PermissionDenied("A time can only be chosen on this site's own pages.")
    return _hold


def _confirm_time(request, context: dict, starts: list, start, *, zone: str):
    """The one time a link chose, to hold; or, when it is gone, the times nearest to it."""
    context.update(zone_context(request, zone, keep={"start": request.GET.get("start")}))
    if start is not None and start in starts:
        context["chosen"] = slot_picker.time_choice(start, zone)
        context["page_title"] = "Hold this time"
        return render(request, "bookings/confirm_time.html", context)
    context["error"] = "Sorry — that time is no longer available."
    if start is not None:
        context["alternatives"] = slot_picker.alternatives(starts, start, zone)
    return render(request, "bookings/slot_taken.html", context)


def _time_refused(request, context: dict, message: str, start, starts: list, *, zone: str):
    """A time that could not be had (taken meanwhile, or not offered): the nearest free ones."""
    context.update(zone_context(request, zone))
    context.update(
        error=message,
        requested=slot_picker.time_choice(start, zone),
        alternatives=slot_picker.alternatives(starts, start, zone),
    )
    return render(request, "bookings/slot_taken.html", context, status=409)


def _hold(request, service: Service, context: dict, *, zone: str, now):
    """Hold the posted time for the signed-in client, or for the visitor until she signs in."""
    path = context["form_action"]
    start = slot_picker.parse_start(request.POST.get("start"))
    if start is None:
        messages.error(request, "Please choose one of the times below.")
        return redirect(path)
    if request.user.is_authenticated:
        holder = {"client": request.user}
    else:
        holder = {"visitor": visitors.visitor(request)}
    previous = live_hold(holder=request_holder(request), service=service, now=now)
    try:
        booking = services.booking_hold(
            **holder, service=service, start=start, client_tz=zone, now=now
        )
    except services.BookingError as error:
        if isinstance(error, services.HoldRefused) and error.booking is not None:
            # Her other hold, which she is paying for: that is where she can act.
            messages.error(request, error.message)
            return redirect(error.booking)
        starts = list(offered_slots(service=service, now=now))
        return _time_refused(request, context, error.message, start, starts, zone=zone)
    if request.user.is_authenticated:
        timezones.remember_on_profile(request.user, zone)
    _tell_about_previous_hold(request, previous, booking, zone)
    return redirect(booking)


def _tell_about_previous_hold(request, previous: Booking | None, booking: Booking, zone: str):
    if previous is None:
        return
    if previous.pk == booking.pk:
        messages.info(request, "You are holding this time already: here it is.")
    else:
        when = timezones.when(previous.start, ZoneInfo(zone))
        messages.info(
            request,
            f"You can hold one time per session, so your hold on {when} has been released "
            "and this time is held for you instead.",
        )
