"""clients runs every app's part of the client's data rights: the export sections and erasure
steps registered with it (tests/client_area/test_data_rights.py covers the whole, with
bookings' and payments' parts, through the client's pages)."""

import pytest

from clients import privacy, screening
from practice.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def registries(monkeypatch):
    """The registries as the installed apps filled them; what a test adds is gone after it."""
    monkeypatch.setattr(privacy, "ERASURE_STEPS", list(privacy.ERASURE_STEPS))
    monkeypatch.setattr(privacy, "EXPORT_SECTIONS", dict(privacy.EXPORT_SECTIONS))
    monkeypatch.setattr(screening, "CONVERSATION_NEEDED", list(screening.CONVERSATION_NEEDED))


def test_every_registered_export_section_is_in_the_export(registries, client_user, now):
    @privacy.export_section("reading_list")
    def reading_list(user):
        return [f"Notes for {user.email}"]

    data = privacy.client_data_export(user=client_user, now=now)

    assert data["reading_list"] == [f"Notes for {client_user.email}"]
    assert data["account"]["email"] == client_user.email


def test_every_registered_erasure_step_runs_first_and_tells_the_client_in_the_confirmation(
    registries, client_user, now
):
    address = client_user.email
    seen = []

    @privacy.erasure_step
    def reading_list_erase(*, user, now):
        seen.append((user.email, user.is_active, now))
        return "\nYour reading list was deleted too.\n"

    erased = privacy.account_erase(user=client_user, now=now)

    assert seen == [(address, True, now)]
    assert erased.email.endswith("@erased.invalid")
    confirmation = OutgoingEmail.objects.get(to=address)
    assert confirmation.subject == "Your account has been deleted"
    assert "identifies you.\n\nYour reading list was deleted too.\n\nIf you did not ask" in (
        confirmation.body_text
    )


def test_a_screening_that_calls_for_a_conversation_tells_every_registered_app(
    registries, client_user, other_client, screen, now
):
    told = []

    @screening.on_conversation_needed
    def flag_listening_plan(*, user, now):
        told.append((user, now))

    screen(other_client)
    screen(client_user, at=now, pregnancy="yes")

    assert told == [(client_user, now)]
