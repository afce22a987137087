"""Input no real visitor sends is refused with a 400 and changes nothing, on both databases.

PostgreSQL cannot hold a NUL character in text: wherever one reached a query, the visitor got a
500. These run in the SQLite pass and in the PostgreSQL pass.
"""

import pytest

from bookings.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(make_booking, client_user, free_service):
    return make_booking(client=client_user, service=free_service, status="held")


def test_a_nul_in_the_address_is_refused(client, practice_details):
    assert client.get("/calendar/%00.ics").status_code == 400


def test_a_nul_in_a_query_parameter_is_refused(signed_in, booking):
    response = signed_in.get(f"/bookings/{booking.reference}/", {"session_id": "cs_\x00"})

    assert response.status_code == 400


def test_a_nul_in_a_form_is_refused_and_changes_nothing(signed_in, booking):
    response = signed_in.post(f"/bookings/{booking.reference}/cancel/", {"reason": "ill\x00"})

    booking.refresh_from_db()
    assert response.status_code == 400
    assert booking.status == Booking.Status.HELD


def test_a_session_cookie_holding_a_nul_is_ignored(client, practice_details):
    # Django's cookie parser decodes the octal escape \000 into a NUL.
    response = client.get("/my/", HTTP_COOKIE='sessionid="\\000abcdefghijklmnop"')

    assert response.status_code == 302  # to sign in, as for anyone without a session
    assert response["Location"].startswith("/accounts/login/")
