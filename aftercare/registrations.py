"""What aftercare plugs into the layers below once Django's apps are loaded (imported by
AftercareConfig.ready()). Each part registers in its own function."""

from aftercare.panels import booking_recordings_panel
from bookings import hooks


def register_listening_plan() -> None:
    """The listening plan's part: her recordings on the booking page of their session."""
    hooks.hook_add(hooks.booking_page_panels, booking_recordings_panel)


register_listening_plan()
