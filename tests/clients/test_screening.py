import json
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from clients.models import AccessLog, Screening
from clients.screening import valid_screening
from practice.dates import add_months

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def _raw_answers(screening) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM clients_screening WHERE id = %s", [screening.pk])
        return cursor.fetchone()[0]


def test_answers_are_ciphertext_in_the_database(client_user, screen, answers):
    screening = screen(client_user, seizures="yes")

    raw = _raw_answers(screening)

    assert raw.startswith("gAAAAA")  # a Fernet token, version byte 0x80
    for secret in ("Priya", "Zanzibar", "7700", "Harrogate", "Cetirizine", "seizures", "yes"):
        assert secret not in raw
    assert (
        Screening.objects.get(pk=screening.pk).answers["emergency_contact_name"]
        == (answers["emergency_contact_name"])
    )


def test_rotating_keys_keeps_old_answers_readable(settings, client_user, screen):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    screening = screen(client_user)
    written_with_b = _raw_answers(screening)

    settings.FIELD_ENCRYPTION_KEYS = [KEY_A, KEY_B]
    assert Screening.objects.get(pk=screening.pk).answers["session_location"].startswith("At home")
    call_command("rotate_screening_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115

    rotated = _raw_answers(screening)
    assert rotated != written_with_b
    assert json.loads(Fernet(KEY_A).decrypt(rotated.encode()))["pregnancy"] == "no"
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    assert Screening.objects.get(pk=screening.pk).answers["session_location"].startswith("At home")


def test_rotating_keys_re_encrypts_every_encrypted_answer_not_only_screenings(
    settings, client_user, screen, now
):  # fmt: skip
    from aftercare.models import CheckIn
    from tests.aftercare.plan_fixtures import plan_make, recording_make

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    screen(client_user)
    plan = plan_make(recording_make(client=client_user), starts_on=now.date())
    answered = CheckIn.objects.create(
        plan=plan, day_number=1, sent_at=now, answer={"feeling": 4, "message": "Calmer"}
    )
    unanswered = CheckIn.objects.create(plan=plan, day_number=2, sent_at=now)

    settings.FIELD_ENCRYPTION_KEYS = [KEY_A, KEY_B]
    call_command("rotate_screening_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]  # the old key dropped

    assert Screening.objects.get().answers["pregnancy"] == "no"
    assert CheckIn.objects.get(pk=answered.pk).answer["message"] == "Calmer"
    assert CheckIn.objects.get(pk=unanswered.pk).answer is None


def test_without_the_key_the_answers_cannot_be_read(settings, client_user, screen):
    from django.core.exceptions import ImproperlyConfigured

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    screening = screen(client_user)

    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    with pytest.raises(ImproperlyConfigured, match="could not be read"):
        Screening.objects.get(pk=screening.pk)


def test_answers_never_show_in_repr_or_str(client_user, screen):
    screening = screen(client_user, pregnancy="yes")

    shown = f"{screening!r} {screening} {screening.answers!r} {screening.answers}"

    assert "Priya" not in shown
    assert "pregnancy" not in shown
    assert "<sealed>" in shown


def test_the_encrypted_field_cannot_be_searched(client_user, screen):
    screen(client_user)

    with pytest.raises(Exception, match="Unsupported lookup"):
        list(Screening.objects.filter(answers__icontains="Priya"))


@pytest.mark.parametrize(
    "question",
    [
        "seizures",
        "psychosis",
        "psychiatric_care",
        "medication_change",
        "heart_condition",
        "pregnancy",
        "substance_dependence",
    ],
)
def test_any_yes_means_a_conversation(client_user, screen, question):
    assert screen(client_user, **{question: "yes"}).needs_conversation is True


def test_all_no_needs_no_conversation(client_user, screen):
    assert screen(client_user).needs_conversation is False


def test_a_yes_flags_the_clients_upcoming_screened_bookings_for_the_practitioner(
    client_user, other_client, screen, screened_service, free_service, make_booking
):
    mine = make_booking(client=client_user, service=screened_service, status="held")
    unscreened = make_booking(
        client=client_user, service=free_service, start=mine.end, status="held"
    )
    theirs = make_booking(
        client=other_client, service=screened_service, start=unscreened.end, status="held"
    )

    screen(client_user, heart_condition="yes")

    for booking in (mine, unscreened, theirs):
        booking.refresh_from_db()
    assert mine.needs_conversation is True
    assert unscreened.needs_conversation is False
    assert theirs.needs_conversation is False


def test_answers_are_valid_for_twelve_months_then_asked_again(client_user, screen, now):
    screening = screen(client_user, at=now - timedelta(days=10))

    assert screening.valid_until == add_months(now - timedelta(days=10), 12)
    assert valid_screening(user=client_user, at=now) == screening
    assert valid_screening(user=client_user, at=screening.valid_until) is None


def test_answering_again_replaces_the_answers(client_user, screen, now):
    screen(client_user, at=now - timedelta(days=400), pregnancy="yes")
    screen(client_user, at=now)

    screening = Screening.objects.get(user=client_user)
    assert screening.answers["pregnancy"] == "no"
    assert screening.needs_conversation is False


class TestAdmin:
    def test_each_staff_view_of_a_screening_adds_an_access_log_row(
        self, client, staff_user, client_user, screen
    ):
        screening = screen(client_user)
        client.force_login(staff_user)

        first = client.get(f"/admin/clients/screening/{screening.pk}/change/")
        client.get(f"/admin/clients/screening/{screening.pk}/change/")

        assert "Priya Zanzibar-Holloway" in first.content.decode()
        rows = AccessLog.objects.all()
        assert rows.count() == 2
        assert {(r.staff, r.client, r.action) for r in rows} == {
            (staff_user, client_user, AccessLog.Action.VIEWED_SCREENING)
        }
        assert rows.first().object_reference == f"screening:{screening.pk}"

    def test_the_screening_list_shows_no_answers_and_logs_nothing(
        self, client, staff_user, client_user, screen
    ):
        screen(client_user, seizures="yes")
        client.force_login(staff_user)

        html = client.get("/admin/clients/screening/").content.decode()

        assert "Maya Jones" in html
        assert "Priya" not in html
        assert not AccessLog.objects.exists()

    def test_staff_without_permission_cannot_view_screenings(
        self, client, make_user, client_user, screen
    ):
        screening = screen(client_user)
        assistant = make_user("assistant@example.com", is_staff=True)
        client.force_login(assistant)

        response = client.get(f"/admin/clients/screening/{screening.pk}/change/")

        assert response.status_code == 403
        assert not AccessLog.objects.exists()

    def test_superusers_read_the_access_log_but_nobody_changes_it(
        self, client, staff_user, client_user, screen
    ):
        screening = screen(client_user)
        client.force_login(staff_user)
        client.get(f"/admin/clients/screening/{screening.pk}/change/")
        entry = AccessLog.objects.get()

        listing = client.get("/admin/clients/accesslog/")
        add = client.get("/admin/clients/accesslog/add/")
        change = client.post(f"/admin/clients/accesslog/{entry.pk}/change/", {"action": "x"})
        delete = client.post(f"/admin/clients/accesslog/{entry.pk}/delete/", {"post": "yes"})

        assert listing.status_code == 200
        assert "Viewed screening answers" in listing.content.decode()
        assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
        assert AccessLog.objects.get() == entry

    def test_staff_who_are_not_superusers_cannot_read_the_access_log(self, client, make_user):
        from django.contrib.auth.models import Permission

        assistant = make_user("assistant@example.com", is_staff=True)
        assistant.user_permissions.add(Permission.objects.get(codename="view_accesslog"))
        client.force_login(assistant)

        assert client.get("/admin/clients/accesslog/").status_code == 403


def test_text_encrypted_under_a_key_since_removed_reads_as_missing(settings):
    from clients.fields import decrypt_text, encrypt_text

    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    token = encrypt_text("I slept through the night")
    assert "slept" not in token
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert decrypt_text(token) == "I slept through the night"

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]

    assert decrypt_text(token) is None
    assert decrypt_text("not a token at all é") is None
