"""/my/consents/ and a held booking's consent step: what the client sees and what is recorded."""

from datetime import timedelta

import pytest

from clients.consent import consent_withdraw, missing_policies
from clients.models import ConsentRecord, PolicyKind

pytestmark = pytest.mark.django_db


class TestViews:
    def test_the_consent_form_has_one_unticked_required_box_per_policy_linking_its_text(
        self, signed_in, client_user, policies, free_service, make_booking
    ):
        booking = make_booking(client=client_user, service=free_service, status="held")

        html = signed_in.get(f"/bookings/{booking.reference}/consent/").content.decode()

        for kind, version in policies.items():
            name = f"accept_{kind}_{version.number}"
            assert f'name="{name}"' in html
            assert f'href="/policies/{kind}/?from=/bookings/{booking.reference}/"' in html
        assert "checked" not in html
        assert html.count('type="checkbox"') == 4

    def test_leaving_a_box_unticked_records_nothing_and_says_which(
        self, signed_in, client_user, policies, free_service, make_booking
    ):
        booking = make_booking(client=client_user, service=free_service, status="held")
        ticks = {f"accept_{kind}_1": "on" for kind in ("confidentiality", "privacy", "terms")}

        response = signed_in.post(f"/bookings/{booking.reference}/consent/", ticks)

        assert response.status_code == 200
        assert "Please tick this box to accept the Consent notice." in response.content.decode()
        assert not ConsentRecord.objects.exists()

    def test_accepting_records_the_request_ip_and_user_agent_for_the_booking(
        self, signed_in, client_user, policies, free_service, make_booking
    ):
        booking = make_booking(client=client_user, service=free_service, status="held")
        ticks = {f"accept_{kind}_1": "on" for kind in PolicyKind.values}

        response = signed_in.post(
            f"/bookings/{booking.reference}/consent/",
            ticks,
            REMOTE_ADDR="198.51.100.23",
            HTTP_USER_AGENT="Safari/18 (iPhone)",
        )

        assert response.status_code == 302
        assert response["Location"] == f"/bookings/{booking.reference}/"
        records = ConsentRecord.objects.filter(
            user=client_user, booking_reference=booking.reference
        )
        assert records.count() == 4
        assert {r.ip_address for r in records} == {"198.51.100.23"}
        assert {r.user_agent for r in records} == {"Safari/18 (iPhone)"}

    def test_a_tick_given_to_an_older_version_does_not_count_for_a_newer_one(
        self, signed_in, client_user, policies, free_service, make_booking, publish, now
    ):
        booking = make_booking(client=client_user, service=free_service, status="held")
        publish(
            "privacy", body="Updated while the client was reading.", at=now - timedelta(seconds=5)
        )
        ticks = {f"accept_{kind}_1": "on" for kind in PolicyKind.values}

        response = signed_in.post(f"/bookings/{booking.reference}/consent/", ticks)

        assert response.status_code == 200
        assert not ConsentRecord.objects.exists()

    @pytest.mark.parametrize(
        ("behind_proxy", "expected"), [(False, "10.0.0.5"), (True, "198.51.100.77")]
    )
    def test_the_ip_is_the_proxys_last_hop_only_when_behind_our_proxy(
        self, settings, signed_in, client_user, policies, behind_proxy, expected
    ):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1 if behind_proxy else 0
        ticks = {f"accept_{kind}_1": "on" for kind in PolicyKind.values}

        signed_in.post(
            "/my/consents/",
            ticks,
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.77",
        )

        assert {r.ip_address for r in ConsentRecord.objects.all()} == {expected}

    def test_history_lists_what_was_accepted_and_withdrawal_explains_itself(
        self, signed_in, client_user, accept_all
    ):
        accept_all(client_user)

        history = signed_in.get("/my/consents/").content.decode()
        explanation = signed_in.get("/my/consents/withdraw/").content.decode()
        response = signed_in.post("/my/consents/withdraw/")

        assert "Consent notice, version 1" in history
        assert "In force" in history
        assert "Sessions can't go ahead until you give consent again" in explanation
        assert "Nothing is deleted" in explanation
        assert response.status_code == 302
        assert ConsentRecord.objects.filter(withdrawn_at__isnull=False).count() == 1
        after = signed_in.get("/my/consents/").content.decode()
        assert "You have withdrawn your consent to treatment" in after
        assert 'name="accept_consent_1"' in after

    def test_a_client_can_give_consent_again_from_their_account(
        self, signed_in, client_user, accept_all, policies, now
    ):
        accept_all(client_user, at=now - timedelta(days=1))
        consent_withdraw(user=client_user, now=now - timedelta(hours=1))

        signed_in.post("/my/consents/", {"accept_consent_1": "on"})

        assert missing_policies(user=client_user, now=now) == []
        assert ConsentRecord.objects.filter(version=policies["consent"]).count() == 2
