"""The recording's file is streamed with HTTP Range support from either private storage (disk and
a real S3-compatible server), only to its owner once she has acknowledged the safety note, and
to staff; everybody else gets a 404. Every fetch is logged."""

import pytest
from django.http import HttpResponse
from django.urls import include, path, reverse

from aftercare import urls as aftercare_urls
from aftercare.models import RecordingAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def recording(private_storage_kind, make_recording):
    """Maya's acknowledged MP3, in the storage the test runs on."""
    return make_recording(title="Your calm place")


def audio_url(recording, **query) -> str:
    url = reverse("aftercare:recording-audio", kwargs={"public_id": recording.public_id})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def download_url(recording) -> str:
    return reverse("aftercare:recording-download", kwargs={"public_id": recording.public_id})


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_without_range_the_whole_file_is_sent(signed_in, recording, stored_bytes):
    data = stored_bytes(recording)

    response = signed_in.get(audio_url(recording))

    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Length"] == str(len(data))
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Accept-Ranges"] == "bytes"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Range" not in response


def test_a_byte_range_is_sent_as_206_with_its_content_range(signed_in, recording, stored_bytes):
    data = stored_bytes(recording)

    response = signed_in.get(audio_url(recording), HTTP_RANGE="bytes=100-1099")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-1099/{len(data)}"
    assert response["Content-Length"] == "1000"
    assert body(response) == data[100:1100]


def test_safari_first_asks_for_two_bytes(signed_in, recording, stored_bytes):
    data = stored_bytes(recording)

    response = signed_in.get(audio_url(recording), HTTP_RANGE="bytes=0-1")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-1/{len(data)}"
    assert body(response) == data[:2]


def test_a_suffix_range_sends_the_last_bytes(signed_in, recording, stored_bytes):
    data = stored_bytes(recording)

    response = signed_in.get(audio_url(recording), HTTP_RANGE="bytes=-500")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {len(data) - 500}-{len(data) - 1}/{len(data)}"
    assert body(response) == data[-500:]


def test_an_open_ended_range_runs_to_the_end(signed_in, recording, stored_bytes):
    data = stored_bytes(recording)

    response = signed_in.get(audio_url(recording), HTTP_RANGE="bytes=2000-")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 2000-{len(data) - 1}/{len(data)}"
    assert response["Content-Length"] == str(len(data) - 2000)
    assert body(response) == data[2000:]


def test_a_range_past_the_end_is_trimmed_to_the_file(signed_in, recording, stored_bytes):
    data = stored_bytes(recording)

    response = signed_in.get(audio_url(recording), HTTP_RANGE=f"bytes=10-{len(data) + 5000}")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-{len(data) - 1}/{len(data)}"
    assert body(response) == data[10:]


def test_a_range_starting_beyond_the_file_is_416(signed_in, recording, stored_bytes):
    size = len(stored_bytes(recording))

    response = signed_in.get(audio_url(recording), HTTP_RANGE=f"bytes={size}-")

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
    assert not RecordingAccess.objects.exists()


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "items=0-9", "bytes=9-2", "bytes=x-y"])
def test_ranges_we_do_not_serve_get_the_whole_file(signed_in, recording, stored_bytes, header):
    data = stored_bytes(recording)

    response = signed_in.get(audio_url(recording), HTTP_RANGE=header)

    assert response.status_code == 200
    assert body(response) == data


def test_if_range_of_another_version_gets_the_whole_file(signed_in, recording, stored_bytes):
    first = signed_in.get(audio_url(recording), HTTP_RANGE="bytes=0-9")
    same = signed_in.get(audio_url(recording), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=first["ETag"])
    other = signed_in.get(audio_url(recording), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')

    assert same.status_code == 206
    assert other.status_code == 200
    assert body(other) == stored_bytes(recording)


def test_the_download_is_an_attachment_with_a_plain_name(signed_in, recording, stored_bytes):
    response = signed_in.get(download_url(recording))

    day = recording.created_at.date().isoformat()
    assert response.status_code == 200
    assert response["Content-Disposition"] == (f'attachment; filename="your-calm-place-{day}.mp3"')
    assert body(response) == stored_bytes(recording)


def test_a_download_can_be_resumed_with_a_range(signed_in, recording, stored_bytes):
    response = signed_in.get(download_url(recording), HTTP_RANGE="bytes=1000-")

    assert response.status_code == 206
    assert body(response) == stored_bytes(recording)[1000:]


def test_head_gives_the_headers_without_bytes_or_a_log_row(signed_in, recording, stored_bytes):
    response = signed_in.head(audio_url(recording))

    assert response.status_code == 200
    assert response["Content-Length"] == str(len(stored_bytes(recording)))
    assert response.content == b""
    assert not RecordingAccess.objects.exists()


def test_every_fetch_is_written_to_the_log(signed_in, client_user, recording):
    body(signed_in.get(audio_url(recording)))
    body(signed_in.get(audio_url(recording), HTTP_RANGE="bytes=0-99"))
    body(signed_in.get(download_url(recording)))

    rows = list(RecordingAccess.objects.filter(recording=recording).order_by("pk"))
    size = recording.size_bytes
    assert [(row.reader, row.by_staff, row.how, row.byte_range) for row in rows] == [
        (client_user, False, "play", f"0-{size - 1}/{size}"),
        (client_user, False, "play", f"0-99/{size}"),
        (client_user, False, "download", f"0-{size - 1}/{size}"),
    ]
    assert all(row.at is not None for row in rows)


def test_staff_can_play_it_and_the_fetch_is_logged_as_staff(admin, staff_user, recording):
    response = admin.get(audio_url(recording), HTTP_RANGE="bytes=0-9")

    assert response.status_code == 206
    row = RecordingAccess.objects.get()
    assert (row.reader, row.by_staff, row.how) == (staff_user, True, "play")


def test_staff_see_it_before_the_client_has_acknowledged(admin, make_recording):
    recording = make_recording(acknowledged=False)

    assert admin.get(audio_url(recording)).status_code == 200


def test_another_client_gets_404(client, other_client, recording):
    client.force_login(other_client)

    assert client.get(audio_url(recording)).status_code == 404
    assert client.get(download_url(recording)).status_code == 404
    assert client.get(audio_url(recording), HTTP_RANGE="bytes=0-1").status_code == 404
    assert not RecordingAccess.objects.exists()


def test_anonymous_gets_404_not_a_sign_in_page(client, recording):
    assert client.get(audio_url(recording)).status_code == 404
    assert client.get(download_url(recording)).status_code == 404
    assert not RecordingAccess.objects.exists()


def test_an_unknown_recording_is_404(signed_in, recording):
    wrong = "0" * 32
    url = reverse("aftercare:recording-audio", kwargs={"public_id": wrong})

    assert signed_in.get(url).status_code == 404


def test_staff_without_the_second_factor_the_admin_requires_get_404(
    client, staff_user, recording, settings
):
    settings.ADMIN_REQUIRES_MFA = True
    client.force_login(staff_user)

    assert client.get(audio_url(recording)).status_code == 404


def test_staff_without_permission_to_view_recordings_get_404(client, make_user, recording):
    assistant = make_user("assistant@example.com", is_staff=True)
    client.force_login(assistant)

    assert client.get(audio_url(recording)).status_code == 404


# Her recording's page (the client pages' part of the app) is where she acknowledges the
# safety note. These tests give it a stand-in of that name, so the gate is tested on its own.
def _recording_page(request, public_id):
    return HttpResponse("The recording's page")


urlpatterns = [
    path(
        "my/recordings/",
        include(
            (
                [
                    *aftercare_urls.file_patterns,
                    path("<slug:public_id>/", _recording_page, name="recording"),
                ],
                "aftercare",
            )
        ),
    ),
    path("", include("practice.urls")),
]


@pytest.mark.urls(__name__)
def test_before_acknowledging_she_is_sent_to_her_recording_page(signed_in, make_recording):
    recording = make_recording(acknowledged=False)
    page = reverse("aftercare:recording", kwargs={"public_id": recording.public_id})

    for url in (audio_url(recording), download_url(recording)):
        response = signed_in.get(url, HTTP_RANGE="bytes=0-99")
        assert response.status_code == 302
        assert response["Location"] == page
    assert not RecordingAccess.objects.exists()


@pytest.mark.urls(__name__)
def test_once_acknowledged_she_can_play_it(signed_in, make_recording):
    recording = make_recording(acknowledged=True)

    assert signed_in.get(audio_url(recording), HTTP_RANGE="bytes=0-99").status_code == 206


def test_a_file_missing_from_storage_is_404_not_an_error(signed_in, recording, caplog):
    from aftercare.models import private_storage

    private_storage().delete(recording.file.name)

    assert signed_in.get(audio_url(recording)).status_code == 404
    assert "file is missing" in caplog.text
    assert recording.title not in caplog.text


def test_on_s3_only_the_bytes_asked_for_are_fetched(s3_bucket, signed_in, make_recording):
    from aftercare.models import private_storage

    recording = make_recording()
    sent = []
    events = private_storage().connection.meta.client.meta.events
    events.register("before-send.s3.GetObject", lambda request, **kwargs: sent.append(request))

    response = signed_in.get(audio_url(recording), HTTP_RANGE="bytes=100-199")

    assert len(body(response)) == 100
    assert [request.headers["Range"] for request in sent] == [b"bytes=100-199"]
