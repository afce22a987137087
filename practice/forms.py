from django import forms
from django.utils import timezone

from practice.zones import zone_choices


class ZoneChoiceForm(forms.ModelForm):
    """A model form whose `time_zone` is picked from zones named for people, not typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "time_zone" in self.fields:
            saved = self.initial.get("time_zone")
            self.fields["time_zone"].widget = forms.Select(
                choices=zone_choices(
                    at=timezone.now(), keep=saved if isinstance(saved, str) else None
                )
            )
