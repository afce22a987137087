"""Her own calendars in the admin: add one by its private address, see whether each is read,
and read one again at once ("Check now").

A calendar added, given a new address or switched back on is read as soon as it is saved (once
the save has committed, within `READ_NOW_SECONDS`, so the page never hangs), and the result is
told at the top of the next page; after that the worker reads it every five minutes
(workplace/calendar_sync.py). The private address is a secret: lists show only its host, and the
edit page never prints it again (an empty field keeps it). Busy times are not in the admin: they
are only ever written by reading the calendar.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.views.decorators.http import require_POST

from bookings.models import BusyTime, ExternalCalendar, Practitioner
from bookings.timezones import when_label
from practice.page_cache import AVAILABILITY, forget_cached_pages
from workplace.calendar_reading import CalendarAddressError, address_masked, calendar_address_clean
from workplace.calendar_sync import Outcome, calendar_sync

# The longest she waits for a calendar's download from the admin (gunicorn gives up at 30
# seconds); a file larger than READ_NOW_BYTES (a few thousand events: seconds of parsing) is read
# by the worker instead, within a minute or two.
READ_NOW_SECONDS = 10
READ_NOW_BYTES = 512 * 1024

WHERE_TO_FIND = """
<p>Only the times you are busy are read from your calendar, every five minutes; its titles,
places, notes and guests are never kept. Clients only see that a time is not offered.</p>
<ul>
  <li><strong>Google Calendar</strong> (on a computer): open Settings, choose the calendar on
  the left under “Settings for my calendars”, then in “Integrate calendar” copy the
  <em>Secret address in iCal format</em>.</li>
  <li><strong>Apple iCloud</strong>: in the Calendar app (or at icloud.com), share the calendar,
  turn on <em>Public Calendar</em> and copy the link that starts with webcal://.</li>
  <li><strong>Outlook</strong> (outlook.com or Microsoft 365 on the web): Settings, Calendar,
  <em>Shared calendars</em>, then under “Publish a calendar” choose the calendar and
  <em>Can view when I'm busy</em>, select Publish and copy the <em>ICS</em> link.</li>
  <li><strong>Fastmail</strong>: Settings, Calendars, choose the calendar, turn on sharing as
  a public link (free/busy only is enough) and copy the iCalendar (.ics) address.</li>
</ul>
<p>Keep the address private: anyone who has it can see that calendar.</p>
"""


class ExternalCalendarForm(forms.ModelForm):
    class Meta:
        model = ExternalCalendar
        fields = ["practitioner", "name", "url", "active"]
        widgets = {
            "url": forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "inputmode": "url",
                    "size": 60,
                }
            )
        }
        help_texts = {
            "active": "Untick to stop this calendar blocking your hours, without removing it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["url"]
        field.help_text = (
            "The calendar's private address: it starts with https:// or webcal:// and usually "
            "ends in .ics. See above for where to find it."
        )
        if self.instance.pk:
            # Never shown again: an empty field keeps the address she gave.
            self.initial["url"] = ""
            field.required = False
            field.help_text = (
                f"Now: {address_masked(self.instance.url)}. Leave empty to keep it, or paste "
                "a new private address."
            )

    def clean_url(self):
        address = self.cleaned_data.get("url", "")
        if not address and self.instance.pk:
            return self.instance.url
        try:
            return calendar_address_clean(address)
        except CalendarAddressError as error:
            raise forms.ValidationError(str(error)) from None


def _own_practitioner(request) -> Practitioner | None:
    return Practitioner.objects.filter(user=request.user).first()


def _busy_ahead(calendar: ExternalCalendar, now) -> int:
    return BusyTime.objects.filter(calendar=calendar, end__gt=now).count()


def _tell(model_admin, request, calendar: ExternalCalendar, outcome: Outcome, now) -> None:
    """Say at the top of the next page what reading `calendar` just now gave."""
    calendar.refresh_from_db()
    if outcome in (Outcome.UPDATED, Outcome.UNCHANGED):
        count = _busy_ahead(calendar, now)
        if count:
            text = (
                f"“{calendar.name}” was read just now: {count} busy time{'s' if count != 1 else ''}"
                " in the coming weeks block your hours."
            )
        else:
            text = f"“{calendar.name}” was read just now: it has no busy times in the coming weeks."
        model_admin.message_user(request, text, messages.SUCCESS)
    elif outcome == Outcome.FAILED:
        if calendar.last_success_at:
            kept = (
                "Its busy times from "
                f"{when_label(calendar.last_success_at, timezone.get_current_timezone())} "
                "still block your hours."
            )
        else:
            kept = "Nothing from it blocks your hours yet."
        model_admin.message_user(
            request,
            f"“{calendar.name}” could not be read: {calendar.last_error} {kept}",
            messages.ERROR,
        )
    elif outcome == Outcome.QUEUED:
        model_admin.message_user(
            request,
            f"“{calendar.name}” is a large calendar: it is being read in the background, and "
            "its busy times will block your hours within a few minutes. This list shows when.",
        )
    else:
        model_admin.message_user(
            request, f"“{calendar.name}” is being read right now; look again in a minute."
        )


def _read_now(model_admin, request, calendar_id: int) -> None:
    now = timezone.now()
    result = calendar_sync(
        calendar_id=calendar_id,
        now=now,
        force=True,
        seconds=READ_NOW_SECONDS,
        parse_limit=READ_NOW_BYTES,
    )
    calendar = ExternalCalendar.objects.filter(pk=calendar_id).first()
    if calendar is not None:
        _tell(model_admin, request, calendar, result.outcome, now)


@admin.register(ExternalCalendar)
class ExternalCalendarAdmin(admin.ModelAdmin):
    form = ExternalCalendarForm
    list_display = ["name", "address", "state", "busy_ahead", "active"]
    list_display_links = ["name"]
    actions = ["check_now"]
    change_form_template = "workplace/calendar/change_form.html"
    change_list_template = "workplace/calendar/change_list.html"

    def get_queryset(self, request):
        now = timezone.now()
        queryset = (
            super()
            .get_queryset(request)
            .select_related("practitioner")
            .annotate(
                busy_count=Count("busy_times", filter=Q(busy_times__end__gt=now), distinct=True)
            )
        )
        if not request.user.is_superuser:
            queryset = queryset.filter(practitioner__user=request.user)
        return queryset

    def get_fieldsets(self, request, obj=None):
        fields = ["name", "url", "active"]
        if _own_practitioner(request) is None:
            fields.insert(0, "practitioner")
        if obj is not None:
            fields.append("reading")
        return [(None, {"fields": fields, "description": WHERE_TO_FIND})]

    def get_readonly_fields(self, request, obj=None):
        return ["reading"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        own = _own_practitioner(request)
        if own is not None and not change:
            obj.practitioner = own
        if change and "url" in form.changed_data:
            # A new address: what the old one's server said about caching no longer applies.
            obj.etag = obj.last_modified = ""
        super().save_model(request, obj, form, change)
        if change and "active" in form.changed_data:
            forget_cached_pages(AVAILABILITY)  # its busy times block, or no longer block
        if obj.active and (not change or {"url", "active"} & set(form.changed_data)):
            request.calendar_to_read = obj.pk  # read by changeform_view once this commits

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        # The save has committed (the admin saves in its own transaction): now read it, so she
        # learns at once whether the address works.
        calendar_id = getattr(request, "calendar_to_read", None)
        if calendar_id is not None:
            _read_now(self, request, calendar_id)
        return response

    def message_user(self, request, message, *args, **kwargs):
        # Django's "The your calendar “…” was added" reads oddly with this model's name. The
        # replaced words are plain text, so a safe message stays safe.
        if str(message).startswith("The your calendar"):
            replaced = str(message).replace("The your calendar", "Your calendar", 1)
            message = mark_safe(replaced) if isinstance(message, SafeData) else replaced  # noqa: S308
        super().message_user(request, message, *args, **kwargs)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_cached_pages(AVAILABILITY)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        forget_cached_pages(AVAILABILITY)

    @admin.display(description="address")
    def address(self, obj):
        return address_masked(obj.url)

    @admin.display(description="busy times ahead", ordering="busy_count")
    def busy_ahead(self, obj):
        return obj.busy_count

    def _state(self, obj) -> str:
        tz = timezone.get_current_timezone()
        if not obj.active:
            return "Switched off: it does not block your hours."
        if obj.last_error:
            since = (
                f"Not read since {when_label(obj.last_success_at, tz)}"
                if obj.last_success_at
                else "Not read yet"
            )
            return f"{since}. {obj.last_error}"
        if obj.last_success_at:
            return f"Read at {when_label(obj.last_success_at, tz)}"
        return "Not read yet"

    @admin.display(description="state")
    def state(self, obj):
        text = self._state(obj)
        if obj.active and obj.last_error:
            return format_html('<strong class="qh-calendar-failing">{}</strong>', text)
        return text

    @admin.display(description="state")
    def reading(self, obj):
        return self._state(obj)

    @admin.action(description="Check the selected calendars now")
    def check_now(self, request, queryset):
        for calendar_id in queryset.order_by("pk").values_list("pk", flat=True):
            _read_now(self, request, calendar_id)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/check/",
                self.admin_site.admin_view(self.check_view),
                name="bookings_externalcalendar_check",
            ),
            *super().get_urls(),
        ]

    def check_view(self, request, object_id):
        return _check_view(request, model_admin=self, object_id=object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "check_url": reverse("admin:bookings_externalcalendar_check", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@require_POST
def _check_view(request, *, model_admin, object_id):
    """The "Check now" button on a calendar's page: read it at once and say how it went."""
    calendar = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not model_admin.has_change_permission(request, calendar):
        return HttpResponseRedirect(reverse("admin:index"))
    _read_now(model_admin, request, calendar.pk)
    return HttpResponseRedirect(
        reverse("admin:bookings_externalcalendar_change", args=[calendar.pk])
    )
