from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self):
        from bookings import checks, payments, timezones  # noqa: F401 (checks: system checks)

        payments.install_log_filter()
        timezones.connect_signals()
