"""/my/consents/ and a held booking's consent step: what the client sees and what is recorded."""

from datetime import timedelta

import pytest

from clients.consent import consent_withdraw, missing_policies
from clients.models import ConsentRecord

pytestmark = pytest.mark.django_db


# The two boxes a session of treatment asks for, as the form names them for version 1 of each
# policy: the terms and notices together, consent to treatment on its own.
POLICIES_BOX = "accept_policies_confidentiality1_privacy1_terms1"
TREATMENT_BOX = "accept_treatment_consent1"
BOTH_TICKED = {POLICIES_BOX: "on", TREATMENT_BOX: "on"}


class TestViews:
    def test_one_unticked_box_per_kind_of_consent_with_each_policy_linked_and_summarised(
        self, signed_in, client_user, policies, screened_service, make_booking
    ):
        booking = make_booking(client=client_user, service=screened_service, status="held")

        html = signed_in.get(f"/bookings/{booking.reference}/consent/").content.decode()

        assert html.count('type="checkbox"') == 2
        assert f'name="{POLICIES_BOX}"' in html
        assert f'name="{TREATMENT_BOX}"' in html
        for kind, version in policies.items():
            assert f'href="/policies/{kind}/?from=/bookings/{booking.reference}/"' in html
            assert version.summary in html
        assert (
            "I have read and accept the Confidentiality notice, the Privacy notice and the "
            "Terms notice" in html
        )
        assert "I give my consent to treatment" in html
        assert "checked" not in html

    def test_leaving_a_box_unticked_records_nothing_and_says_which(
        self, signed_in, client_user, policies, screened_service, make_booking
    ):
        booking = make_booking(client=client_user, service=screened_service, status="held")

        response = signed_in.post(f"/bookings/{booking.reference}/consent/", {POLICIES_BOX: "on"})

        assert response.status_code == 200
        assert "Please tick this box to give your consent to treatment." in (
            response.content.decode()
        )
        assert not ConsentRecord.objects.exists()

    def test_one_tick_records_one_record_per_policy_version_with_ip_agent_and_booking(
        self, signed_in, client_user, policies, screened_service, make_booking
    ):
        booking = make_booking(client=client_user, service=screened_service, status="held")

        response = signed_in.post(
            f"/bookings/{booking.reference}/consent/",
            BOTH_TICKED,
            REMOTE_ADDR="198.51.100.23",
            HTTP_USER_AGENT="Safari/18 (iPhone)",
        )

        assert response.status_code == 302
        assert response["Location"] == f"/bookings/{booking.reference}/"
        records = ConsentRecord.objects.filter(
            user=client_user, booking_reference=booking.reference
        )
        assert sorted((r.version.document.kind, r.version.number) for r in records) == [
            ("confidentiality", 1),
            ("consent", 1),
            ("privacy", 1),
            ("terms", 1),
        ]
        assert {r.ip_address for r in records} == {"198.51.100.23"}
        assert {r.user_agent for r in records} == {"Safari/18 (iPhone)"}
        assert {r.content_hash for r in records} == {v.content_hash for v in policies.values()}

    def test_a_tick_given_to_an_older_version_does_not_count_for_a_newer_one(
        self, signed_in, client_user, policies, screened_service, make_booking, publish, now
    ):
        booking = make_booking(client=client_user, service=screened_service, status="held")
        publish(
            "privacy", body="Updated while the client was reading.", at=now - timedelta(seconds=5)
        )

        response = signed_in.post(f"/bookings/{booking.reference}/consent/", BOTH_TICKED)

        html = response.content.decode()
        assert response.status_code == 200
        assert "One of the policies was updated while you were reading" in html
        assert 'name="accept_policies_confidentiality1_privacy2_terms1"' in html
        assert not ConsentRecord.objects.exists()

    def test_a_discovery_call_asks_only_for_the_confidentiality_and_privacy_notices(
        self, signed_in, client_user, policies, free_service, make_booking
    ):
        booking = make_booking(client=client_user, service=free_service, status="held")

        html = signed_in.get(f"/bookings/{booking.reference}/consent/").content.decode()
        response = signed_in.post(
            f"/bookings/{booking.reference}/consent/",
            {"accept_policies_confidentiality1_privacy1": "on"},
        )

        assert html.count('type="checkbox"') == 1
        assert "/policies/terms/" not in html.split("<main")[1].split("</main>")[0]
        assert response.status_code == 302
        assert sorted(
            ConsentRecord.objects.filter(booking_reference=booking.reference).values_list(
                "version__document__kind", flat=True
            )
        ) == ["confidentiality", "privacy"]

    @pytest.mark.parametrize(
        ("behind_proxy", "expected"), [(False, "10.0.0.5"), (True, "198.51.100.77")]
    )
    def test_the_ip_is_the_proxys_last_hop_only_when_behind_our_proxy(
        self, settings, signed_in, client_user, policies, behind_proxy, expected
    ):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1 if behind_proxy else 0
        signed_in.post(
            "/my/consents/",
            BOTH_TICKED,
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
        assert f'name="{TREATMENT_BOX}"' in after
        assert POLICIES_BOX not in after

    def test_a_client_can_give_consent_again_from_their_account(
        self, signed_in, client_user, accept_all, policies, now
    ):
        accept_all(client_user, at=now - timedelta(days=1))
        consent_withdraw(user=client_user, now=now - timedelta(hours=1))

        signed_in.post("/my/consents/", {TREATMENT_BOX: "on"})

        assert missing_policies(user=client_user, now=now) == []
        assert ConsentRecord.objects.filter(version=policies["consent"]).count() == 2
