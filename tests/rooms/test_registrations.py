"""What rooms plugs into bookings, once however often Django loads the apps."""

from django.apps import apps

from bookings import hooks
from rooms.panels import join_panel
from rooms.services import room_create, room_delete


def test_rooms_registers_its_hooks_once():
    apps.get_app_config("rooms").ready()  # as a second load would

    assert hooks.confirmation_hooks.count(room_create) == 1
    assert hooks.cancellation_hooks.count(room_delete) == 1
    assert hooks.booking_page_panels.count(join_panel) == 1
