"""What bookings plugs into the layers below once Django's apps are loaded (imported by
BookingsConfig.ready()).

- clients: the flag a screening sets on her sessions (booking_steps) and bookings' part of the
  data export and erasure (privacy) register themselves when imported;
- allauth: a new account starts in the zone its owner was seeing times in;
- the page cache: which of our models change the public pages, and when a slot page changes
  by itself (a hold running out).
"""

from bookings import booking_steps, models, privacy, timezones  # noqa: F401 (self-registering)
from practice.page_cache import AVAILABILITY, CONTENT, register_page_change, register_page_models

timezones.connect_signals()
register_page_models(CONTENT, models.Service, models.CancellationPolicy)
register_page_models(
    AVAILABILITY,
    *(models.Booking, models.WorkingHours, models.TimeOff, models.ExtraAvailability),
    *(models.Practitioner, models.Service, models.Service.practitioners.through),
)
register_page_change(AVAILABILITY, models.Booking.objects.next_hold_expiry)
