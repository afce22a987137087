from django import forms
from django.utils import timezone

from practice.zones import zone_choices, zone_options_html


class ZoneSelect(forms.Select):
    """A <select> of zones whose options come marked up from practice.zones (cached a minute),
    not rendered one by one through the widget's templates: some 400 options made up most of
    a profile page's time. The choices stay on the widget for validation and for anything that
    reads them."""

    template_name = "practice/widgets/zone_select.html"

    def __init__(self, *, keep: str | None, **kwargs):
        self.keep = keep
        super().__init__(**kwargs)

    def get_context(self, name, value, attrs):
        # forms.Widget's context (name, attrs), without Select's option dictionaries.
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = self.format_value(value)
        context["widget"]["options_html"] = zone_options_html(
            chosen[0] if chosen else None, at=timezone.now(), keep=self.keep, aliases=False
        )
        return context


class ZoneChoiceForm(forms.ModelForm):
    """A model form whose `time_zone` is picked from zones named for people, not typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "time_zone" in self.fields:
            saved = self.initial.get("time_zone")
            keep = saved if isinstance(saved, str) else None
            self.fields["time_zone"].widget = ZoneSelect(
                keep=keep, choices=zone_choices(at=timezone.now(), keep=keep)
            )
