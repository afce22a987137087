"""The practitioner uploads a client's recording through the real admin: from the booking's or the
client's page, with the form filled in; a file that is not whole, playable audio is refused with
a clear message and nothing is kept; she plays and downloads it from its page (logged)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aftercare.models import Recording, RecordingAccess, private_storage
from aftercare.sample_audio import sample_audio

pytestmark = pytest.mark.django_db

ADD = "admin:aftercare_recording_add"


@pytest.fixture
def booking(make_booking, client_user, service):
    return make_booking(client=client_user, service=service)


def stored_names() -> list[str]:
    try:
        return private_storage().listdir("recordings")[1]
    except FileNotFoundError:
        return []


def selected(html: str, name: str) -> str | None:
    """The value of the option chosen in the <select name=...> of a page."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    chosen = re.search(r'<option value="(\d*)" selected>', select)
    return chosen.group(1) or None if chosen else None


def upload(admin, *, client, booking=None, data=None, name="session.mp3", **fields):
    audio = SimpleUploadedFile(name, sample_audio("mp3", seconds=2) if data is None else data)
    return admin.post(
        reverse(ADD),
        {
            "client": client.pk,
            "booking": booking.pk if booking else "",
            "title": "Your calm place",
            "note": "Every evening, somewhere quiet.",
            "audio": audio,
            **fields,
        },
    )


def test_the_booking_page_links_to_a_form_filled_in_for_its_client(admin, booking, client_user):
    page = admin.get(reverse("admin:bookings_booking_change", args=[booking.pk]))

    add = f"{reverse(ADD)}?booking={booking.pk}"
    assert page.status_code == 200
    assert f'href="{add}"' in page.text
    assert "Add a recording for Maya Jones (maya@example.com)" in page.text

    form = admin.get(add)

    assert form.status_code == 200
    assert selected(form.text, "client") == str(client_user.pk)
    assert selected(form.text, "booking") == str(booking.pk)
    assert "MP3, M4A (AAC) or WAV, up to 300 MB" in form.text


def test_the_client_page_links_to_the_form_and_lists_her_recordings(
    admin, client_user, make_recording
):
    make_recording(title="Your calm place")

    page = admin.get(reverse("admin:clients_user_change", args=[client_user.pk]))

    add = f"{reverse(ADD)}?client={client_user.pk}"
    assert f'href="{add}"' in page.text
    assert "Your calm place" in page.text
    form = admin.get(add)
    assert selected(form.text, "client") == str(client_user.pk)
    assert selected(form.text, "booking") is None


def test_the_booking_page_lists_its_recordings(admin, booking, make_recording):
    make_recording(booking=booking, title="Your calm place", acknowledged=False)

    page = admin.get(reverse("admin:bookings_booking_change", args=[booking.pk]))

    assert "Your calm place" in page.text
    assert "Not yet" in page.text


def test_the_booking_page_still_saves_with_its_recordings_listed(admin, booking, make_recording):
    # The recordings' formset (read-only) travels with the booking's own form.
    make_recording(booking=booking)
    url = reverse("admin:bookings_booking_change", args=[booking.pk])
    page = admin.get(url).text
    form = page.split('id="booking_form"', 1)[1].split("</form>", 1)[0]
    data = dict(
        re.findall(r'<input type="(?:hidden|url|text)" name="([^"]+)"[^>]*?value="([^"]*)"', form)
    )

    response = admin.post(url, {**data, "_save": "Save"})

    assert any(name.startswith("recordings-") for name in data)
    assert response.status_code == 302


def test_she_uploads_a_recording_for_the_session(admin, booking, client_user):
    response = upload(admin, client=client_user, booking=booking)

    recording = Recording.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:aftercare_recording_changelist")
    assert (recording.client, recording.booking) == (client_user, booking)
    assert recording.title == "Your calm place"
    assert recording.note == "Every evening, somewhere quiet."
    assert recording.content_type == "audio/mpeg"
    assert recording.duration_seconds == pytest.approx(2, abs=0.15)
    assert stored_names() == [recording.file.name.split("/", 1)[1]]
    assert recording.acknowledged_at is None


def test_the_upload_works_on_s3_too(s3_bucket, admin, client_user):
    upload(admin, client=client_user)

    recording = Recording.objects.get()
    head = s3_bucket.s3.head_object(Bucket=s3_bucket.name, Key=recording.file.name)
    assert head["ContentLength"] == recording.size_bytes


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Notes from our session\n" * 100, "This file isn&#x27;t audio we can play"),
        (sample_audio("mp3", seconds=2)[:9000], "This recording looks incomplete"),
        (sample_audio("m4a", seconds=2)[:-50], "This recording looks incomplete"),
    ],
    ids=["renamed-text", "cut-mp3", "cut-m4a"],
)
def test_a_file_that_is_not_whole_audio_is_refused_and_nothing_kept(
    admin, client_user, data, message
):
    response = upload(admin, client=client_user, data=data)

    assert response.status_code == 200
    assert message in response.text
    assert "Please correct the error below." in response.text
    assert not Recording.objects.exists()
    assert stored_names() == []


def test_an_oversized_file_names_the_limit_in_megabytes(admin, client_user, settings):
    settings.RECORDING_MAX_BYTES = 1024 * 1024
    data = sample_audio("wav", seconds=30)  # about 1.3 MB

    response = upload(admin, client=client_user, data=data, name="long.wav")

    assert "This file is 1.3 MB; the largest recording you can upload is 1 MB." in response.text
    assert not Recording.objects.exists()
    assert stored_names() == []


def test_another_clients_session_is_refused(
    admin, client_user, other_client, make_booking, service
):
    hers = make_booking(client=other_client, service=service)

    response = upload(admin, client=client_user, booking=hers)

    assert "This session is Sam Quillfeather (someone.else@example.com)&#x27;s" in response.text
    assert not Recording.objects.exists()
    assert stored_names() == []


def test_without_a_file_she_is_asked_for_one(admin, client_user):
    response = admin.post(reverse(ADD), {"client": client_user.pk, "title": "x"})

    assert "This field is required." in response.text
    assert not Recording.objects.exists()


def test_her_page_plays_and_downloads_it_and_each_fetch_is_logged(
    admin, staff_user, make_recording
):
    recording = make_recording(acknowledged=False)
    page = admin.get(reverse("admin:aftercare_recording_change", args=[recording.pk]))
    audio = reverse("aftercare:recording-audio", kwargs={"public_id": recording.public_id})
    download = reverse("aftercare:recording-download", kwargs={"public_id": recording.public_id})

    assert f'<audio controls preload="none" src="{audio}">' in page.text
    assert f'href="{download}"' in page.text
    assert "Not yet: she sees it before she can listen." in page.text
    assert not RecordingAccess.objects.exists()  # opening the page fetches nothing

    b"".join(admin.get(audio, HTTP_RANGE="bytes=0-99").streaming_content)
    b"".join(admin.get(download).streaming_content)

    rows = RecordingAccess.objects.order_by("pk")
    assert [(row.reader, row.by_staff, row.how) for row in rows] == [
        (staff_user, True, "play"),
        (staff_user, True, "download"),
    ]
    page = admin.get(reverse("admin:aftercare_recording_change", args=[recording.pk]))
    assert "See the 2 fetch(es) in the log" in page.text
    log = admin.get(
        reverse("admin:aftercare_recordingaccess_changelist")
        + f"?recording__id__exact={recording.pk}"
    )
    assert log.status_code == 200
    assert "0-99/" in log.text


def test_she_edits_the_title_and_note_but_not_the_file(admin, make_recording):
    recording = make_recording(title="Old")
    url = reverse("admin:aftercare_recording_change", args=[recording.pk])

    response = admin.post(url, {"title": "New title", "note": "New note"})

    recording.refresh_from_db()
    assert response.status_code == 302
    assert (recording.title, recording.note) == ("New title", "New note")
    assert 'type="file"' not in admin.get(url).text


def test_deleting_it_in_the_admin_deletes_the_file(
    admin, make_recording, django_capture_on_commit_callbacks
):
    recording = make_recording()
    name = recording.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:aftercare_recording_delete", args=[recording.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Recording.objects.exists()
    assert not private_storage().exists(name)


def test_deleting_several_in_the_list_deletes_their_files(
    admin, make_recording, django_capture_on_commit_callbacks
):
    names = [make_recording().file.name, make_recording().file.name]

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("admin:aftercare_recording_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": list(Recording.objects.values_list("pk", flat=True)),
                "post": "yes",
            },
        )

    assert not Recording.objects.exists()
    assert [private_storage().exists(name) for name in names] == [False, False]


def test_the_fetch_log_is_read_only(admin, signed_in_as_maya_fetch):
    access = signed_in_as_maya_fetch

    assert admin.get(reverse("admin:aftercare_recordingaccess_add")).status_code == 403
    page = admin.get(reverse("admin:aftercare_recordingaccess_change", args=[access.pk]))
    assert page.status_code == 200
    assert 'type="submit"' not in page.text.split('id="content-main"', 1)[1].split("</form>")[0]


@pytest.fixture
def signed_in_as_maya_fetch(make_recording, client_user):
    from django.utils import timezone

    recording = make_recording()
    return RecordingAccess.objects.create(
        recording=recording, reader=client_user, how="play", byte_range="0-1/2", at=timezone.now()
    )


def test_the_list_of_recordings_shows_whose_and_whether_she_has_read_the_note(
    admin, make_recording, booking
):
    make_recording(booking=booking, title="Your calm place", acknowledged=False)

    page = admin.get(reverse("admin:aftercare_recording_changelist"))

    assert page.status_code == 200
    assert "Your calm place" in page.text
    assert "Not yet: she sees it before she can listen." in page.text
    assert "3 s" in page.text


@pytest.mark.parametrize("query", ["booking=abc", "booking=99999", "client=99999", "client=x"])
def test_a_form_link_with_a_wrong_id_opens_an_empty_form(admin, query):
    form = admin.get(f"{reverse(ADD)}?{query}")

    assert form.status_code == 200
    assert selected(form.text, "client") is None
