from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "rooms"
    verbose_name = "Session rooms"

    def ready(self):
        # The one import inside a function in this app: models may only be imported once the
        # apps are loaded, and registrations.py is what this app plugs into the layers below.
        from rooms import registrations  # noqa: F401
