"""Set up your practice: each step done or not, and why, in plain words; and the page."""

import re
from datetime import time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bookings.models import CancellationPolicy, ExternalCalendar, WorkingHours
from practice.models import PracticeDetails
from rooms.models import RoomSettings
from workplace.setup import setup_facts, setup_progress, setup_steps

pytestmark = pytest.mark.django_db

# A 1x1 transparent GIF: the photo only needs to be there.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00"
    b"\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def step(practitioner, now, key):
    steps = {s.key: s for s in setup_steps(setup_facts(practitioner=practitioner, now=now))}
    return steps[key]


@pytest.fixture
def full_details(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return PracticeDetails.objects.create(
        practitioner_name="Anna Whitfield",
        practitioner_bio="I help women find calm.",
        contact_email="anna@quietharbour.example",
        photo=SimpleUploadedFile("anna.gif", GIF, content_type="image/gif"),
        photo_alt="Anna smiling by the sea",
    )


def test_details_are_not_done_until_name_words_email_and_photo_are_there(
    practitioner, now, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    details = step(practitioner, now, "details")
    assert not details.done
    assert details.status == (
        "Still missing: your name as clients see it, a few words about you, a contact e-mail "
        "address and your photo."
    )
    PracticeDetails.objects.create(practitioner_name="Anna", practitioner_bio="Calm.")

    details = step(practitioner, now, "details")

    assert not details.done
    assert details.status == "Still missing: a contact e-mail address and your photo."
    assert [link.url for link in details.links] == [
        reverse("admin:practice_practicedetails_change", args=[PracticeDetails.objects.get().pk]),
        reverse("admin:bookings_practitioner_change", args=[practitioner.pk]),
    ]


def test_details_are_done_with_everything_and_name_her_time_zone(practitioner, now, full_details):
    details = step(practitioner, now, "details")

    assert details.done
    assert "Europe/London" in details.status


def test_details_without_a_practitioner_say_to_add_her_first(db, now, full_details):
    details = step(None, now, "details")

    assert not details.done
    assert "your practitioner record" in details.status
    assert details.links[1].url == reverse("admin:bookings_practitioner_add")


def test_hours_are_done_once_she_works_on_some_day(practitioner, now):
    assert step(practitioner, now, "hours").done
    assert "You work on Monday, Tuesday" in step(practitioner, now, "hours").status

    WorkingHours.objects.filter(practitioner=practitioner).delete()
    hours = step(practitioner, now, "hours")

    assert not hours.done
    assert hours.status.startswith("No weekly hours yet")
    assert hours.links[0].url == reverse("admin:bookings_practitioner_hours")


def test_services_are_done_with_one_active_service_and_say_why_not(practitioner, now, make_service):
    assert step(practitioner, now, "services").status.startswith("No services yet")
    switched_off = make_service("resting", name="Resting", active=False)

    services = step(practitioner, now, "services")
    assert not services.done
    assert "none is switched on" in services.status

    switched_off.active = True
    switched_off.save()
    services = step(practitioner, now, "services")
    assert services.done
    assert services.status == "Clients can book: Resting."


def test_cancellation_policy_is_done_once_saved(practitioner, now):
    assert step(practitioner, now, "cancellation").done  # the fixture saves the policy
    CancellationPolicy.objects.all().delete()

    policy = step(practitioner, now, "cancellation")

    assert not policy.done
    assert policy.status.startswith("Not confirmed yet")
    assert policy.links[0].url == reverse("admin:bookings_cancellationpolicy_add")


def test_video_room_choice_is_done_once_chosen(practitioner, now):
    room = step(practitioner, now, "room")
    assert not room.done
    assert "Not chosen yet" in room.status

    RoomSettings.objects.create(provider=RoomSettings.Provider.OWN_LINK)
    room = step(practitioner, now, "room")

    assert room.done
    assert room.status == "Chosen: My own meeting link for each service."


def test_calendars_step_is_optional_and_counts_her_active_calendars(practitioner, now):
    calendars = step(practitioner, now, "calendars")
    assert calendars.optional
    assert not calendars.done

    ExternalCalendar.objects.create(practitioner=practitioner, name="Personal", url="https://x")
    ExternalCalendar.objects.create(
        practitioner=practitioner, name="Old", url="https://y", active=False
    )
    calendars = step(practitioner, now, "calendars")
    assert calendars.done

    ExternalCalendar.objects.filter(name="Personal").update(last_error="Timed out")
    calendars = step(practitioner, now, "calendars")
    assert not calendars.done
    assert "Personal" in calendars.status


def test_calendars_step_says_so_when_the_calendars_admin_is_absent_else_links_it(practitioner, now):
    """Her calendars' admin is another part of the desk: the step links it when it is there
    (reversed with a guard), and says plainly when it is not."""
    from workplace.setup import admin_url

    calendars = step(practitioner, now, "calendars")
    url = admin_url("bookings_externalcalendar_changelist")
    if url:
        assert calendars.links[0].url == url
    else:
        assert calendars.links == ()
        assert calendars.status == "Adding your own calendars is not available on this site yet."


def test_feed_step_is_ready_with_a_practitioner(practitioner, now):
    feed = step(practitioner, now, "feed")

    assert feed.done
    assert feed.optional
    assert feed.links[0].url == reverse(
        "admin:bookings_practitioner_renew_calendar", args=[practitioner.pk]
    )


def test_policies_are_done_when_each_of_the_four_is_published(practitioner, now, publish):
    publish("privacy")
    publish("terms")
    publish("consent", at=now + timedelta(days=1))  # not in force yet

    policies = step(practitioner, now, "policies")
    assert not policies.done
    assert policies.status.startswith(
        "Not published yet: Confidentiality notice and Consent to treatment."
    )

    publish("confidentiality")
    publish("consent")
    assert step(practitioner, now, "policies").done


def test_progress_counts_the_needed_steps_only(
    practitioner, now, full_details, make_service, publish
):
    make_service()
    RoomSettings.objects.create()
    for kind in ("confidentiality", "privacy", "terms", "consent"):
        publish(kind)

    progress = setup_progress(practitioner=practitioner, now=now)

    assert progress.complete
    assert (progress.done_count, progress.total) == (6, 6)


def test_facts_cost_a_fixed_number_of_queries(practitioner, now, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        setup_facts(practitioner=practitioner, now=now)


# The page -------------------------------------------------------------------------------


def test_setup_page_shows_each_step_done_or_not_with_the_feed_address_to_copy(desk, practitioner):
    response = desk.get(reverse("admin:bookings_practitioner_setup"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-step="hours" data-done="yes"' in html
    assert 'data-step="policies" data-done="no"' in html
    assert f'value="http://testserver/calendar/{practitioner.calendar_token}.ics"' in html or (
        f"/calendar/{practitioner.calendar_token}.ics" in html
    )
    assert 'data-copy="qh-feed-address" hidden' in html  # shown by the script, else plain text
    assert "Subscribe from web" in html  # how to add it to Outlook
    assert "js/copy-address.js" in html


def test_dashboard_links_to_setup_while_steps_are_left_and_not_once_done(
    desk, practitioner, full_details, make_service, publish
):
    assert 'data-setup="to-do"' in desk.get(reverse("admin:index")).content.decode()
    make_service()
    RoomSettings.objects.create()
    for kind in ("confidentiality", "privacy", "terms", "consent"):
        publish(kind)

    html = desk.get(reverse("admin:index")).content.decode()

    assert 'data-setup="to-do"' not in html
    # The link in the admin's top bar stays.
    assert reverse("admin:bookings_practitioner_setup") in html


def test_a_policy_scheduled_to_go_live_completes_set_up_at_that_moment(
    desk, full_details, make_service, publish, now, monkeypatch
):
    make_service()
    RoomSettings.objects.create()
    for kind in ("confidentiality", "privacy", "terms"):
        publish(kind)
    publish("consent", at=now + timedelta(milliseconds=500))

    monkeypatch.setattr(timezone, "now", lambda: now)
    assert 'data-setup="to-do"' in desk.get(reverse("admin:index")).content.decode()

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(milliseconds=600))
    assert 'data-setup="to-do"' not in desk.get(reverse("admin:index")).content.decode()


def test_setup_page_needs_staff(client, client_user):
    client.force_login(client_user)

    response = client.get(reverse("admin:bookings_practitioner_setup"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_her_page_lists_her_hours_without_seconds_and_links_to_the_grid_and_the_calendar(
    desk, practitioner
):
    WorkingHours.objects.filter(practitioner=practitioner, weekday=0).update(start_time=time(9, 30))

    html = desk.get(reverse("admin:bookings_practitioner_change", args=[practitioner.pk]))
    html = html.content.decode()

    assert "Monday 09:30-17:00" in html
    # No table of time inputs (with seconds, or the admin's "Now" shortcut) to edit them in.
    assert not re.findall(r"<input[^>]*working_hours-\d+-start_time[^>]*>", html)
    assert "vTimeField" not in html
    hours = reverse("admin:bookings_practitioner_hours") + f"?practitioner={practitioner.pk}"
    assert f'href="{hours}"' in html
    assert f'href="{reverse("admin:bookings_booking_calendar")}"' in html
