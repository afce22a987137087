from django import forms
from django.urls import reverse
from django.utils.html import format_html

from clients.models import PolicyVersion


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
