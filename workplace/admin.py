"""The practitioner's desk in the admin: the Booking and Practitioner admins of `bookings`,
extended with her workplace and registered again in their place.

On the booking list and a booking's page: the calendar, block time, cancelling with a refund,
marking a session completed or missed, resending a confirmation, a new session room and the
list as CSV. On her
own page: her private calendar feed's address, and a new one. The URLs stay those of the
bookings app's models (admin:bookings_booking_calendar, ...): they are the admin's contract.
"""

from functools import partial

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from bookings import services
from bookings.admin import BookingAdmin, PractitionerAdmin
from bookings.models import Booking, Practitioner
from practice.page_cache import AVAILABILITY, pages_versions
from practice.version_tokens import read_ahead
from rooms.services import room_renew
from workplace.actions import confirmation_resend
from workplace.admin_menu import MENU, kept_app_list, kept_fingerprint, markup_key, menu_keys
from workplace.dashboard import desk_part_keys
from workplace.desk_cache import CALENDARS, DESK, LISTENING, kept_desk_page
from workplace.feeds import calendar_feed_url, calendar_token_renew
from workplace.list_filters import FlaggedFilter, WhenFilter
from workplace.views.block_time import block_time_view
from workplace.views.booking_cancel import booking_cancel_view, cancel_url
from workplace.views.booking_export import booking_export_view
from workplace.views.booking_quick_action import booking_quick_action_view, booking_tools
from workplace.views.calendar import calendar_view
from workplace.views.calendar_entries import calendar_urls
from workplace.views.calendar_token_renew import calendar_token_renew_view
from workplace.views.desk_booking import desk_urls
from workplace.views.setup import setup_urls


class BookingDeskAdmin(BookingAdmin):
    list_filter = [*BookingAdmin.list_filter, WhenFilter, FlaggedFilter]
    change_list_template = "workplace/booking/change_list.html"
    change_form_template = "workplace/booking/change_form.html"
    actions = [
        "cancel_with_full_refund",
        "mark_completed",
        "mark_no_show",
        "resend_confirmation",
        "give_new_room",
    ]

    def get_urls(self):
        def wrap(view):
            # Staff only; in the admin's zone like every admin page (the middleware's).
            return self.admin_site.admin_view(partial(view, model_admin=self))

        return [
            path("calendar/", wrap(calendar_view), name="bookings_booking_calendar"),
            path("calendar/block/", wrap(block_time_view), name="bookings_booking_block_time"),
            path("cancel/", wrap(booking_cancel_view), name="bookings_booking_cancel"),
            path("export.csv", wrap(booking_export_view), name="bookings_booking_export"),
            path(
                "<path:object_id>/do/",
                wrap(booking_quick_action_view),
                name="bookings_booking_quick_action",
            ),
            *desk_urls(wrap),
            *calendar_urls(wrap),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        booking = self.get_object(request, object_id)
        if booking is not None:
            extra_context = {**(extra_context or {}), **booking_tools(booking)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _apply(self, request, queryset, change, done: str):
        now = timezone.now()
        succeeded = 0
        for booking in queryset:
            try:
                change(booking=booking, now=now)
            except services.BookingError as error:
                self.message_user(request, f"{booking.reference}: {error.message}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{succeeded} booking(s) {done}.", messages.SUCCESS)

    @admin.action(description="Mark as completed (the session took place)")
    def mark_completed(self, request, queryset):
        self._apply(request, queryset, services.booking_mark_completed, "marked as completed")

    @admin.action(description="Mark as missed (the client did not join)")
    def mark_no_show(self, request, queryset):
        self._apply(request, queryset, services.booking_mark_no_show, "marked as missed")

    @admin.action(description="Cancel with a full refund and tell the client…")
    def cancel_with_full_refund(self, request, queryset):
        # The next page says what will happen and asks for a reason; nothing changes before.
        ids = queryset.order_by("start").values_list("pk", flat=True)
        return HttpResponseRedirect(cancel_url(ids, next_url=request.get_full_path()))

    @admin.action(description="Send the confirmation e-mail to the client again")
    def resend_confirmation(self, request, queryset):
        def resend(*, booking, now):
            confirmation_resend(booking=booking)

        self._apply(request, queryset, resend, "sent their confirmation again")

    @admin.action(description="Give a new private session room (the old one is no longer used)")
    def give_new_room(self, request, queryset):
        self._apply(request, queryset, room_renew, "given a new session room")


class PractitionerDeskAdmin(PractitionerAdmin):
    # Her hours, time off and extra hours have pages of their own (the weekly grid, the
    # calendar): this page says what they are and links there instead of tables of inputs.
    inlines = []
    readonly_fields = ["when_you_work", "calendar_feed"]
    actions = ["new_calendar_address"]

    @admin.display(description="when you work")
    def when_you_work(self, obj):
        if obj is None or obj.pk is None:
            return "Once you have saved, set your weekly hours and your time off from here."
        hours = format_html_join(
            "", "<li>{}</li>", ((str(entry),) for entry in obj.working_hours.all())
        )
        return format_html(
            "<ul>{}</ul>"
            '<a href="{}">Change your weekly hours</a> · '
            '<a href="{}">Time off and extra hours are on your calendar</a>',
            hours or format_html("<li>No weekly hours yet.</li>"),
            reverse("admin:bookings_practitioner_hours") + f"?practitioner={obj.pk}",
            reverse("admin:bookings_booking_calendar"),
        )

    @admin.display(description="calendar feed")
    def calendar_feed(self, obj):
        if obj is None or obj.pk is None:
            return "Your private calendar address appears here once you have saved."
        return format_html(
            '<code class="qh-feed-url">{}</code><br>Your confirmed sessions, for your own '
            "calendar app: in Google Calendar choose 'From URL', in Apple Calendar "
            "'New Calendar Subscription', in Outlook 'Subscribe from web', "
            "and paste this address. Keep it private. "
            '<a href="{}">Make a new address</a> if someone else may have it.',
            calendar_feed_url(obj),
            reverse("admin:bookings_practitioner_renew_calendar", args=[obj.pk]),
        )

    @admin.action(description="Make a new calendar address (the old one stops working)")
    def new_calendar_address(self, request, queryset):
        for practitioner in queryset:
            calendar_token_renew(practitioner=practitioner)
        self.message_user(
            request,
            "New calendar address made. Subscribe to it again in your calendar app; "
            "the old address no longer works.",
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/new-calendar-address/",
                self.admin_site.admin_view(self.renew_calendar_view),
                name="bookings_practitioner_renew_calendar",
            ),
            *setup_urls(lambda view: self.admin_site.admin_view(partial(view, model_admin=self))),
            *super().get_urls(),
        ]

    def renew_calendar_view(self, request, object_id):
        return calendar_token_renew_view(request, self, object_id)


def _app_list_once_per_request(site) -> None:
    """The admin builds its list of apps for each_context() and again for the index (each a
    permission check and two reverse() per model, a query per singleton's "add"): the index
    is the practitioner's desk, so the list is read once per request and kept on it, from
    the shared cache while her permissions and the singletons stay as they are
    (workplace/admin_menu.py)."""
    build = site.get_app_list

    def get_app_list(request, app_label=None):
        if app_label is not None:
            return build(request, app_label)
        if not hasattr(request, "_admin_app_list"):
            request._admin_app_list = kept_app_list(
                request, lambda: build(request), fingerprint=kept_fingerprint(site)
            )
        return request._admin_app_list

    site.get_app_list = get_app_list


def _desk_read_in_one_round_trip(site) -> None:
    """The index (her desk) shows a dozen parts kept in the cache: the list of apps and its
    markup, her permissions, the failed e-mails, her calendars' line, set-up, sessions,
    listening plans and figures, under five versions. Read one by one they were thirteen round
    trips to the cache; the versions are read first in one, then every part in another (each
    part still builds itself when it is not there, so a key worked out differently here only
    costs a read). The page itself is kept whole, encrypted (it shows clients' check-ins), until
    one of those versions or the clock changes a part of it."""
    index = site.index

    @kept_desk_page(namespaces=(AVAILABILITY, DESK, LISTENING, CALENDARS), sealed=True)
    def desk_index(request, extra_context=None):
        pages_versions(MENU, AVAILABILITY, DESK, LISTENING, CALENDARS)
        permissions, list_key = menu_keys(request, site)
        read_ahead(
            [
                permissions,
                list_key,
                # The index highlights no entry of the menu.
                markup_key(list_key, current=[], show_changelinks=True),
                *desk_part_keys(
                    user=request.user, zone=timezone.get_current_timezone(), now=timezone.now()
                ),
            ]
        )
        return index(request, extra_context)

    site.index = desk_index


_app_list_once_per_request(admin.site)
_desk_read_in_one_round_trip(admin.site)

# bookings/admin.py registered the plain admins (the workplace app comes after bookings).
for model, model_admin in ((Booking, BookingDeskAdmin), (Practitioner, PractitionerDeskAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)

# Her own calendars (which block her hours) have their own admin module.
import workplace.calendar_admin  # noqa: E402, F401
from workplace import trimmed_admin  # noqa: E402, F401 (the technical sections: superuser only)
