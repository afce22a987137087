"""The admin's date-times in the practitioner's zone (being replaced by the middleware)."""

from django.template.response import TemplateResponse
from django.utils import timezone

from workplace.dashboard import practice_zone, practitioners_for


class PractitionerZoneMixin:
    """Show and read the admin's date-times in the practitioner's zone, not UTC.

    The project's TIME_ZONE is UTC (everything is stored in UTC); the practitioner thinks in
    her own clocks, so her admin pages render, and their forms parse, in her zone. The response
    is rendered inside the override (a TemplateResponse would otherwise render after it).
    """

    def _in_practitioner_zone(self, request, view, *args, **kwargs):
        _, practitioner = practitioners_for(request.user)
        with timezone.override(practice_zone(practitioner)):
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
        return response

    def changelist_view(self, request, extra_context=None):
        return self._in_practitioner_zone(
            request, super().changelist_view, extra_context=extra_context
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._in_practitioner_zone(
            request, super().changeform_view, object_id, form_url, extra_context
        )
