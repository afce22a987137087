from django.apps import AppConfig


class PackagesConfig(AppConfig):
    name = "packages"
    verbose_name = "Packages"

    def ready(self):
        # The one import inside a function in this app: models may only be imported once the
        # apps are loaded, and registrations.py is what this app plugs into the layers below.
        from packages import registrations  # noqa: F401
