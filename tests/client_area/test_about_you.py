"""A held booking's "About you" step: the screening and the consent still missing in one form on
the booking page, one button that saves both (or neither) and goes straight on: to payment for
a paid session, to a confirmed booking for a free one."""

import re
from datetime import timedelta

import pytest

from bookings.models import Booking
from clients.models import ConsentRecord, Screening
from clients.screening import QUESTION_KEYS
from payments.models import Payment

pytestmark = pytest.mark.django_db

POLICIES_BOX = "accept_policies_confidentiality1_privacy1_terms1"
TREATMENT_BOX = "accept_treatment_consent1"
NOTICES_BOX = "accept_policies_confidentiality1_privacy1"


@pytest.fixture
def paid_hold(client_user, paid_service, make_booking):
    """Maya's hold of a paid session that needs the screening."""
    return make_booking(client=client_user, service=paid_service, status="held")


@pytest.fixture
def call_hold(client_user, free_service, make_booking):
    """Maya's hold of the free discovery call (no screening)."""
    return make_booking(client=client_user, service=free_service, status="held")


def about_you(booking) -> str:
    return f"{booking.get_absolute_url()}about-you/"


def everything(answers) -> dict:
    """The quickest complete answer: none of the health questions applies, both boxes ticked."""
    return answers | {POLICIES_BOX: "on", TREATMENT_BOX: "on"}


def nothing_saved():
    assert not Screening.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not Payment.objects.exists()


class TestOnTheBookingPage:
    def test_a_new_client_sees_one_form_with_the_questions_the_boxes_and_one_button(
        self, signed_in, paid_hold, policies
    ):
        html = signed_in.get(paid_hold.get_absolute_url()).content.decode()

        assert f'action="{about_you(paid_hold)}"' in html
        assert 'name="none_apply"' in html
        assert html.count('name="applies"') == 7
        assert 'name="emergency_contact_name"' in html
        assert 'name="session_location"' in html
        assert f'name="{POLICIES_BOX}"' in html
        assert f'name="{TREATMENT_BOX}"' in html
        assert html.count(">Continue to payment</button>") == 1
        assert f'action="{paid_hold.get_absolute_url()}pay/"' not in html

    def test_a_discovery_call_asks_only_for_the_two_notices_and_confirms(
        self, signed_in, call_hold, policies
    ):
        html = signed_in.get(call_hold.get_absolute_url()).content.decode()

        assert f'name="{NOTICES_BOX}"' in html
        assert html.count('type="checkbox"') == 1
        assert 'name="none_apply"' not in html
        assert 'name="emergency_contact_name"' not in html
        assert html.count(">Confirm booking</button>") == 1

    def test_a_returning_client_sees_only_the_pay_button(
        self, signed_in, client_user, paid_hold, accept_all, screen
    ):
        accept_all(client_user)
        screen(client_user)

        html = signed_in.get(paid_hold.get_absolute_url()).content.decode()
        page = signed_in.get(about_you(paid_hold))

        assert about_you(paid_hold) not in html
        assert 'type="checkbox"' not in html
        assert f'action="{paid_hold.get_absolute_url()}pay/"' in html
        assert html.count("Continue to payment") == 1
        assert page.status_code == 302
        assert page["Location"] == paid_hold.get_absolute_url()

    def test_after_a_new_policy_version_only_that_box_is_asked_for(
        self, signed_in, client_user, paid_hold, accept_all, screen, publish, now
    ):
        accept_all(client_user, at=now - timedelta(days=2))
        screen(client_user)
        publish("consent", body="A new paragraph.", at=now - timedelta(days=1))

        html = signed_in.get(paid_hold.get_absolute_url()).content.decode()

        assert 'name="accept_treatment_consent2"' in html
        assert html.count('type="checkbox"') == 1
        assert 'name="none_apply"' not in html


class TestPaidSession:
    def test_none_apply_and_both_boxes_save_everything_and_go_straight_to_payment(
        self, signed_in, client_user, paid_hold, policies, answers, offline
    ):
        response = signed_in.post(
            about_you(paid_hold),
            everything(answers),
            REMOTE_ADDR="198.51.100.23",
            HTTP_USER_AGENT="Safari/18 (iPhone)",
        )

        payment = Payment.objects.get(booking=paid_hold)
        assert response.status_code == 303
        assert response["Location"] == payment.checkout_url
        assert response["Location"].startswith(f"{paid_hold.get_absolute_url()}test-payment/")
        stored = Screening.objects.get(user=client_user).answers
        assert [stored[key] for key in QUESTION_KEYS] == ["no"] * 7
        assert stored["emergency_contact_phone"] == "+44 7700 900123"
        records = ConsentRecord.objects.filter(user=client_user)
        assert sorted((r.version.document.kind, r.version.number) for r in records) == [
            ("confidentiality", 1),
            ("consent", 1),
            ("privacy", 1),
            ("terms", 1),
        ]
        assert {(r.booking_reference, r.ip_address, r.user_agent) for r in records} == {
            (paid_hold.reference, "198.51.100.23", "Safari/18 (iPhone)")
        }

    def test_a_yes_without_the_details_it_needs_saves_nothing_at_all(
        self, signed_in, paid_hold, policies, answers, offline
    ):
        del answers["none_apply"]
        answers["applies"] = ["seizures"]

        response = signed_in.post(about_you(paid_hold), everything(answers))

        html = response.content.decode()
        assert response.status_code == 200
        assert "Please tell me a little about this: a few words are enough." in html
        assert "Nothing has been saved yet." in html
        # Her answers and ticks are kept for her to correct.
        assert "Priya Zanzibar-Holloway" in html
        assert re.search(rf'<input [^>]*name="{TREATMENT_BOX}"[^>]* checked', html)
        nothing_saved()

    def test_an_unticked_box_saves_no_answers_either(
        self, signed_in, paid_hold, policies, answers, offline
    ):
        response = signed_in.post(about_you(paid_hold), answers | {POLICIES_BOX: "on"})

        assert "Please tick this box to give your consent to treatment." in (
            response.content.decode()
        )
        nothing_saved()

    def test_a_policy_updated_while_she_read_is_refused_and_nothing_is_saved(
        self, signed_in, paid_hold, policies, answers, publish, now, offline
    ):
        publish("terms", body="Seventy-two hours now.", at=now - timedelta(seconds=5))

        response = signed_in.post(about_you(paid_hold), everything(answers))

        html = response.content.decode()
        assert response.status_code == 200
        assert "One of the policies was updated while you were reading" in html
        assert 'name="accept_policies_confidentiality1_privacy1_terms2"' in html
        nothing_saved()

    def test_answers_that_call_for_a_conversation_flag_the_booking_and_go_on(
        self, signed_in, paid_hold, policies, answers, offline
    ):
        del answers["none_apply"]
        answers |= {"applies": ["pregnancy"], "pregnancy_details": "20 weeks"}

        response = signed_in.post(about_you(paid_hold), everything(answers))

        paid_hold.refresh_from_db()
        assert paid_hold.needs_conversation is True
        assert response["Location"].startswith(f"{paid_hold.get_absolute_url()}test-payment/")
        next_page = signed_in.get(response["Location"]).content.decode()
        assert "I would like a short conversation with you" in next_page

    def test_sent_again_once_everything_is_saved_it_only_resumes_the_payment(
        self, signed_in, paid_hold, policies, answers, offline
    ):
        first = signed_in.post(about_you(paid_hold), everything(answers))
        again = signed_in.post(about_you(paid_hold), everything(answers))

        assert first["Location"] == again["Location"]
        assert Payment.objects.count() == 1
        assert ConsentRecord.objects.count() == 4


class TestDiscoveryCall:
    def test_one_box_confirms_the_call_with_only_the_two_notices(
        self, signed_in, client_user, call_hold, policies
    ):
        response = signed_in.post(
            about_you(call_hold), {NOTICES_BOX: "on"}, HTTP_USER_AGENT="Firefox/140"
        )

        call_hold.refresh_from_db()
        assert response.status_code == 302
        assert response["Location"] == call_hold.get_absolute_url()
        assert call_hold.status == Booking.Status.CONFIRMED
        records = ConsentRecord.objects.filter(booking_reference=call_hold.reference)
        assert sorted(r.version.document.kind for r in records) == ["confidentiality", "privacy"]
        page = signed_in.get(response["Location"]).content.decode()
        assert "Your booking is confirmed. A confirmation e-mail is on its way." in page

    def test_without_the_tick_nothing_is_recorded_and_it_stays_held(
        self, signed_in, call_hold, policies
    ):
        response = signed_in.post(about_you(call_hold), {})

        call_hold.refresh_from_db()
        assert response.status_code == 200
        assert (
            "Please tick this box to accept the Confidentiality notice and the Privacy notice."
            in response.content.decode()
        )
        assert call_hold.status == Booking.Status.HELD
        nothing_saved()

    def test_a_free_session_with_screening_is_treatment_and_confirmed_after_all_of_it(
        self, signed_in, client_user, screened_hold, policies, answers
    ):
        response = signed_in.post(about_you(screened_hold), everything(answers))

        screened_hold.refresh_from_db()
        assert response["Location"] == screened_hold.get_absolute_url()
        assert screened_hold.status == Booking.Status.CONFIRMED
        assert ConsentRecord.objects.count() == 4
        assert Screening.objects.filter(user=client_user).exists()


class TestRefused:
    def test_another_clients_booking_is_a_404_and_nothing_is_saved(
        self, signed_in, other_client, paid_service, make_booking, policies, answers, offline
    ):
        theirs = make_booking(client=other_client, service=paid_service, status="held")

        assert signed_in.get(about_you(theirs)).status_code == 404
        assert signed_in.post(about_you(theirs), everything(answers)).status_code == 404
        nothing_saved()

    def test_after_the_hold_ran_out_nothing_is_saved_and_the_booking_says_so(
        self, signed_in, paid_hold, policies, answers, now, offline
    ):
        Booking.objects.filter(pk=paid_hold.pk).update(hold_expires_at=now - timedelta(minutes=1))

        response = signed_in.post(about_you(paid_hold), everything(answers), follow=True)

        assert response.redirect_chain == [(paid_hold.get_absolute_url(), 302)]
        assert "Your hold has ended" in response.content.decode()
        nothing_saved()

    def test_a_confirmed_booking_has_no_about_you_step(
        self, signed_in, client_user, free_service, make_booking, policies
    ):
        confirmed = make_booking(client=client_user, service=free_service)

        response = signed_in.post(about_you(confirmed), {NOTICES_BOX: "on"})

        assert response["Location"] == confirmed.get_absolute_url()
        assert not ConsentRecord.objects.exists()
