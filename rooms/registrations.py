"""What rooms plugs into bookings once Django's apps are loaded (imported by
RoomsConfig.ready()): a room made when a booking is confirmed and deleted when it is cancelled,
the booking page's part about joining, and its system check."""

from bookings import hooks
from rooms import checks  # noqa: F401 (registers itself)
from rooms.panels import join_panel, join_panel_change
from rooms.services import room_create, room_delete

hooks.hook_add(hooks.confirmation_hooks, room_create)
hooks.hook_add(hooks.cancellation_hooks, room_delete)
hooks.hook_add(hooks.booking_page_panels, join_panel)
hooks.hook_add(hooks.booking_page_changes, join_panel_change)
