from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WorkplaceConfig(AppConfig):
    """The practitioner's workplace inside the admin: dashboard, calendar, block time, the
    booking desk, set-up, the CSV and her private calendar feed. It has no models of its own."""

    name = "workplace"
    verbose_name = "Workplace"

    def ready(self):
        from workplace.roles import _after_migrate

        # After the apps before it have their permissions (INSTALLED_APPS order): the
        # Practitioner group gets every one it should hold.
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="workplace-practitioner")
