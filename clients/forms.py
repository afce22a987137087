from django import forms
from django.urls import reverse
from django.utils.html import format_html

from bookings.timezones import common_zones, is_valid_zone, zone_label
from clients.models import PolicyVersion, Profile, phone_validator
from clients.screening import DETAIL_LABELS, NO, QUESTIONS, YES


class ProfileForm(forms.ModelForm):
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
        zones = common_zones()
        current = self.instance.time_zone
        if is_valid_zone(current) and current not in zones:
            zones = sorted([*zones, current])
        self.fields["time_zone"].widget = forms.Select(
            choices=[(zone, zone_label(zone)) for zone in zones]
        )
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


class ConsentForm(forms.Form):
    """One unticked, required checkbox per policy version, each linking its full text."""

    def __init__(self, *args, versions: list[PolicyVersion], return_to: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = versions
        for version in versions:
            url = reverse("clients:policy-detail", kwargs={"slug": version.document.kind})
            if return_to:
                url = f"{url}?from={return_to}"
            self.fields[self.field_name(version)] = forms.BooleanField(
                required=True,
                label=format_html(
                    'I have read and accept the <a href="{}">{}</a> (version {})',
                    url,
                    version.title,
                    version.number,
                ),
                help_text=version.summary,
                error_messages={"required": f"Please tick this box to accept the {version.title}."},
            )

    @staticmethod
    def field_name(version: PolicyVersion) -> str:
        # The number is part of the name: a tick given to version 1 never counts for version 2.
        return f"accept_{version.document.kind}_{version.number}"

    def rows(self):
        """(version, bound field) pairs for the template."""
        return [(version, self[self.field_name(version)]) for version in self.versions]


YES_NO = [(YES, "Yes"), (NO, "No")]


class ScreeningForm(forms.Form):
    """The suitability questions. Its data is health data: see clients/screening.py."""

    other_medication = forms.CharField(
        label=DETAIL_LABELS["other_medication"],
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Any medicines you take regularly, including ones not for mental health. "
        "Leave empty if none.",
    )
    emergency_contact_name = forms.CharField(
        label=DETAIL_LABELS["emergency_contact_name"],
        max_length=150,
        help_text="Someone I may contact only if I believe you are at serious risk.",
    )
    emergency_contact_phone = forms.CharField(
        label=DETAIL_LABELS["emergency_contact_phone"],
        max_length=30,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    session_location = forms.CharField(
        label=DETAIL_LABELS["session_location"],
        max_length=300,
        help_text="For example “at home in Leeds” — a private room where you will not be "
        "interrupted. I ask so I know where help would need to go in an emergency.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {
            question.key: forms.ChoiceField(
                label=question.text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                help_text=question.why,
                error_messages={"required": "Please answer yes or no."},
            )
            for question in QUESTIONS
        }
        self.fields = {**questions, **self.fields}

    def question_fields(self):
        return [self[question.key] for question in QUESTIONS]

    def detail_fields(self):
        return [self[key] for key in DETAIL_LABELS]


class DeleteAccountForm(forms.Form):
    understood = forms.BooleanField(
        required=True,
        label="I understand that my account and my personal and health data will be erased, "
        "and that this cannot be undone.",
        error_messages={"required": "Please tick the box to confirm."},
    )
