from django.apps import AppConfig


class WorkplaceConfig(AppConfig):
    """The practitioner's workplace inside the admin: dashboard, calendar, block time, the
    booking desk, the CSV and her private calendar feed. It has no models of its own."""

    name = "workplace"
    verbose_name = "Workplace"
