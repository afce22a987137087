from django.apps import AppConfig


class WaitlistConfig(AppConfig):
    name = "waitlist"
    verbose_name = "Waitlist"

    def ready(self):
        # The one import inside a function in this app: models may only be imported once the
        # apps are loaded, and registrations.py is what this app plugs into the layers below.
        from waitlist import registrations  # noqa: F401
