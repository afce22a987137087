"""/my/profile/: the client's name, phone, time zone and marketing choice.

Her unbound form is the same on every view until her details change: its markup is cached for
her (practice/fragments.py), and the zone options (their clocks move each minute) and the
CSRF token are put in per view. A form back with errors is rendered fresh.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bookings import timezones
from clients.models import Profile
from practice import forms as practice_forms
from practice.forms import ZoneChoiceForm
from practice.fragments import CSRF_PLACEHOLDER, cached_fragment, fragment_fill, slot_placeholder
from practice.her_pages import kept_for_her
from practice.zones import zone_options_html


class ZoneSelect(practice_forms.ZoneSelect):
    """The zone <select> with a placeholder for its options, for the cached form. Named as
    its parent: crispy gives a field the lowercased name of its widget's class as a class."""

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"]["options_html"] = slot_placeholder("zone_options")
        return context


class ProfileForm(ZoneChoiceForm):
    """Name (kept on the user), phone, time zone and the marketing choice."""

    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)

    class Meta:
        model = Profile
        fields = ["phone", "time_zone", "marketing_opt_in"]
        labels = {"phone": "Phone (optional)", "time_zone": "Your time zone"}
        help_texts = {
            "phone": "Only used if I need to reach you about a session.",
            "time_zone": "Session times are shown in this zone.",
            "marketing_opt_in": "Occasional news from the practice. Off unless you tick it; "
            "e-mails about your bookings come either way.",
        }

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["phone"].widget.attrs |= {"autocomplete": "tel", "inputmode": "tel"}
        self.order_fields(["first_name", "last_name", "phone", "time_zone", "marketing_opt_in"])

    def save(self, commit=True):
        profile = super().save(commit=False)
        self.user.first_name = self.cleaned_data["first_name"].strip()
        self.user.last_name = self.cleaned_data["last_name"].strip()
        if commit:
            self.user.save(update_fields=["first_name", "last_name"])
            profile.save()
        return profile


@kept_for_her()
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    # Her profile came with her user (clients.models.SignedInUserManager).
    instance = getattr(request.user, "profile", None) or Profile(user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=instance, user=request.user)
        if form.is_valid():
            saved = form.save()
            # This visit shows times in the zone just chosen (bookings reads the session first).
            timezones.remember_zone(request, saved.time_zone)
            messages.success(request, "Your details are saved.")
            return redirect("clients:my-account")
        body = render_to_string("client_area/_profile_body.html", {"form": form}, request=request)
    else:
        body = cached_fragment(
            name="profile-form",
            user_id=request.user.pk,
            now=timezone.now(),
            build=lambda: (_unbound_form(request.user, instance), None),
        )
    # The options with her saved zone chosen, as ZoneSelect marks them up (a bound form's
    # select has its own, inline).
    saved = instance.time_zone
    zone_options = zone_options_html(
        "" if saved is None else str(saved),
        at=timezone.now(),
        keep=saved if isinstance(saved, str) else None,
        aliases=False,
    )
    return render(
        request,
        "client_area/profile.html",
        {
            "page_title": "Your details",
            "profile_body": fragment_fill(request, body, zone_options=zone_options),
        },
    )


def _unbound_form(user, instance: Profile) -> str:
    form = ProfileForm(instance=instance, user=user)
    zone = form.fields["time_zone"].widget
    form.fields["time_zone"].widget = ZoneSelect(keep=zone.keep, choices=zone.choices)
    return render_to_string(
        "client_area/_profile_body.html",
        {"form": form, "user": user, "csrf_token": CSRF_PLACEHOLDER},
    )
