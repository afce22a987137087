"""The practitioner's side in the admin: "How clients join sessions" (a Jitsi server, or her
own link per service), and a new room for a booking from its page or the booking list."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from rooms.models import Room, RoomSettings, ServiceRoomLink

pytestmark = pytest.mark.django_db

SETTINGS_ADD = "/admin/rooms/roomsettings/add/"


def form(provider="jitsi", server="", links=()):
    data = {
        "provider": provider,
        "jitsi_base_url": server,
        "service_links-TOTAL_FORMS": str(len(links)),
        "service_links-INITIAL_FORMS": "0",
        "service_links-MIN_NUM_FORMS": "0",
        "service_links-MAX_NUM_FORMS": "1000",
    }
    for number, (service, url) in enumerate(links):
        data[f"service_links-{number}-service"] = str(service.pk)
        data[f"service_links-{number}-url"] = url
    return data


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


def test_her_settings_page_names_the_choices_and_the_sites_default_server(desk, video_server):
    page = text(desk.get(SETTINGS_ADD))

    assert "How clients join" in page
    assert "Jitsi: a new private room for each booking" in page
    assert "My own meeting link for each service" in page
    assert video_server in page  # the site's default, named where she may change it


def test_she_chooses_her_own_jitsi_server(desk):
    response = desk.post(SETTINGS_ADD, form(server="https://jitsi.quietharbour.example/"))

    assert response.status_code == 302
    assert RoomSettings.load().base_url == "https://jitsi.quietharbour.example"


def test_she_chooses_her_own_link_for_a_service(desk, service):
    response = desk.post(
        SETTINGS_ADD, form("own_link", links=[(service, "https://zoom.example/j/42?pwd=calm")])
    )

    assert response.status_code == 302
    settings = RoomSettings.load()
    assert settings.provider == RoomSettings.Provider.OWN_LINK
    assert ServiceRoomLink.objects.get(service=service).url == "https://zoom.example/j/42?pwd=calm"


@pytest.mark.parametrize(
    ("server", "message"),
    [
        ("http://jitsi.quietharbour.example", "Please enter an address that starts with https://."),
        ("https://meet.jit.si/?room=x", "without anything after a ? or #"),
        ("not a web address", "Enter a valid URL."),
    ],
)
def test_a_server_address_that_will_not_do_is_refused_with_a_clear_message(desk, server, message):
    response = desk.post(SETTINGS_ADD, form(server=server))

    assert response.status_code == 200
    assert message in text(response)
    assert not RoomSettings.objects.exists()


def test_an_insecure_own_link_is_refused(desk, service):
    response = desk.post(
        SETTINGS_ADD, form("own_link", links=[(service, "http://zoom.example/j/42")])
    )

    assert response.status_code == 200
    assert "Please enter an address that starts with https://." in text(response)
    assert not ServiceRoomLink.objects.exists()


def test_there_is_one_settings_row(desk):
    RoomSettings.objects.create()

    assert desk.get(SETTINGS_ADD).status_code == 403


# A new room for a booking ----------------------------------------------------------------


def test_the_new_room_button_on_a_bookings_page_renames_its_room(
    desk, make_booking, client_user, service
):
    booking = make_booking(client=client_user, service=service)
    old = booking.room.name

    response = desk.post(
        reverse("admin:bookings_booking_quick_action", args=[booking.pk]),
        {"do": "new_room"},
        follow=True,
    )

    assert Room.objects.get(booking=booking).name != old
    assert "This session has a new private room." in text(response)


def test_the_booking_lists_action_gives_each_confirmed_booking_a_new_room(
    desk, make_booking, client_user, other_client, service
):
    first = make_booking(client=client_user, service=service)
    second = make_booking(
        client=other_client, service=service, start=first.start + timedelta(hours=2)
    )
    hold = make_booking(
        client=client_user, service=service, start=first.start + timedelta(hours=4), status="held"
    )
    before = {first.pk: first.room.name, second.pk: second.room.name}

    response = desk.post(
        reverse("admin:bookings_booking_changelist"),
        {"action": "give_new_room", "_selected_action": [first.pk, second.pk, hold.pk]},
        follow=True,
    )

    # As sent (the admin's template capitalises a message's first letter, a reference's too).
    said = [str(message) for message in response.context["messages"]]
    assert said == [
        f"{hold.reference}: Only a confirmed booking has a session room.",
        "2 booking(s) given a new session room.",
    ]
    for pk, old in before.items():
        assert Room.objects.get(booking_id=pk).name != old
    assert not Room.objects.filter(booking=hold).exists()
