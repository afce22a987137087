"""What the client area plugs into bookings once Django's apps are loaded (imported by
ClientAreaConfig.ready()): the "Before your session" part of the booking page."""

from bookings import hooks
from client_area.before_session import before_session_panel

hooks.hook_add(hooks.booking_page_panels, before_session_panel)
