from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "aftercare"
    verbose_name = "After the session"

    def ready(self):
        # The one import inside a function in this app: models may only be imported once the
        # apps are loaded, and registrations.py is what this app plugs into the layers below.
        from aftercare import registrations  # noqa: F401
