import json
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import mail
from django.core.management import call_command
from django.db import models

from bookings.models import Booking
from clients.fields import EncryptedJSONField
from clients.models import AccessLog, ConsentRecord, Profile, Screening, User
from payments.models import Payment

pytestmark = pytest.mark.django_db

OTTOLINE = {
    "email": "ottoline.f@example.com",
    "first_name": "Ottoline",
    "last_name": "Featherstonehaugh",
}
OTTOLINE_PHONE = "+44 7700 900456"


@pytest.fixture
def ottoline(make_user):
    user = make_user(**OTTOLINE)
    Profile.objects.create(user=user, phone=OTTOLINE_PHONE, time_zone="Asia/Tokyo")
    return user


@pytest.fixture
def history(
    ottoline, other_client, accept_all, screen, make_booking, make_payment, paid_service, now
):
    """Ottoline and Sam each have a profile, bookings, consents and a screening."""
    Profile.objects.create(user=other_client, phone="+1 555 0100 777", time_zone="America/Denver")
    mine = {
        "past": make_booking(
            client=ottoline,
            service=paid_service,
            start=now - timedelta(days=20),
            status="completed",
            confirmed_at=now - timedelta(days=25),
        ),
        "upcoming": make_booking(
            client=ottoline,
            service=paid_service,
            start=now + timedelta(days=9),
            status="confirmed",
            cancellation_reason="",
        ),
    }
    theirs = make_booking(
        client=other_client, service=paid_service, start=now + timedelta(days=12), status="held"
    )
    paid_at = now - timedelta(days=25)
    make_payment(mine["past"], paid_at=paid_at, checkout_session_id="cs_test_a1b2")
    make_payment(theirs, paid_at=paid_at, checkout_session_id="cs_test_c3d4")
    accept_all(ottoline, booking=mine["upcoming"], at=now - timedelta(days=25))
    accept_all(other_client, booking=theirs)
    screen(ottoline, heart_condition="yes", emergency_contact_name="Barnaby Featherstonehaugh")
    screen(other_client, emergency_contact_name="Quentin Oddfellow", session_location="Boulder")
    return {"mine": mine, "theirs": theirs}


def _models_holding(text: str) -> list[str]:
    """Every model with a text or JSON column containing `text` (case-insensitive)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not isinstance(f, EncryptedJSONField)
        ]
        query = models.Q()
        for column in columns:
            query |= models.Q(**{f"{column}__icontains": text})
        if columns and model._default_manager.filter(query).exists():
            found.append(model._meta.label)
    return found


class TestExport:
    def test_the_export_holds_everything_of_the_client_and_nothing_of_anyone_else(
        self, client, ottoline, other_client, history
    ):
        client.force_login(ottoline)

        response = client.get("/my/export/")

        assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
        assert response["Content-Type"].startswith("application/json")
        text = response.content.decode()
        data = json.loads(text)
        assert data["account"]["email"] == OTTOLINE["email"]
        assert data["account"]["last_name"] == "Featherstonehaugh"
        assert data["profile"] == {
            "phone": OTTOLINE_PHONE,
            "time_zone": "Asia/Tokyo",
            "marketing_opt_in": False,
            "updated_at": data["profile"]["updated_at"],
        }
        assert sorted(b["reference"] for b in data["bookings"]) == sorted(
            b.reference for b in history["mine"].values()
        )
        assert {b["price_amount"] for b in data["bookings"]} == {9500}
        assert len(data["consents"]) == 4
        assert {c["booking"] for c in data["consents"]} == {history["mine"]["upcoming"].reference}
        assert all(len(c["content_hash"]) == 64 and c["ip_address"] for c in data["consents"])
        answers = data["screening"]["answers"]
        assert answers["heart_condition"] == "yes"
        assert answers["emergency_contact_name"] == "Barnaby Featherstonehaugh"
        assert data["screening"]["needs_conversation"] is True
        [payment] = data["payments"]
        assert (payment["booking"], payment["amount"], payment["status"]) == (
            history["mine"]["past"].reference,
            9500,
            "paid",
        )
        assert payment["checkout_session_id"] == "cs_test_a1b2"
        for theirs in (
            "cs_test_c3d4",
            other_client.email,
            "Quillfeather",
            "+1 555 0100 777",
            "America/Denver",
            "Quentin",
            "Boulder",
            history["theirs"].reference,
        ):
            assert theirs not in text

    def test_a_client_with_nothing_yet_gets_an_almost_empty_export(self, signed_in, client_user):
        data = json.loads(signed_in.get("/my/export/").content)

        assert data["account"]["email"] == client_user.email
        assert data["profile"] is None
        assert data["screening"] is None
        assert data["bookings"] == data["consents"] == data["payments"] == []

    def test_the_export_needs_a_signed_in_client(self, client):
        response = client.get("/my/export/")

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_a_staff_export_is_the_same_data_and_writes_the_access_log(
        self, client, staff_user, ottoline, history
    ):
        client.force_login(staff_user)

        response = client.post(
            "/admin/clients/user/",
            {"action": "export_data_as_json", "_selected_action": [ottoline.pk]},
        )

        data = json.loads(response.content)
        assert data["account"]["email"] == OTTOLINE["email"]
        assert data["screening"]["answers"]["emergency_contact_name"] == (
            "Barnaby Featherstonehaugh"
        )
        entry = AccessLog.objects.get()
        assert (entry.staff, entry.client, entry.action) == (
            staff_user,
            ottoline,
            AccessLog.Action.EXPORTED_DATA,
        )

    def test_a_staff_export_is_one_client_at_a_time(
        self, client, staff_user, ottoline, other_client
    ):
        client.force_login(staff_user)

        response = client.post(
            "/admin/clients/user/",
            {
                "action": "export_data_as_json",
                "_selected_action": [ottoline.pk, other_client.pk],
            },
            follow=True,
        )

        assert "Choose exactly one client to export." in response.content.decode()
        assert not AccessLog.objects.exists()


class TestDeletion:
    def _reauthenticate(self, client, password):
        response = client.post("/accounts/reauthenticate/", {"password": password})
        assert response.status_code == 302

    def test_deleting_needs_a_fresh_password_check(self, client, ottoline, password):
        client.force_login(ottoline)

        before = client.get("/my/delete/")
        self._reauthenticate(client, password)
        after = client.get("/my/delete/")

        assert before.status_code == 302
        assert before["Location"].startswith("/accounts/reauthenticate/")
        assert after.status_code == 200
        assert "cannot be undone" in after.content.decode()

    def test_the_page_lists_the_sessions_that_would_be_cancelled_and_their_refunds(
        self, client, ottoline, history, password
    ):
        client.force_login(ottoline)
        self._reauthenticate(client, password)

        html = client.get("/my/delete/").content.decode()

        assert "Sessions that will be cancelled" in html
        # The cancel page's own words for what cancelling gives back (bookings' policy_note).
        assert "You'll be refunded £95 in full." in html

    def test_the_page_says_what_cancelling_gives_back_as_the_cancel_page_says_it(
        self, client, ottoline, history, password
    ):
        # Terms of her own, not the practice's defaults: 240 hours' notice, half back late.
        upcoming = history["mine"]["upcoming"]
        Booking.objects.filter(pk=upcoming.pk).update(
            policy_snapshot={
                "notice_hours": 240,
                "refund_percent_with_notice": 100,
                "refund_percent_late": 50,
            }
        )
        client.force_login(ottoline)
        self._reauthenticate(client, password)

        delete_page = client.get("/my/delete/").content.decode()
        cancel_page = client.get(f"{upcoming.get_absolute_url()}cancel/").content.decode()

        note = (
            "This is within 240 hours of your session, so you'll be refunded £47.50 of the £95 "
            "you paid."
        )
        assert note in delete_page
        assert note in cancel_page

    def test_the_sessions_that_would_be_cancelled_are_in_the_clients_own_zone(
        self, client, ottoline, history, password
    ):
        client.force_login(ottoline)
        self._reauthenticate(client, password)

        html = client.get("/my/delete/").content.decode()

        tokyo = history["mine"]["upcoming"].start.astimezone(ZoneInfo("Asia/Tokyo"))
        hour = tokyo.hour % 12 or 12
        clock = f"{hour}:{tokyo.minute:02d} {'am' if tokyo.hour < 12 else 'pm'}"
        assert f"<strong>{tokyo:%A} {tokyo.day} {tokyo:%B} at {clock}</strong>" in html
        assert "Times are shown in Tokyo (Japan, UTC+9)." in html
        assert " UTC</strong>" not in html

    def test_nothing_happens_without_ticking_that_it_is_understood(
        self, client, ottoline, password
    ):
        client.force_login(ottoline)
        self._reauthenticate(client, password)

        response = client.post("/my/delete/", {})

        assert response.status_code == 200
        assert User.objects.get(pk=ottoline.pk).email == OTTOLINE["email"]

    @pytest.mark.django_db(transaction=True)  # the worker runs beside the test
    def test_after_deletion_no_model_holds_personal_data_and_the_accounts_remain(
        self,
        client,
        ottoline,
        staff_user,
        history,
        password,
        django_capture_on_commit_callbacks,
        run_worker,
    ):
        LogEntry.objects.log_actions(  # the practitioner once edited this client in the admin
            user_id=staff_user.pk, queryset=[ottoline], action_flag=CHANGE, change_message="x"
        )
        client.force_login(ottoline)
        self._reauthenticate(client, password)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/my/delete/", {"understood": "on"}, REMOTE_ADDR="192.0.2.44", follow=True
            )
        run_worker()  # the confirmation to the old address goes, and the outbox forgets it

        # Signed out, and the account is gone for good.
        assert response.redirect_chain[-1][0] == "/"
        assert "Your account has been deleted" in response.content.decode()
        assert "_auth_user_id" not in client.session
        assert not client.login(email=OTTOLINE["email"], password=password)
        # No model holds the client's personal data...
        for personal in (*OTTOLINE.values(), OTTOLINE_PHONE, "Asia/Tokyo", "Barnaby"):
            assert _models_holding(personal) == [], personal
        user = User.objects.get(pk=ottoline.pk)
        assert re.fullmatch(rf"deleted-{user.pk}-[0-9a-f]{{12}}@erased\.invalid", user.email)
        assert (user.first_name, user.last_name, user.is_active) == ("", "", False)
        assert not user.has_usable_password()
        assert not EmailAddress.objects.filter(user=user).exists()
        assert not Profile.objects.filter(user=user).exists()
        assert not Screening.objects.filter(user=user).exists()
        records = ConsentRecord.objects.filter(user=user)
        assert {(r.ip_address, r.user_agent) for r in records} == {(None, "")}
        # ...while the proof of what was agreed and the accounting records remain, anonymised.
        assert records.count() == 4
        assert all(r.content_hash == r.version.content_hash for r in records)
        past = Booking.objects.get(pk=history["mine"]["past"].pk)
        upcoming = Booking.objects.get(pk=history["mine"]["upcoming"].pk)
        assert (past.client, past.status, past.price_amount) == (user, "completed", 9500)
        payment = Payment.objects.get(booking=past)
        assert (payment.amount, payment.status, payment.booking.client) == (9500, "paid", user)
        assert (upcoming.status, upcoming.cancelled_by, upcoming.refund_amount) == (
            "cancelled",
            "client",
            9500,
        )
        assert not upcoming.needs_conversation
        # Someone else's data is untouched.
        assert Booking.objects.get(pk=history["theirs"].pk).status == "held"
        assert Screening.objects.filter(user=history["theirs"].client).exists()

    @pytest.mark.django_db(transaction=True)  # the worker runs beside the test
    def test_a_confirmation_goes_to_the_old_address_without_health_data(
        self, client, ottoline, history, password, django_capture_on_commit_callbacks, run_worker
    ):
        client.force_login(ottoline)
        self._reauthenticate(client, password)

        with django_capture_on_commit_callbacks(execute=True):
            client.post("/my/delete/", {"understood": "on"})
        run_worker()

        sent = [m for m in mail.outbox if m.subject == "Your account has been deleted"]
        assert len(sent) == 1
        assert sent[0].to == [OTTOLINE["email"]]
        assert "Hello Ottoline" in sent[0].body
        assert history["mine"]["upcoming"].start.strftime("%d %B %Y").lstrip("0") in sent[0].body
        for clinical in ("heart", "Barnaby", "screening answers:", "Hypnotherapy"):
            assert clinical not in sent[0].body

    @pytest.mark.django_db(transaction=True)
    def test_no_booking_email_goes_to_the_erased_placeholder_address(
        self, client, ottoline, history, password, django_capture_on_commit_callbacks
    ):
        client.force_login(ottoline)
        self._reauthenticate(client, password)
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/my/delete/", {"understood": "on"})
        mail.outbox.clear()

        # The cancellation of the upcoming session was queued; now the worker runs it.
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

        recipients = [address for message in mail.outbox for address in message.to]
        assert recipients, "the practitioner still hears of the cancellation"
        assert not [address for address in recipients if address.endswith(".invalid")]

    def test_the_delete_form_needs_a_signed_in_client(self, client):
        response = client.post("/my/delete/", {"understood": "on"})

        assert response.status_code == 302
        assert "/accounts/" in response["Location"]


def test_staff_cannot_delete_their_own_account_from_my_page(client, staff_user, password):
    client.force_login(staff_user)
    client.post("/accounts/reauthenticate/", {"password": password})

    response = client.post("/my/delete/", {"understood": "on"})

    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert (staff_user.email, staff_user.is_active) == ("anna@example.com", True)
