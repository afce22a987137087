"""Recordings in the admin: the practitioner uploads a client's recording (from the booking's or
the client's page, where an "Add a recording" link opens the form filled in), plays and
downloads it (each fetch logged), and reads the log of every fetch.

The booking's page and the client's page list the recordings through inlines added to the
bookings app's admins (its `booking_page_inlines` registry, and the client admin's inlines).
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode

from aftercare.audio import ACCEPTED_KINDS, audio_check, megabytes
from aftercare.file_views import audio_path, download_path
from aftercare.models import Recording, RecordingAccess
from aftercare.recordings import recording_add, recording_delete
from bookings.admin import booking_page_inlines
from bookings.client_admin import ClientUserAdmin
from bookings.models import Booking
from bookings.timezones import when_label
from clients.models import User
from practice.admin_helpers import ReadOnlyAdmin, ReadOnlyInline
from practice.zones import zone_label


def length_label(seconds: float) -> str:
    """ "23 min 5 s", "1 h 2 min": how long a recording plays."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def client_label(user: User) -> str:
    name = user.get_full_name()
    return f"{name} ({user.email})" if name else user.email


def recording_add_url(*, client: User | None = None, booking: Booking | None = None) -> str:
    query = {"booking": booking.pk} if booking else {"client": client.pk}
    return f"{reverse('admin:aftercare_recording_add')}?{urlencode(query)}"


class ClientChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return client_label(obj)


class BookingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        zone = timezone.get_current_timezone()
        when = f"{when_label(obj.start, zone)} ({zone_label(str(zone), at=obj.start)})"
        return f"{when}: {obj.service.name}, {client_label(obj.client)}"


class RecordingUploadForm(forms.ModelForm):
    """A new recording: for whom, after which session, its title and note, and the file."""

    client = ClientChoiceField(
        queryset=User.objects.filter(is_staff=False, is_active=True).order_by(
            "first_name", "last_name", "email"
        ),
        help_text="Only she can listen to it, once signed in.",
    )
    booking = BookingChoiceField(
        queryset=Booking.objects.filter(
            client__isnull=False,
            status__in=[Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW],
        )
        .select_related("service", "client")
        .order_by("-start"),
        required=False,
        label="Session",
        help_text="The session this recording follows (optional). It must be hers.",
    )
    audio = forms.FileField(
        label="Audio file",
        help_text="",  # set in __init__, with today's size limit
        # A hint for her file picker only: the file is judged by its content (aftercare/audio.py).
        widget=forms.FileInput(attrs={"accept": "audio/*,.mp3,.m4a,.wav"}),
    )

    class Meta:
        model = Recording
        fields = ["client", "booking", "title", "note"]
        help_texts = {
            "title": "Optional. She sees it above the player, e.g. “Your confidence recording”.",
            "note": "Optional. A few words she reads with it, e.g. when to listen.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audio"].help_text = (
            f"{ACCEPTED_KINDS}, up to {megabytes(settings.RECORDING_MAX_BYTES)}. The file is "
            "checked when you save: it must be whole, playable audio."
        )

    def clean_audio(self):
        audio = self.cleaned_data["audio"]
        audio_check(audio)
        return audio

    def clean(self):
        cleaned = super().clean()
        client, booking = cleaned.get("client"), cleaned.get("booking")
        if client and booking and booking.client_id != client.pk:
            self.add_error(
                "booking",
                f"This session is {client_label(booking.client)}'s, not {client_label(client)}'s. "
                "Choose one of her sessions, or none.",
            )
        return cleaned


class RecordingEditForm(forms.ModelForm):
    class Meta:
        model = Recording
        fields = ["title", "note"]
        help_texts = RecordingUploadForm.Meta.help_texts


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "client", "session", "length", "created_at", "acknowledged"]
    list_select_related = ["client", "booking__service"]
    search_fields = ["title", "client__email", "client__first_name", "client__last_name"]
    search_help_text = "Search by the client's name or e-mail address, or the recording's title."
    date_hierarchy = "created_at"
    add_fields = ["client", "booking", "title", "note", "audio"]
    change_fieldsets = [
        (None, {"fields": ["client", "session", "title", "note"]}),
        ("Listen", {"fields": ["listen", "details", "acknowledged", "fetches"]}),
    ]
    readonly_fields = ["client", "session", "listen", "details", "acknowledged", "fetches"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": self.add_fields})]
        return self.change_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = RecordingEditForm if obj else RecordingUploadForm
        return super().get_form(request, obj, change, **kwargs)

    def get_changeform_initial_data(self, request):
        """?booking=<id> (from a booking's page) fills in the session and its client;
        ?client=<id> (from a client's page) the client."""
        initial = super().get_changeform_initial_data(request)
        booking_id = request.GET.get("booking", "")
        if booking_id.isdigit():
            booking = Booking.objects.filter(pk=booking_id, client__isnull=False).first()
            if booking is not None:
                initial["client"] = booking.client_id
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        added = recording_add(
            client=data["client"],
            booking=data.get("booking"),
            title=data.get("title", ""),
            note=data.get("note", ""),
            file=data["audio"],
            now=timezone.now(),
        )
        # The admin goes on with the form's object (its history, the page it opens next).
        obj.__dict__.update(
            {name: value for name, value in added.__dict__.items() if name != "_state"}
        )
        obj._state.adding = False

    def delete_model(self, request, obj):
        recording_delete(recording=obj)

    @admin.display(description="session")
    def session(self, obj):
        if obj.booking is None:
            return "Not linked to a session"
        link = reverse("admin:bookings_booking_change", args=[obj.booking.pk])
        return format_html(
            '<a href="{}">{}</a>',
            link,
            when_label(obj.booking.start, timezone.get_current_timezone()),
        )

    @admin.display(description="length")
    def length(self, obj):
        return length_label(obj.duration_seconds)

    @admin.display(description="she has read the safety note", ordering="acknowledged_at")
    def acknowledged(self, obj):
        if obj.acknowledged_at is None:
            return "Not yet: she sees it before she can listen."
        return when_label(obj.acknowledged_at, timezone.get_current_timezone())

    @admin.display(description="recording")
    def listen(self, obj):
        return format_html(
            '<audio controls preload="none" src="{}"></audio>'
            '<p><a class="button" href="{}">Download the file</a></p>'
            '<p class="help">Each time you or she plays or downloads it is written to the log '
            "(below).</p>",
            audio_path(obj),
            download_path(obj),
        )

    @admin.display(description="file")
    def details(self, obj):
        kind = {"audio/mpeg": "MP3", "audio/mp4": "M4A (AAC)", "audio/wav": "WAV"}
        kind = kind.get(obj.content_type, obj.content_type)
        return f"{kind}, {length_label(obj.duration_seconds)}, {obj.size_bytes / 1048576:.1f} MB"

    @admin.display(description="fetches")
    def fetches(self, obj):
        count = obj.accesses.count()
        if not count:
            return "Nobody has played or downloaded it yet."
        link = reverse("admin:aftercare_recordingaccess_changelist")
        return format_html(
            '<a href="{}?recording__id__exact={}">See the {} fetch(es) in the log</a>',
            link,
            obj.pk,
            count,
        )


@admin.register(RecordingAccess)
class RecordingAccessAdmin(ReadOnlyAdmin):
    """Every fetch of a recording's file: who, when, played or downloaded, which bytes."""

    list_display = ["at", "recording", "reader", "by_staff", "how", "byte_range"]
    list_filter = ["how", "by_staff"]
    list_select_related = ["recording", "reader"]
    date_hierarchy = "at"
    fields = ["at", "recording", "reader", "by_staff", "how", "byte_range"]

    def lookup_allowed(self, lookup, value, request=None):
        # The recording's page links to its own fetches.
        return lookup == "recording__id__exact" or super().lookup_allowed(lookup, value, request)


class RecordingInline(ReadOnlyInline):
    """The recordings of a booking or a client, with a link that opens the upload form filled
    in (templates/admin/aftercare/recording_inline.html)."""

    model = Recording
    fields = ["title_shown", "uploaded", "length", "acknowledged"]
    template = "admin/aftercare/recording_inline.html"
    verbose_name_plural = "recordings"
    # Set for each page by get_formset (the admin makes its inline objects afresh per request).
    add_url = add_for = add_note = ""

    def get_formset(self, request, obj=None, **kwargs):
        if obj is not None:
            self.add_link(obj)
        return super().get_formset(request, obj, **kwargs)

    def add_link(self, obj) -> None:
        raise NotImplementedError

    @admin.display(description="title")
    def title_shown(self, obj):
        return str(obj)

    @admin.display(description="uploaded")
    def uploaded(self, obj):
        return when_label(obj.created_at, timezone.get_current_timezone())

    @admin.display(description="length")
    def length(self, obj):
        return length_label(obj.duration_seconds)

    @admin.display(description="she has read the safety note")
    def acknowledged(self, obj):
        return "Yes" if obj.acknowledged_at else "Not yet"


class BookingRecordingInline(RecordingInline):
    fk_name = "booking"

    def add_link(self, obj) -> None:
        if obj.client is None:
            self.add_note = "A recording can be added once the booking has a client."
            return
        self.add_url = recording_add_url(booking=obj)
        self.add_for = client_label(obj.client)


class ClientRecordingInline(RecordingInline):
    fk_name = "client"

    def add_link(self, obj) -> None:
        if obj.is_staff:
            self.add_note = "Recordings are for clients; this is a staff account."
            return
        self.add_url = recording_add_url(client=obj)
        self.add_for = client_label(obj)


booking_page_inlines.append(BookingRecordingInline)
# The client's page: after her bookings (bookings/client_admin.py registers that admin).
if ClientRecordingInline not in ClientUserAdmin.inlines:
    ClientUserAdmin.inlines = [*ClientUserAdmin.inlines, ClientRecordingInline]

# The listening plans' admin (the plan defaults on the Service page, her plans on her page).
from aftercare import plan_admin  # noqa: E402, F401
