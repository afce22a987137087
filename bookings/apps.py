from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self):
        # Imported for what they register: checks, system checks; booking_steps, the flag a
        # screening sets on her sessions; privacy, bookings' part of export and erasure.
        from bookings import booking_steps, checks, payments, privacy, timezones  # noqa: F401

        payments.install_log_filter()
        timezones.connect_signals()
