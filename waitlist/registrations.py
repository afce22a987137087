"""What waitlist plugs into the layers below once Django's apps are loaded (imported by
WaitlistConfig.ready())."""

from bookings import hooks
from practice.fragments import register_fragment_owner
from waitlist import privacy  # noqa: F401 (registers its export section and erasure step)
from waitlist.models import Entry, Offer
from waitlist.offers import offer_booked
from waitlist.panels import booking_offer_panel, slot_page_panel
from waitlist.tasks import look_after_cancellation

# Joining: under a service's times.
hooks.hook_add(hooks.slot_page_panels, slot_page_panel)
# An offered time: on her booking page while it is held; booked, it ends her wait.
hooks.hook_add(hooks.booking_page_panels, booking_offer_panel)
hooks.hook_add(hooks.confirmation_hooks, offer_booked)
# A cancellation frees a time: look at once rather than within the minute.
hooks.hook_add(hooks.cancellation_hooks, look_after_cancellation)
# Her cached fragments (practice/fragments.py) show her waitlist and the times offered to her.
register_fragment_owner(Entry, "client_id")
register_fragment_owner(Offer, "entry.client_id")
