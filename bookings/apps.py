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
    from bookings.models import (
        Booking,
        CancellationPolicy,
        ExtraAvailability,
        Practitioner,
        Service,
        TimeOff,
        WorkingHours,
    )
    from practice.page_cache import (
        AVAILABILITY,
        CONTENT,
        register_page_change,
        register_page_models,
    )

    register_page_models(CONTENT, Service, CancellationPolicy)
    register_page_models(
        AVAILABILITY,
        Booking,
        WorkingHours,
        TimeOff,
        ExtraAvailability,
        Practitioner,
        Service,
        Service.practitioners.through,
    )
    # A hold frees its time when it runs out, without any save.
    register_page_change(AVAILABILITY, Booking.objects.next_hold_expiry)
