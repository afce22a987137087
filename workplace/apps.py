from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class WorkplaceConfig(AppConfig):
    """The practitioner's workplace inside the admin: dashboard, calendar, block time, the
    booking desk, set-up, the CSV and her private calendar feed. It has no models of its own."""

    name = "workplace"
    verbose_name = "Workplace"

    def ready(self):
        from workplace import registrations  # noqa: F401
        from workplace.roles import _after_migrate

        # Django sends post_migrate only for apps with models, each after the one before it has
        # its permissions: after the last one's, every permission the Practitioner group holds
        # exists.
        last = [config for config in apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(_after_migrate, sender=last, dispatch_uid="workplace-practitioner")
