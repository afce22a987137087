"""Pages about one person are never stored: after signing out on a shared device, the back
button must not bring them back."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def booking(make_booking, client_user, free_service):
    return make_booking(client=client_user, service=free_service, status="held")


@pytest.mark.parametrize(
    "path",
    [
        "/my/",
        "/my/profile/",
        "/my/consents/",
        "/bookings/{reference}/",
        "/bookings/{reference}/cancel/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/",  # her own navigation, even on a public page
    ],
)
def test_a_signed_in_clients_pages_are_private_and_never_stored(
    signed_in, booking, practice_details, path
):
    response = signed_in.get(path.format(reference=booking.reference))

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_the_sign_in_page_is_not_stored_either(client, practice_details):
    assert {"private", "no-store"} <= directives(client.get("/accounts/login/"))


def test_public_pages_for_readers_stay_cacheable(client, practice_details):
    response = client.get("/blog/")

    assert response.status_code == 200
    assert "no-store" not in directives(response)
