"""/my/screening/ keeps her rendered questions, filled in with her earlier answers, in the cache
encrypted with the field keys: a view served from it renders no form and opens no answer, and
the cache never holds one of her answers as plain text."""

import pytest
from cryptography.fernet import Fernet

from clients.fields import decrypt_text
from tests.cache_reads import note_sets

pytestmark = pytest.mark.django_db

FIELDS = "clients/_screening_fields.html"
DETAILS = "Bipolar II, stable since 2019"


@pytest.fixture
def kept(monkeypatch):
    """What the screening page stores in the cache, by key (the cache still stores it)."""
    return note_sets(monkeypatch, "fragments:v2:screening-fields:")


def rendered(response) -> list[str]:
    return [template.name for template in response.templates]


def test_the_cache_holds_her_answers_only_encrypted(signed_in, client_user, screen, kept):
    screen(client_user, psychosis="yes", psychosis_details=DETAILS)

    html = signed_in.get("/my/screening/").content.decode()

    ((sealed, _until),) = kept.values()
    assert DETAILS in html
    for plain in (DETAILS, "Priya", "psychosis"):
        assert plain not in sealed
    assert DETAILS in decrypt_text(sealed)


def test_a_second_view_renders_no_form_and_shows_the_same_answers(
    signed_in, client_user, screen, django_assert_num_queries
):
    screen(client_user, psychosis="yes", psychosis_details=DETAILS)
    first = signed_in.get("/my/screening/")

    # Kept whole (encrypted) for her: not even her user's row.
    with django_assert_num_queries(0):
        second = signed_in.get("/my/screening/")

    assert FIELDS in rendered(first)
    assert FIELDS not in rendered(second)
    assert DETAILS in second.content.decode()
    assert second.content.decode().count('type="checkbox"') == first.content.decode().count(
        'type="checkbox"'
    )


def test_new_answers_show_at_once(signed_in, client_user, screen):
    screen(client_user, other_medication="Cetirizine for hay fever")
    signed_in.get("/my/screening/")

    screen(client_user, other_medication="Loratadine since March")

    html = signed_in.get("/my/screening/").content.decode()
    assert "Loratadine since March" in html
    assert "Cetirizine" not in html


def test_another_client_never_sees_her_answers(
    client, client_user, other_client, screen
):  # fmt: skip
    screen(client_user, psychosis="yes", psychosis_details=DETAILS)
    client.force_login(client_user)
    client.get("/my/screening/")

    client.force_login(other_client)
    html = client.get("/my/screening/").content.decode()

    assert DETAILS not in html
    assert "Priya" not in html


def test_a_copy_under_a_key_since_removed_is_rendered_again(
    settings, signed_in, client_user, screen
):  # fmt: skip
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    screen(client_user, psychosis="yes", psychosis_details=DETAILS)  # her row: the new key
    settings.FIELD_ENCRYPTION_KEYS = [old, new]
    signed_in.get("/my/screening/")  # her copy in the cache: the old key
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key dropped

    response = signed_in.get("/my/screening/")

    assert response.status_code == 200
    assert FIELDS in rendered(response)
    assert DETAILS in response.content.decode()


def test_the_invitation_to_a_discovery_call_is_kept_and_follows_the_service_at_once(
    signed_in, make_service, django_assert_num_queries
):
    call = make_service("discovery-call", name="Discovery call", price_amount=0)
    assert call.booking_url in signed_in.get("/my/screening/").content.decode()
    with django_assert_num_queries(0):
        assert call.booking_url in signed_in.get("/my/screening/").content.decode()

    call.active = False
    call.save()

    assert "book a free discovery call" not in signed_in.get("/my/screening/").content.decode()
