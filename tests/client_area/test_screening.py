"""/my/screening/ and a held booking's screening step: the form, the kind note, no leaks."""

import logging

import pytest
from django.db import connection

from clients.models import Screening

pytestmark = pytest.mark.django_db


class TestForm:
    def test_each_question_is_a_yes_no_group_with_a_gentle_explanation(self, signed_in):
        html = signed_in.get("/my/screening/").content.decode()

        assert html.count("<fieldset") == 7
        assert 'name="seizures" value="yes"' in html
        assert "without judgement" in html
        assert 'name="emergency_contact_phone"' in html
        assert "checked" not in html

    def test_missing_answers_are_pointed_out_and_nothing_is_stored(self, signed_in, answers):
        del answers["psychosis"]
        answers["emergency_contact_name"] = ""

        response = signed_in.post("/my/screening/", answers)

        assert response.status_code == 200
        assert "Please answer yes or no." in response.content.decode()
        assert not Screening.objects.exists()

    def test_answers_needing_a_conversation_get_a_kind_note_not_a_block(
        self, signed_in, client_user, answers, policies, screened_service, free_service,
        make_booking,
    ):  # fmt: skip
        booking = make_booking(client=client_user, service=screened_service, status="held")
        answers["psychiatric_care"] = "yes"

        response = signed_in.post(f"/bookings/{booking.reference}/screening/", answers, follow=True)

        html = response.content.decode()
        assert response.redirect_chain[0][0] == f"/bookings/{booking.reference}/"
        assert "I would like a short conversation with you" in html
        assert "you can still go ahead" in html
        assert 'href="/book/discovery-call/"' in html
        booking.refresh_from_db()
        assert booking.needs_conversation is True

    def test_no_answer_reaches_the_logs(self, signed_in, client_user, answers, caplog):
        answers["substance_dependence"] = "yes"
        caplog.set_level(logging.DEBUG)
        caplog.set_level(logging.DEBUG, logger="django.db.backends")
        connection.force_debug_cursor = True  # log every SQL statement with its parameters
        try:
            signed_in.post("/my/screening/", answers)
        finally:
            connection.force_debug_cursor = False

        assert "clients_screening" in caplog.text  # the queries were logged...
        for value in answers.values():
            if value not in ("yes", "no"):
                assert value not in caplog.text  # ...but never an answer
        assert '"substance_dependence"' not in caplog.text

    def test_a_client_sees_their_own_answers(self, signed_in, client_user, screen):
        screen(client_user)

        html = signed_in.get("/my/screening/answers/").content.decode()

        assert "Priya Zanzibar-Holloway" in html
        assert "Have you ever had epilepsy or seizures?" in html
