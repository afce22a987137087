import pytest
from django.urls import URLPattern, get_resolver, reverse

from clients.models import ConsentRecord, Profile, Screening

pytestmark = pytest.mark.django_db


class TestProfile:
    def test_a_client_sets_name_phone_and_time_zone_and_marketing_stays_off(
        self, signed_in, client_user
    ):
        page = signed_in.get("/my/profile/").content.decode()
        response = signed_in.post(
            "/my/profile/",
            {
                "first_name": "Maya",
                "last_name": "Okafor",
                "phone": "+44 20 7946 0018",
                "time_zone": "America/New_York",
            },
        )

        assert 'name="marketing_opt_in"' in page
        assert 'name="marketing_opt_in" checked' not in page
        assert response.status_code == 302
        profile = Profile.objects.get(user=client_user)
        assert (profile.phone, profile.time_zone, profile.marketing_opt_in) == (
            "+44 20 7946 0018",
            "America/New_York",
            False,
        )
        client_user.refresh_from_db()
        assert client_user.last_name == "Okafor"

    def test_the_profiles_zone_is_used_for_times_and_the_browsers_guess_waits(
        self, signed_in, client_user
    ):
        Profile.objects.create(user=client_user, time_zone="Asia/Tokyo")

        html = signed_in.get("/my/").content.decode()

        assert "Times are shown in <strong>Tokyo (Japan, UTC+9)</strong>." in html
        assert 'data-zone-known="true"' in html

    def test_saving_the_profile_shows_times_in_the_new_zone_at_once(self, signed_in):
        signed_in.get("/my/?tz=Europe/Paris")  # chosen earlier on this visit

        signed_in.post("/my/profile/", {"time_zone": "Asia/Tokyo"})

        assert (
            "Times are shown in <strong>Tokyo (Japan, UTC+9)</strong>"
            in signed_in.get("/my/").content.decode()
        )

    @pytest.mark.parametrize(
        ("field", "value"), [("time_zone", "Mars/Olympus_Mons"), ("phone", "call me maybe")]
    )
    def test_invalid_zones_and_phone_numbers_are_refused(
        self, signed_in, client_user, field, value
    ):
        data = {"time_zone": "Europe/London", field: value}

        response = signed_in.post("/my/profile/", data)

        assert response.status_code == 200
        assert not Profile.objects.filter(user=client_user).exists()

    def test_a_new_profile_defaults_to_the_practice_zone(self, settings, client_user):
        settings.PRACTICE_TIME_ZONE = "Europe/Dublin"

        assert Profile.objects.create(user=client_user).time_zone == "Europe/Dublin"


class TestMyAccount:
    def test_my_page_shows_profile_consents_screening_and_data_rights(
        self, signed_in, client_user, accept_all, screen
    ):
        Profile.objects.create(user=client_user, phone="+44 7700 900999")
        accept_all(client_user)
        screen(client_user)

        html = signed_in.get("/my/").content.decode()

        assert "+44 7700 900999" in html
        assert "Consent notice, version 1" in html
        assert "valid until" in html
        assert 'href="/my/export/"' in html
        assert 'href="/my/delete/"' in html
        assert "Priya" not in html  # answers are one click further, not on the overview

    def test_a_new_version_shows_as_waiting_on_my_page(
        self, signed_in, client_user, accept_all, publish
    ):
        accept_all(client_user)
        publish("privacy", title="Privacy notice", body="Changed.")

        html = signed_in.get("/my/").content.decode()

        assert "1 policy is waiting for you to accept: Privacy notice" in html


class TestOwnership:
    """Every /my/… and booking-step URL that names an object is scoped to its owner."""

    @pytest.fixture
    def theirs(self, other_client, accept_all, screened_service, make_booking):
        booking = make_booking(client=other_client, service=screened_service, status="held")
        records = accept_all(other_client, booking=booking)
        return {"booking": booking, "record": records[0]}

    def test_another_clients_urls_give_404(self, signed_in, theirs, answers):
        reference = theirs["booking"].reference
        urls = [
            reverse("clients:consent-detail", args=[theirs["record"].pk]),
            reverse("clients:booking-about-you", args=[reference]),
            reverse("clients:booking-consent", args=[reference]),
            reverse("clients:booking-screening", args=[reference]),
            f"/bookings/{reference}/",
        ]

        for url in urls:
            assert signed_in.get(url).status_code == 404, url
            assert signed_in.post(url, answers).status_code in (404, 405), url
        assert not Screening.objects.exists()
        assert ConsentRecord.objects.count() == 4  # only theirs

    def test_every_clients_url_with_an_argument_is_covered_above(self):
        def with_arguments(patterns, inherited=False):
            for pattern in patterns:
                takes = inherited or bool(pattern.pattern.converters)
                if not isinstance(pattern, URLPattern):
                    yield from with_arguments(pattern.url_patterns, takes)
                elif takes:
                    yield pattern.name

        _, clients_namespace = get_resolver().namespace_dict["clients"]
        assert set(with_arguments(clients_namespace.url_patterns)) == {
            "policy-detail",  # public
            "policy-version",  # public
            "welcome",  # the token in it is the key (tests/workplace/test_desk_booking.py)
            "consent-detail",
            "booking-about-you",
            "booking-consent",
            "booking-screening",
        }

    def test_a_client_sees_their_own_consent_record(self, signed_in, client_user, accept_all):
        record = accept_all(client_user)[0]

        html = signed_in.get(f"/my/consents/{record.pk}/").content.decode()

        assert record.content_hash in html
        assert "203.0.113.9" in html

    @pytest.mark.parametrize(
        "path",
        [
            "/my/profile/",
            "/my/consents/",
            "/my/consents/withdraw/",
            "/my/screening/",
            "/my/screening/answers/",
            "/my/export/",
            "/my/delete/",
        ],
    )
    def test_my_pages_need_signing_in(self, client, path):
        response = client.get(path)

        assert response.status_code == 302
        assert "/accounts/" in response["Location"]


class TestKeptFromSearchEngines:
    def test_every_page_of_the_client_area_tells_search_engines_to_leave_it_out(
        self, signed_in, client_user, accept_all, screened_service, make_booking, publish
    ):
        held = make_booking(client=client_user, service=screened_service, status="held")
        record = accept_all(client_user)[0]
        publish("privacy", title="Privacy notice", body="Changed.")  # the consent step shows
        paths = [
            reverse("clients:my-account"),
            reverse("clients:profile"),
            reverse("clients:consents"),
            reverse("clients:consent-withdraw"),
            reverse("clients:consent-detail", args=[record.pk]),
            reverse("clients:screening"),
            reverse("clients:screening-answers"),
            reverse("clients:booking-about-you", args=[held.reference]),
            reverse("clients:booking-consent", args=[held.reference]),
            reverse("clients:booking-screening", args=[held.reference]),
        ]

        for path in paths:
            response = signed_in.get(path)
            assert response.status_code == 200, path
            assert response.content.decode().count('<meta name="robots" content="noindex">') == 1
