"""Booking a session for a client, and moving a booking, from the desk.

"Book a session" (admin:bookings_booking_book, `book/`): the calendar links a free cell to it
with `?start=<ISO UTC instant>` and optionally `&service=<pk>`. The page is two forms: a GET
one to choose the service, the day and to find an existing client, and the POST one that books.
"Move" (admin:bookings_booking_move, `<id>/move/`): the free times of the booking's day (or
another day she picks), and a note for the client. Times are on her clock; the client's notice
does not bind her, the slot rules do (bookings/desk.py).
"""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from bookings import slot_picker
from bookings.desk import desk_booking_move, desk_starts
from bookings.errors import SlotTaken
from bookings.models import Booking, Practitioner, Service
from bookings.timezones import clock, day_label, when_label
from clients.models import User
from payments.payment_links import LINK_HOURS_DEFAULT, LINK_HOURS_MAX, LINK_HOURS_MIN
from practice.errors import MessageError
from practice.http import query_day
from practice.money import money
from practice.zones import zone_label
from workplace.desk import DeskBooked, NewClient, PaymentChoice, desk_book
from workplace.views.common import admin_context, calendar_url, chosen_practitioner

CLIENTS_SHOWN = 20
ONE_DAY = timedelta(days=1)
NEW = "new"
LINK_HOURS = [(hours, f"{hours} hour{'s' if hours != 1 else ''}") for hours in range(1, 25)]


def desk_urls(wrap) -> list:
    """The admin URL patterns of this part; `wrap(view)` makes a view staff-only (see admin.py)."""
    return [
        path("book/", wrap(book_view), name="bookings_booking_book"),
        path("<path:object_id>/move/", wrap(move_view), name="bookings_booking_move"),
    ]


def book_url(**params) -> str:
    query = urlencode({key: value for key, value in params.items() if value})
    url = reverse("admin:bookings_booking_book")
    return f"{url}?{query}" if query else url


def _time_choices(starts, tz) -> list[tuple[str, str]]:
    return [(slot_picker.iso(start), clock(start.astimezone(tz))) for start in starts]


def _start_field(starts, tz) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="Time",
        choices=_time_choices(starts, tz),
        coerce=slot_picker.parse_start,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose one of the free times.",
            "invalid_choice": "That time is no longer free. Please choose one of the times shown.",
        },
    )


class BookForm(forms.Form):
    client = forms.CharField(
        required=False, error_messages={"required": "Please choose the client."}
    )
    name = forms.CharField(
        label="Name (what she would like to be called)", required=False, max_length=150
    )
    email = forms.EmailField(label="E-mail address", required=False)
    payment = forms.ChoiceField(
        label="Payment",
        required=False,
        choices=[
            (PaymentChoice.OUTSIDE, "She has paid me outside the site: confirm it now"),
            (PaymentChoice.LINK, "Send her a payment link: the time is held until she pays"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="How she paid (for your records)",
        required=False,
        max_length=300,
        help_text="For example: bank transfer on 3 March.",
    )
    link_hours = forms.TypedChoiceField(
        label="The link and the hold last",
        choices=LINK_HOURS,
        coerce=int,
        initial=LINK_HOURS_DEFAULT,
        required=False,
    )

    def __init__(self, *args, service: Service, starts, tz, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.fields["start"] = _start_field(starts, tz)
        self.client_ids = {str(client.pk) for client in clients}

    def clean(self):
        data = super().clean()
        chosen = data.get("client") or ""
        if chosen == NEW:
            if not data.get("name", "").strip():
                self.add_error("name", "Please give the new client's name.")
            if not data.get("email"):
                self.add_error("email", "Please give the new client's e-mail address.")
            data["new_client"] = NewClient(name=data.get("name", ""), email=data.get("email", ""))
            data["client_user"] = None
        else:
            user = (
                User.objects.filter(pk=chosen, is_active=True).first()
                if chosen.isdigit() and len(chosen) < 19
                else None
            )
            if user is None:
                self.add_error(
                    "client", "Please choose the client: find her above, or add a new client."
                )
            data["client_user"], data["new_client"] = user, None
        if not self.service.is_free:
            if data.get("payment") not in PaymentChoice.CHOICES:
                self.add_error("payment", "Please choose how she pays for this session.")
            if data.get("payment") == PaymentChoice.LINK and not (
                LINK_HOURS_MIN <= (data.get("link_hours") or 0) <= LINK_HOURS_MAX
            ):
                self.add_error("link_hours", "Please choose how long the link lasts.")
        return data


def _services(practitioner: Practitioner) -> list[Service]:
    return list(practitioner.services.filter(active=True).order_by("order", "name"))


def _found_clients(query: str, chosen: str) -> list[User]:
    """Clients matching `query` (name or address), and the one chosen before, if any."""
    users = User.objects.filter(is_active=True, is_staff=False)
    found = []
    if query:
        words = query.split()[:4]
        matches = users
        for word in words:
            matches = matches.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
        found = list(matches.order_by("first_name", "email")[:CLIENTS_SHOWN])
    if chosen.isdigit() and len(chosen) < 19 and chosen not in {str(u.pk) for u in found}:
        found = list(users.filter(pk=chosen)) + found
    return found


def _refused(request, error: MessageError) -> int:
    """Says why the desk's booking or move was refused; the page's status: 409 when the time
    was taken meanwhile, else 400."""
    messages.error(request, error.message)
    return 409 if isinstance(error, SlotTaken) else 400


def book_view(request, model_admin):
    """Book a session for an existing or a new client, at any free time on her clock."""
    # The admin's "add" is off for bookings (made only through the booking flows): this page is
    # one of those flows, for whoever may change bookings.
    if not request.user.has_perm("bookings.add_booking") or not model_admin.has_change_permission(
        request
    ):
        raise PermissionDenied
    practitioners, practitioner = chosen_practitioner(request)
    if practitioner is None:
        messages.warning(request, "Add a practitioner first: a session belongs to one.")
        return HttpResponseRedirect(reverse("admin:bookings_practitioner_add"))
    services = _services(practitioner)
    if not services:
        messages.warning(request, "Add a service you offer first: a session is of one.")
        return HttpResponseRedirect(reverse("admin:bookings_service_add"))
    params = request.POST if request.method == "POST" else request.GET
    tz, now = practitioner.tz, timezone.now()
    service = next((s for s in services if str(s.pk) == params.get("service")), services[0])
    asked_start = slot_picker.parse_start(params.get("start"))
    day = query_day(params.get("day")) or (
        asked_start.astimezone(tz).date() if asked_start else now.astimezone(tz).date()
    )
    query = params.get("q", "").strip()[:100]
    chosen_client = params.get("client", "")
    starts = desk_starts(practitioner=practitioner, service=service, now=now, day=day)
    clients = _found_clients(query, chosen_client)
    form_args = {"service": service, "starts": starts, "tz": tz, "clients": clients}
    status = 200
    if request.method == "POST":
        form = BookForm(request.POST, **form_args)
        if form.is_valid():
            try:
                booked = desk_book(
                    practitioner=practitioner,
                    client=form.cleaned_data["client_user"],
                    new_client=form.cleaned_data["new_client"],
                    service=service,
                    start=form.cleaned_data["start"],
                    payment=form.cleaned_data.get("payment") or "",
                    note=form.cleaned_data.get("note", ""),
                    link_hours=form.cleaned_data.get("link_hours") or LINK_HOURS_DEFAULT,
                    now=now,
                )
            except MessageError as error:
                status = _refused(request, error)
                # The time may have gone meanwhile: the form again, with today's free times.
                starts = desk_starts(practitioner=practitioner, service=service, now=now, day=day)
                form = BookForm(request.POST, **{**form_args, "starts": starts})
                form.is_valid()
            else:
                _report_booked(request, booked, tz)
                return HttpResponseRedirect(
                    reverse("admin:bookings_booking_change", args=[booked.booking.pk])
                )
        else:
            status = 400
    else:
        initial = {"start": slot_picker.iso(asked_start) if asked_start in starts else None}
        if chosen_client:
            initial["client"] = chosen_client
        form = BookForm(initial=initial, **form_args)
    if asked_start and asked_start not in starts and request.method == "GET":
        messages.warning(
            request,
            f"{when_label(asked_start, tz)} is not free for {service.name}. "
            "Please choose one of the free times shown.",
        )
    keep = {
        "service": service.pk,
        "q": query,
        "client": chosen_client,
        "practitioner": practitioner.pk if len(practitioners) > 1 else None,
    }
    context = admin_context(
        request,
        model_admin,
        title="Book a session",
        previous_url=book_url(**keep, day=(day - ONE_DAY).isoformat()),
        next_url=book_url(**keep, day=(day + ONE_DAY).isoformat()),
        form=form,
        service=service,
        services=services,
        day=day,
        day_name=day_label(day),
        query=query,
        clients=clients,
        chosen_client=chosen_client if request.method == "POST" else form.initial.get("client"),
        starts=starts,
        zone=zone_label(tz.key, at=now),
        practitioner=practitioner,
        practitioners=practitioners if len(practitioners) > 1 else [],
        calendar_url=calendar_url(date=day.isoformat()),
        price=service.price_label,
        price_amount=money(service.price_amount, service.price_currency)
        if not service.is_free
        else "",
    )
    return TemplateResponse(request, "workplace/desk/book.html", context, status=status)


def _report_booked(request, booked: DeskBooked, tz) -> None:
    booking = booked.booking
    who = booking.client.get_full_name() or booking.client.email
    moment = when_label(booking.start, tz)
    if booked.payment is not None:
        messages.success(
            request,
            f"{moment} is held for {who} until {when_label(booking.hold_expires_at, tz)}. "
            "She has been e-mailed a payment link; the booking is confirmed when she pays.",
        )
    else:
        messages.success(
            request,
            f"{moment} is booked for {who}. She has been e-mailed the confirmation "
            "with a calendar file.",
        )
    if booked.new_client:
        messages.info(
            request,
            f"An account was made for {booking.client.email}; a welcome e-mail lets her "
            "choose how to sign in.",
        )


class MoveForm(forms.Form):
    note = forms.CharField(
        label="A note for the client (optional, in the e-mail she gets)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, starts, tz, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"] = _start_field(starts, tz)
        self.order_fields(["start", "note"])


def _move_starts(booking: Booking, *, now, day) -> list:
    """The free times on `day` the booking can move to: its own time counts as free for the
    check, but is not offered (it is where the booking already is)."""
    starts = desk_starts(
        practitioner=booking.practitioner,
        service=booking.service,
        now=now,
        day=day,
        exclude_booking_id=booking.pk,
    )
    return [start for start in starts if start != booking.start]


def move_view(request, model_admin, object_id):
    """Move a held or confirmed booking of any client to another free time (POST moves)."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    # Only an id a booking could have: "abc" or a number past the database's is not found.
    if not object_id.isdigit() or len(object_id) > 18:
        raise Http404
    booking = get_object_or_404(
        Booking.objects.select_related("client", "service", "practitioner"), pk=object_id
    )
    change_url = reverse("admin:bookings_booking_change", args=[booking.pk])
    move_url = reverse("admin:bookings_booking_move", args=[booking.pk])
    now = timezone.now()
    if not booking.is_active_at(now) or booking.start <= now:
        messages.error(
            request, "Only a held or confirmed session that has not started can be moved."
        )
        return HttpResponseRedirect(change_url)
    tz = booking.practitioner.tz
    params = request.POST if request.method == "POST" else request.GET
    day = query_day(params.get("day")) or booking.start.astimezone(tz).date()
    starts = _move_starts(booking, now=now, day=day)
    status = 200
    form = MoveForm(request.POST or None, starts=starts, tz=tz)
    if request.method == "POST":
        if form.is_valid():
            try:
                moved = desk_booking_move(
                    booking=booking,
                    new_start=form.cleaned_data["start"],
                    note=form.cleaned_data["note"],
                    now=now,
                )
            except MessageError as error:
                status = _refused(request, error)
                starts = _move_starts(booking, now=now, day=day)
                form = MoveForm(request.POST, starts=starts, tz=tz)
                form.is_valid()
            else:
                told = (
                    "The client has been e-mailed the new time with an updated calendar file."
                    if moved.status == Booking.Status.CONFIRMED
                    else "The client has been e-mailed the new time."
                    if moved.client_id
                    else ""
                )
                messages.success(request, f"Moved to {when_label(moved.start, tz)}. {told}".strip())
                return HttpResponseRedirect(change_url)
        else:
            status = 400
    context = admin_context(
        request,
        model_admin,
        title="Move a session",
        booking=booking,
        original=booking,
        form=form,
        starts=starts,
        day=day,
        day_name=day_label(day),
        previous_url=f"{move_url}?day={(day - ONE_DAY).isoformat()}",
        next_url=f"{move_url}?day={(day + ONE_DAY).isoformat()}",
        now_when=when_label(booking.start, tz),
        held_until=when_label(booking.hold_expires_at, tz) if booking.hold_expires_at else "",
        zone=zone_label(tz.key, at=now),
        change_url=change_url,
        calendar_url=calendar_url(date=day.isoformat()),
    )
    return TemplateResponse(request, "workplace/desk/move.html", context, status=status)
