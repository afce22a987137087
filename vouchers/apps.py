from django.apps import AppConfig


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = "Gift vouchers"

    def ready(self):
        # The one import inside a function in this app: models may only be imported once the
        # apps are loaded, and registrations.py is what this app plugs into the layers below.
        from vouchers import registrations  # noqa: F401
