"""/my/screening/ and a held booking's screening step: one group of health questions ("None of
these apply to me", or a tick for each that does, with a few words about it), the kind note,
no leaks."""

import logging
import re

import pytest
from django.db import connection

from clients.models import Screening
from clients.screening import QUESTION_KEYS

pytestmark = pytest.mark.django_db


def stored() -> dict:
    return dict(Screening.objects.get().answers)


def ticked(html: str) -> set[str]:
    """The ids of the checkboxes a page shows ticked."""
    inputs = re.findall(r"<input [^>]*>", html)
    return {
        re.search(r'id="([^"]+)"', tag).group(1)
        for tag in inputs
        if 'type="checkbox"' in tag and re.search(r"\schecked[\s>]", tag)
    }


class TestForm:
    def test_the_health_questions_are_one_group_with_none_of_these_apply_first(self, signed_in):
        html = signed_in.get("/my/screening/").content.decode()

        assert html.count("<fieldset") == 1
        assert html.count('name="applies"') == 7
        assert html.index('name="none_apply"') < html.index('name="applies"')
        assert "None of these apply to me" in html
        assert "I have had epilepsy or seizures" in html
        assert "without judgement" in html  # why it is asked, beside its follow-up
        assert 'name="seizures_details"' in html
        assert 'name="emergency_contact_phone"' in html
        assert ticked(html) == set()
        assert 'src="/static/js/about-you.js"' in html

    def test_none_of_these_apply_stores_a_no_for_every_question(self, signed_in, answers):
        response = signed_in.post("/my/screening/", answers)

        assert response.status_code == 302
        answers_stored = stored()
        assert [answers_stored[key] for key in QUESTION_KEYS] == ["no"] * 7
        assert answers_stored["emergency_contact_name"] == "Priya Zanzibar-Holloway"
        assert not any(key.endswith("_details") for key in answers_stored)
        assert Screening.objects.get().needs_conversation is False

    def test_ticked_questions_are_a_yes_with_their_details_and_the_rest_a_no(
        self, signed_in, answers
    ):
        del answers["none_apply"]
        answers |= {
            "applies": ["heart_condition", "pregnancy"],
            "heart_condition_details": "  Atrial fibrillation, treated  ",
            "pregnancy_details": "",  # optional
            "seizures_details": "typed, then unticked",  # not ticked: not kept
        }

        signed_in.post("/my/screening/", answers)

        answers_stored = stored()
        yes = [key for key in QUESTION_KEYS if answers_stored[key] == "yes"]
        assert yes == ["heart_condition", "pregnancy"]
        assert answers_stored["heart_condition_details"] == "Atrial fibrillation, treated"
        assert answers_stored["pregnancy_details"] == ""
        assert "seizures_details" not in answers_stored
        assert Screening.objects.get().needs_conversation is True

    def test_a_yes_without_the_details_it_needs_is_refused_and_nothing_is_stored(
        self, signed_in, answers
    ):
        del answers["none_apply"]
        answers["applies"] = ["medication_change"]

        response = signed_in.post("/my/screening/", answers)

        html = response.content.decode()
        assert response.status_code == 200
        assert "Please tell me a little about this: a few words are enough." in html
        assert 'aria-describedby="id_medication_change_details_helptext' in html
        assert not Screening.objects.exists()

    def test_none_apply_together_with_a_ticked_question_is_refused(self, signed_in, answers):
        answers |= {"applies": ["pregnancy"]}

        response = signed_in.post("/my/screening/", answers)

        assert "You ticked “None of these apply to me” and also something that applies" in (
            response.content.decode()
        )
        assert not Screening.objects.exists()

    def test_missing_answers_are_pointed_out_and_nothing_is_stored(self, signed_in, answers):
        del answers["none_apply"]
        answers["emergency_contact_name"] = ""

        response = signed_in.post("/my/screening/", answers)

        html = response.content.decode()
        assert response.status_code == 200
        assert "Please tick “None of these apply to me”, or each one that applies to you." in html
        assert 'aria-describedby="id_applies_error"' in html
        assert "This field is required." in html
        assert not Screening.objects.exists()

    def test_earlier_answers_are_filled_in_to_check(self, signed_in, client_user, screen):
        screen(client_user, psychosis="yes", psychosis_details="Bipolar II, stable")

        html = signed_in.get("/my/screening/").content.decode()

        assert ticked(html) == {"id_applies_1"}  # the second question: psychosis
        assert "Bipolar II, stable" in html

    def test_answers_needing_a_conversation_get_a_kind_note_not_a_block(
        self, signed_in, client_user, answers, policies, screened_service, free_service,
        make_booking,
    ):  # fmt: skip
        booking = make_booking(client=client_user, service=screened_service, status="held")
        del answers["none_apply"]
        answers["applies"] = ["psychiatric_care"]

        response = signed_in.post(f"/bookings/{booking.reference}/screening/", answers, follow=True)

        html = response.content.decode()
        assert response.redirect_chain[0][0] == f"/bookings/{booking.reference}/"
        assert "I would like a short conversation with you" in html
        assert "you can still go ahead" in html
        assert 'href="/book/discovery-call/"' in html
        booking.refresh_from_db()
        assert booking.needs_conversation is True

    def test_no_answer_reaches_the_logs(self, signed_in, client_user, answers, caplog):
        del answers["none_apply"]
        answers |= {"applies": ["substance_dependence"], "substance_dependence_details": "Wine"}
        caplog.set_level(logging.DEBUG)
        caplog.set_level(logging.DEBUG, logger="django.db.backends")
        connection.force_debug_cursor = True  # log every SQL statement with its parameters
        try:
            signed_in.post("/my/screening/", answers)
        finally:
            connection.force_debug_cursor = False

        assert Screening.objects.get().needs_conversation is True
        assert "clients_screening" in caplog.text  # the queries were logged...
        for value in answers.values():
            if value not in ("on", ["substance_dependence"]):
                assert value not in caplog.text  # ...but never an answer
        assert "substance_dependence" not in caplog.text

    def test_a_client_sees_their_own_answers(self, signed_in, client_user, screen):
        screen(client_user, heart_condition="yes", heart_condition_details="Angina")

        html = signed_in.get("/my/screening/answers/").content.decode()

        assert "Priya Zanzibar-Holloway" in html
        assert "Have you ever had epilepsy or seizures?" in html
        assert "Yes: Angina" in html
