"""The waitlist's pages: joining from a service's slot page, leaving from /my/, and saying
"No thanks" to an offered time. Thin: parse, call the domain function, say how it went.

Each looks up what it changes with its owner: another client's entry or offer is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bookings.errors import BookingError
from bookings.models import Service
from waitlist import tasks
from waitlist.forms import JoinForm
from waitlist.joining import Joined, entry_join, entry_leave
from waitlist.models import Entry, Offer
from waitlist.offers import offer_decline


@require_POST
def waitlist_join(request, slug):
    """Join (or change) the waitlist of a service; back to its slot page with what happened."""
    service = get_object_or_404(Service.objects.active(), slug=slug)
    back = reverse("bookings:slots", kwargs={"slug": service.slug})
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    now = timezone.now()
    form = JoinForm(request.POST, now=now)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(f"{back}#waitlist")
    data = form.cleaned_data
    joined = entry_join(
        client=request.user,
        service=service,
        first_day=data["first_day"],
        last_day=data["last_day"],
        parts=set(data["parts"]),
        zone=data["tz"],
        now=now,
    )
    messages.success(request, _joined_message(joined))
    return redirect(f"{back}#waitlist")


def _first_error(form: JoinForm) -> str:
    for errors in form.errors.values():
        return f"Your waitlist was not changed: {errors[0]}"
    return "Your waitlist was not changed."


def _joined_message(joined: Joined) -> str:
    said = "You are on the waitlist" if joined.created else "Your waitlist days are changed"
    count = len(joined.free_now)
    if not count:
        return f"{said}. We will e-mail you when a time that suits you comes free."
    times = "time that suits you is" if count == 1 else f"{count} times that suit you are"
    return (
        f"{said}. {times.capitalize()} free already: you can book "
        f"{'it' if count == 1 else 'one'} now, below. We will e-mail you when another comes free."
    )


@login_required
@require_POST
def waitlist_leave(request, pk):
    entry = get_object_or_404(Entry, pk=pk, client=request.user, status=Entry.Status.WAITING)
    try:
        entry_leave(entry=entry, now=timezone.now())
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "You have left the waitlist. No more e-mails about it.")
    return redirect(f"{reverse('clients:my-account')}#waitlist")


@login_required
@require_POST
def offer_no_thanks(request, reference):
    """She does not want the time offered to her: it goes to the next in line at once."""
    offer = get_object_or_404(
        Offer.objects.select_related("freed_time__service"),
        booking__reference=reference,
        entry__client=request.user,
    )
    try:
        following = offer_decline(offer=offer, now=timezone.now())
    except BookingError as error:
        messages.error(request, error.message)
        return redirect(offer.booking)
    tasks.offers_follow([following] if following else [])
    messages.success(
        request,
        "Thank you for letting us know: the time has been released. You stay on the waitlist "
        "for other times.",
    )
    return redirect(f"{reverse('clients:my-account')}#waitlist")
