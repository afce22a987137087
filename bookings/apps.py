from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self):
        from bookings import checks, payments  # noqa: F401 (checks registers the system checks)

        payments.install_log_filter()
