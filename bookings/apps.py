from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self):
        # booking_steps and privacy are imported for what they register with clients: the flag
        # a screening sets on her sessions; bookings' part of the data export and erasure.
        from bookings import booking_steps, privacy, timezones  # noqa: F401

        timezones.connect_signals()
        _register_page_models()


def _register_page_models() -> None:
    """Which of our models change the public pages, and when a slot page changes by itself."""
    from bookings import models
    from practice.page_cache import (
        AVAILABILITY,
        CONTENT,
        register_page_change,
        register_page_models,
    )

    register_page_models(CONTENT, models.Service, models.CancellationPolicy)
    register_page_models(
        AVAILABILITY,
        models.Booking,
        models.WorkingHours,
        models.TimeOff,
        models.ExtraAvailability,
        models.Practitioner,
        models.Service,
        models.Service.practitioners.through,
    )
    # A hold frees its time when it runs out, without any save.
    register_page_change(AVAILABILITY, models.Booking.objects.next_hold_expiry)
