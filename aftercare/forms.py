"""The forms of her recording page and of a check-in: each checks what she sent and says what
is wrong in words; the domain functions (plans, safety, check_ins) then do the work."""

from django import forms

from aftercare.check_ins import LONGEST_MESSAGE, Feeling
from practice.zones import is_valid_zone


class AcknowledgeForm(forms.Form):
    understood = forms.BooleanField(
        label="I have read these notes and will listen safely",
        error_messages={"required": "Please tick the box to say you have read the notes."},
    )


class ListenTimeForm(forms.Form):
    """Her reminder's time of day and her zone (the zone picked from the page's list)."""

    listen_at = forms.TimeField(
        label="Reminder time",
        widget=forms.TimeInput(attrs={"type": "time", "step": 60}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={
            "required": "Please give a time of day such as 08:00.",
            "invalid": "Please give a time of day such as 08:00 or 19:30.",
        },
    )
    time_zone = forms.CharField(label="Time zone", max_length=64)

    @property
    def listen_at_shown(self) -> str:
        """The time the form shows, as HH:MM; "" for one that is not a time of day (a valid
        <input type=time> value either way)."""
        field = self["listen_at"]
        try:
            value = field.field.to_python(field.value())
        except forms.ValidationError:
            return ""
        return value.strftime("%H:%M") if value else ""

    def clean_time_zone(self):
        zone = self.cleaned_data["time_zone"]
        if not is_valid_zone(zone):
            raise forms.ValidationError("Please choose your time zone from the list.")
        return zone


class CheckInForm(forms.Form):
    feeling = forms.TypedChoiceField(
        label="How has it been going?",
        choices=Feeling.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose one of the five answers."},
    )
    message = forms.CharField(
        label="Anything you would like to add? (optional)",
        required=False,
        max_length=LONGEST_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
