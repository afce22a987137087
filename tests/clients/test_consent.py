import re
from datetime import timedelta

import pytest

from bookings.booking_steps import ClientNotReady
from bookings.errors import BookingError
from clients.consent import (
    ConsentError,
    ConsentOutdated,
    ConsentRequired,
    ScreeningRequired,
    consent_gate,
    consent_record_create,
    consent_withdraw,
    current_versions,
    has_withdrawn_treatment_consent,
    missing_policies,
    policies_needed,
)
from clients.models import ConsentRecord, PolicyKind

pytestmark = pytest.mark.django_db


def test_a_new_client_has_every_current_policy_to_accept_in_reading_order(
    client_user, policies, now
):
    missing = missing_policies(user=client_user, now=now)

    assert [v.document.kind for v in missing] == list(PolicyKind.values)


def test_records_keep_user_version_hash_time_ip_user_agent_and_booking(
    client_user, policies, free_service, make_booking, now
):
    booking = make_booking(client=client_user, service=free_service, status="held")

    records = consent_record_create(
        user=client_user,
        versions=current_versions(now=now),
        booking_reference=booking.reference,
        ip="2001:db8::7",
        user_agent="Mozilla/5.0 " + "x" * 600,
        now=now,
    )

    assert len(records) == 4
    for record in ConsentRecord.objects.filter(user=client_user):
        assert record.version == policies[record.version.document.kind]
        assert record.content_hash == record.version.content_hash
        assert len(record.content_hash) == 64
        assert record.accepted_at == now
        assert record.ip_address == "2001:db8::7"
        assert record.user_agent.startswith("Mozilla/5.0 ")
        assert len(record.user_agent) == 500
        assert record.booking_reference == booking.reference
    assert missing_policies(user=client_user, now=now) == []


def test_a_new_version_means_the_client_is_asked_again_for_that_policy_only(
    client_user, accept_all, publish, now
):
    accept_all(client_user, at=now - timedelta(days=1))

    second = publish("privacy", body="## Changed\n\nA new processor.", at=now - timedelta(hours=1))

    assert missing_policies(user=client_user, now=now) == [second]
    old_record = ConsentRecord.objects.get(user=client_user, version__document__kind="privacy")
    assert old_record.version.number == 1  # the proof of what was accepted stays as it was


def test_accepting_a_version_that_was_just_superseded_is_refused(
    client_user, policies, publish, now
):
    seen = current_versions(now=now)
    publish("terms", body="Newer terms.", at=now - timedelta(minutes=1))

    with pytest.raises(ConsentOutdated):
        consent_record_create(user=client_user, versions=seen, ip=None, user_agent="", now=now)

    assert not ConsentRecord.objects.exists()


def test_accepting_again_does_not_duplicate_records_in_force(client_user, accept_all):
    accept_all(client_user)
    accept_all(client_user)

    assert ConsentRecord.objects.filter(user=client_user).count() == 4


def test_consent_given_for_a_booking_is_its_clients_and_names_it(
    client_user, policies, free_service, make_booking, now
):
    from bookings.booking_steps import booking_consent_record

    booking = make_booking(client=client_user, service=free_service, status="held")

    records = booking_consent_record(
        booking=booking, versions=current_versions(now=now), ip=None, user_agent="", now=now
    )

    assert len(records) == 4
    assert {(r.user, r.booking_reference) for r in records} == {(client_user, booking.reference)}


def test_the_about_you_step_stores_answers_and_consent_together_or_not_at_all(
    client_user, policies, screened_service, make_booking, publish, now
):
    from bookings.booking_steps import booking_about_you_record
    from clients.models import Screening
    from tests.clients.conftest import SCREENING_ANSWERS

    booking = make_booking(client=client_user, service=screened_service, status="held")
    seen = current_versions(now=now)
    publish("terms", body="Newer terms.", at=now - timedelta(minutes=1))

    with pytest.raises(ConsentOutdated):
        booking_about_you_record(
            booking=booking,
            answers=dict(SCREENING_ANSWERS, seizures="yes"),
            versions=seen,
            ip=None,
            user_agent="",
            now=now,
        )

    assert not Screening.objects.exists()
    assert not ConsentRecord.objects.exists()
    booking.refresh_from_db()
    assert booking.needs_conversation is False  # the flag went with the answers


def test_a_conversation_needs_only_the_confidentiality_and_privacy_notices(
    client_user, policies, now
):
    talk = missing_policies(user=client_user, now=now, kinds=policies_needed(treatment=False))
    treatment = missing_policies(user=client_user, now=now, kinds=policies_needed(treatment=True))

    assert [v.document.kind for v in talk] == ["confidentiality", "privacy"]
    assert [v.document.kind for v in treatment] == list(PolicyKind.values)


def test_withdrawing_treatment_consent_keeps_the_record_and_asks_for_it_again(
    client_user, accept_all, policies, now
):
    accept_all(client_user, at=now - timedelta(days=2))

    ended = consent_withdraw(user=client_user, now=now)

    record = ConsentRecord.objects.get(user=client_user, version__document__kind="consent")
    assert ended == 1
    assert record.withdrawn_at == now
    assert ConsentRecord.objects.filter(user=client_user).count() == 4
    assert missing_policies(user=client_user, now=now) == [policies["consent"]]


def test_whether_consent_is_withdrawn_is_read_as_it_stood_at_the_moment_asked(
    client_user, accept_all, policies, now
):
    accept_all(client_user, at=now - timedelta(days=2))
    consent_withdraw(user=client_user, now=now)
    accept_all(client_user, at=now + timedelta(days=1))

    def withdrawn(at):
        return has_withdrawn_treatment_consent(user=client_user, now=at)

    assert [
        withdrawn(now - timedelta(days=1)),
        withdrawn(now),
        withdrawn(now + timedelta(days=2)),
    ] == [
        False,  # given, not yet withdrawn
        True,
        False,  # given again since
    ]


class TestConsentGate:
    """clients' own gate: plain arguments in, clients' own errors out (no booking needed)."""

    def _gate(self, client, now, *, needs_screening=True):
        return consent_gate(
            client=client,
            needs_screening=needs_screening,
            session_start=now + timedelta(days=7),
            now=now,
        )

    def test_missing_consent_is_refused_with_clients_own_error(self, client_user, policies, now):
        with pytest.raises(ConsentRequired) as refused:
            self._gate(client_user, now, needs_screening=False)

        assert isinstance(refused.value, ConsentError)
        assert not isinstance(refused.value, BookingError)

    def test_a_missing_screening_is_refused_only_where_the_service_needs_one(
        self, client_user, accept_all, now
    ):
        accept_all(client_user)

        with pytest.raises(ScreeningRequired):
            self._gate(client_user, now)
        assert self._gate(client_user, now, needs_screening=False) is False

    def test_it_says_whether_the_screening_calls_for_a_conversation(
        self, client_user, accept_all, screen, now
    ):
        accept_all(client_user)
        screen(client_user)
        calm = self._gate(client_user, now)
        screen(client_user, seizures="yes")

        assert (calm, self._gate(client_user, now)) == (False, True)


def _refused_because(error: type[ConsentError]):
    """booking_confirm's refusal: a BookingError carrying clients' message for the client."""
    return pytest.raises(ClientNotReady, match=re.escape(error.message))


class TestGate:
    """booking_confirm (free bookings now, paid ones from the payment webhook) is gated."""

    def _confirm(self, booking, now):
        from bookings.services import booking_confirm

        return booking_confirm(booking=booking, now=now)

    def test_no_confirmation_without_consent_and_nothing_changes(
        self,
        client_user,
        policies,
        free_service,
        make_booking,
        now,
        django_capture_on_commit_callbacks,
    ):
        booking = make_booking(client=client_user, service=free_service, status="held")

        with (
            django_capture_on_commit_callbacks(execute=False) as callbacks,
            _refused_because(ConsentRequired),
        ):
            self._confirm(booking, now)

        booking.refresh_from_db()
        assert (booking.status, booking.confirmed_at) == ("held", None)
        assert callbacks == []  # no e-mail queued

    def test_with_current_consent_the_booking_is_confirmed(
        self, client_user, accept_all, free_service, make_booking, now
    ):
        booking = make_booking(client=client_user, service=free_service, status="held")
        accept_all(client_user, booking=booking)

        assert self._confirm(booking, now).status == "confirmed"

    def test_a_new_version_forces_consent_again_before_the_next_booking(
        self, client_user, accept_all, publish, screened_service, make_booking, screen, now
    ):
        accept_all(client_user, at=now - timedelta(days=3))
        screen(client_user, at=now - timedelta(days=3))
        first = make_booking(client=client_user, service=screened_service, status="held")
        self._confirm(first, now - timedelta(days=2))
        publish("terms", body="Seventy-two hours' notice now.", at=now - timedelta(days=1))
        second = make_booking(
            client=client_user, service=screened_service, start=first.end, status="held"
        )

        with _refused_because(ConsentRequired):
            self._confirm(second, now)
        accept_all(client_user, booking=second)

        assert self._confirm(second, now).status == "confirmed"
        record = ConsentRecord.objects.get(booking_reference=second.reference)
        assert (record.version.document.kind, record.version.number) == ("terms", 2)

    def test_a_new_privacy_notice_is_asked_for_before_a_discovery_call_too(
        self, client_user, accept_all, publish, free_service, make_booking, now
    ):
        accept_all(client_user, at=now - timedelta(days=3))
        publish("privacy", body="A new processor.", at=now - timedelta(days=1))
        booking = make_booking(client=client_user, service=free_service, status="held")

        with _refused_because(ConsentRequired):
            self._confirm(booking, now)

    def test_after_withdrawing_consent_to_treatment_no_session_is_confirmed(
        self, client_user, accept_all, screened_service, make_booking, screen, now
    ):
        accept_all(client_user, at=now - timedelta(hours=1))
        screen(client_user)
        consent_withdraw(user=client_user, now=now)
        booking = make_booking(client=client_user, service=screened_service, status="held")

        with _refused_because(ConsentRequired):
            self._confirm(booking, now)

    def test_a_discovery_call_is_a_conversation_not_treatment(
        self, client_user, accept_all, free_service, make_booking, now
    ):
        """Withdrawn consent to treatment does not stop her talking to the practitioner."""
        accept_all(client_user, at=now - timedelta(hours=1))
        consent_withdraw(user=client_user, now=now)
        booking = make_booking(client=client_user, service=free_service, status="held")

        assert self._confirm(booking, now).status == "confirmed"

    def test_a_discovery_call_is_confirmed_with_only_the_privacy_and_confidentiality_notices(
        self, client_user, policies, free_service, make_booking, now
    ):
        notices = [policies["confidentiality"], policies["privacy"]]
        booking = make_booking(client=client_user, service=free_service, status="held")
        consent_record_create(user=client_user, versions=notices, ip=None, user_agent="", now=now)

        assert self._confirm(booking, now).status == "confirmed"

    @pytest.mark.parametrize("kind", ["confidentiality", "privacy"])
    def test_a_discovery_call_still_needs_both_notices(
        self, client_user, policies, free_service, make_booking, now, kind
    ):
        other = {"confidentiality": "privacy", "privacy": "confidentiality"}[kind]
        booking = make_booking(client=client_user, service=free_service, status="held")
        consent_record_create(
            user=client_user, versions=[policies[other]], ip=None, user_agent="", now=now
        )

        with _refused_because(ConsentRequired):
            self._confirm(booking, now)

    @pytest.mark.parametrize("kind_of_service", ["screened_service", "paid_service"])
    def test_every_other_session_needs_every_policy(
        self, request, client_user, policies, make_booking, screen, now, kind_of_service
    ):
        """A free session with screening questions is treatment too, and so is a paid one."""
        from bookings.booking_steps import booking_gate

        service = request.getfixturevalue(kind_of_service)
        notices = [policies["confidentiality"], policies["privacy"]]
        consent_record_create(user=client_user, versions=notices, ip=None, user_agent="", now=now)
        screen(client_user)
        booking = make_booking(client=client_user, service=service, status="held")

        with _refused_because(ConsentRequired):
            booking_gate(booking=booking, now=now)

    def test_a_service_needing_screening_is_not_confirmed_without_one(
        self, client_user, accept_all, screened_service, make_booking, screen, now
    ):
        accept_all(client_user)
        booking = make_booking(client=client_user, service=screened_service, status="held")
        with _refused_because(ScreeningRequired):
            self._confirm(booking, now)

        screen(client_user)

        assert self._confirm(booking, now).status == "confirmed"

    def test_a_screening_older_than_twelve_months_at_the_session_is_asked_again(
        self, client_user, accept_all, screened_service, make_booking, screen, now
    ):
        accept_all(client_user)
        screen(client_user, at=now - timedelta(days=360))
        booking = make_booking(
            client=client_user,
            service=screened_service,
            start=now + timedelta(days=10),
            status="held",
        )

        with _refused_because(ScreeningRequired):
            self._confirm(booking, now)

    def test_answers_needing_a_conversation_flag_the_booking_and_never_block_it(
        self, client_user, accept_all, screened_service, make_booking, screen, now
    ):
        accept_all(client_user)
        screen(client_user, pregnancy="yes")
        booking = make_booking(client=client_user, service=screened_service, status="held")
        booking.needs_conversation = False
        booking.save()

        confirmed = self._confirm(booking, now)

        confirmed.refresh_from_db()
        assert (confirmed.status, confirmed.needs_conversation) == ("confirmed", True)

    def test_the_confirm_button_says_what_is_missing_and_the_booking_stays_held(
        self, signed_in, client_user, policies, free_service, make_booking
    ):
        booking = make_booking(client=client_user, service=free_service, status="held")

        page = signed_in.get(f"/bookings/{booking.reference}/").content.decode()
        response = signed_in.post(f"/bookings/{booking.reference}/confirm/", follow=True)

        # Only the "About you" form's button, which records consent first, confirms.
        assert f'action="/bookings/{booking.reference}/confirm/"' not in page
        assert f'action="/bookings/{booking.reference}/about-you/"' in page
        assert "Please read and accept the practice" in response.content.decode()
        booking.refresh_from_db()
        assert booking.status == "held"

    def test_no_payment_button_until_consent_and_screening_are_done(
        self, signed_in, client_user, paid_service, make_booking, accept_all, screen
    ):
        booking = make_booking(client=client_user, service=paid_service, status="held")
        url = f"/bookings/{booking.reference}/"
        about_you = f'action="{url}about-you/"'
        pay = f'action="{url}pay/"'

        before = signed_in.get(url).content.decode()
        accept_all(client_user, booking=booking)
        between = signed_in.get(url).content.decode()
        screen(client_user)
        after = signed_in.get(url).content.decode()

        assert about_you in before
        assert pay not in before
        assert 'name="accept_' in before
        assert 'name="emergency_contact_name"' in before
        assert about_you in between  # the questions only
        assert pay not in between
        assert 'name="accept_' not in between
        assert 'name="emergency_contact_name"' in between
        assert about_you not in after
        assert pay in after
        assert "Continue to payment" in after


def test_consent_records_are_listed_read_only_in_the_admin(
    client, staff_user, client_user, accept_all
):
    record = accept_all(client_user)[0]
    client.force_login(staff_user)

    listing = client.get("/admin/clients/consentrecord/")
    detail = client.get(f"/admin/clients/consentrecord/{record.pk}/change/")
    add = client.get("/admin/clients/consentrecord/add/")
    change = client.post(f"/admin/clients/consentrecord/{record.pk}/change/", {"user_agent": "x"})
    delete = client.post(f"/admin/clients/consentrecord/{record.pk}/delete/", {"post": "yes"})

    assert listing.status_code == detail.status_code == 200
    assert record.content_hash in detail.content.decode()
    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    record.refresh_from_db()
    assert record.user_agent == "Firefox/140"
