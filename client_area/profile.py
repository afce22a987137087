"""/my/profile/: the client's name, phone, time zone and marketing choice."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from bookings import timezones
from clients.models import Profile
from practice.forms import ZoneChoiceForm


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


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    instance = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        # This visit shows times in the zone just chosen (bookings reads the session first).
        timezones.remember_zone(request, saved.time_zone)
        messages.success(request, "Your details are saved.")
        return redirect("clients:my-account")
    return render(request, "client_area/profile.html", {"form": form, "page_title": "Your details"})
