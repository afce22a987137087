"""The recording's file, streamed to its owner (and the practitioner) with HTTP Range support.

- `recording-audio` (/my/recordings/<public_id>/audio/) is what the page's player plays; iPhone
  Safari will only play, and seek, a file served in byte ranges. `recording-download` sends the
  same bytes as an attachment with a plain file name.
- Who may fetch: the recording's client, signed in, once she has acknowledged how to use it
  safely (before that she is sent to the recording's page, where she does), and staff who may
  view recordings (with their second factor when the admin requires one). Anybody else, signed
  in or not, gets a 404: the file's existence is not revealed. Links in e-mails and in her data
  export lead through the sign-in page (`?next=`), never straight here.
- Every fetch that sends bytes is written to the RecordingAccess log: who, staff or not, played
  or downloaded, which bytes, when.
"""

import logging

from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, http_date
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from werkzeug.http import parse_range_header

from aftercare.models import Recording, RecordingAccess, private_storage
from aftercare.storage_reads import StorageUnavailable, byte_run
from practice.middleware import second_factor_missing

logger = logging.getLogger(__name__)

SUFFIXES = {"audio/mpeg": ".mp3", "audio/mp4": ".m4a", "audio/wav": ".wav"}


@require_safe
def recording_audio(request, public_id: str):
    return _serve(request, public_id, how=RecordingAccess.How.PLAY)


@require_safe
def recording_download(request, public_id: str):
    return _serve(request, public_id, how=RecordingAccess.How.DOWNLOAD)


def staff_may_read(user) -> bool:
    """Staff who may view recordings, and, when the admin requires a second factor, have one
    (the admin's own rule: practice.middleware.second_factor_missing)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if not user.has_perm("aftercare.view_recording"):
        return False
    return not second_factor_missing(user)


def download_path(recording: Recording) -> str:
    return reverse("aftercare:recording-download", kwargs={"public_id": recording.public_id})


def audio_path(recording: Recording) -> str:
    return reverse("aftercare:recording-audio", kwargs={"public_id": recording.public_id})


def download_filename(recording: Recording) -> str:
    """A plain name for her device: the title's words (ASCII), the day it was made, the kind."""
    stem = slugify(recording.title)[:60].strip("-") or "recording"
    day = timezone.localtime(recording.created_at).date().isoformat()
    return f"{stem}-{day}{SUFFIXES.get(recording.content_type, '')}"


def _serve(request, public_id: str, *, how: str):
    user = request.user
    if not user.is_authenticated:
        raise Http404
    recording = Recording.objects.filter(public_id=public_id).first()
    if recording is None:
        raise Http404
    by_staff = staff_may_read(user)
    if recording.client_id != user.pk and not by_staff:
        raise Http404
    if recording.acknowledged_at is None and not by_staff:
        return _to_acknowledgement(recording)

    size = recording.size_bytes
    etag = f'"{recording.public_id}-{size}"'
    last_modified = http_date(recording.created_at.timestamp())
    span = _requested_span(request, size, validators=(etag, last_modified))
    if span is None:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return _with_headers(response, recording, how=how, etag=etag, modified=last_modified)
    start, stop, partial = span

    if request.method == "HEAD":
        response = HttpResponse(status=206 if partial else 200, content_type=recording.content_type)
    else:
        try:
            content = byte_run(private_storage(), recording.file.name, start, stop)
        except FileNotFoundError:
            logger.error("Recording %s: its file is missing from private storage", recording.pk)
            raise Http404 from None
        except StorageUnavailable:
            logger.exception("Recording %s: private storage did not answer", recording.pk)
            return HttpResponse(
                "Please try again in a moment.", status=503, content_type="text/plain"
            )
        response = StreamingHttpResponse(
            content, status=206 if partial else 200, content_type=recording.content_type
        )
        RecordingAccess.objects.create(
            recording=recording,
            reader=user,
            by_staff=by_staff,
            how=how,
            byte_range=f"{start}-{stop - 1}/{size}",
            at=timezone.now(),
        )
    response["Content-Length"] = str(stop - start)
    if partial:
        response["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    return _with_headers(response, recording, how=how, etag=etag, modified=last_modified)


def _to_acknowledgement(recording: Recording):
    """Her recording's page asks for the safety acknowledgement first; without that page (it is
    the client pages' part of the app), nothing is served either."""
    try:
        page = reverse("aftercare:recording", kwargs={"public_id": recording.public_id})
    except NoReverseMatch:
        raise Http404 from None
    return HttpResponseRedirect(page)


def _requested_span(request, size: int, *, validators: tuple[str, str]):
    """(start, stop, partial) of the bytes to send, or None when the range asked for lies
    outside the file (416).

    A missing, malformed or multi-part Range, or one in other units, is answered with the whole
    file, as HTTP allows; so is a Range whose If-Range names another version of the file.
    """
    whole = (0, size, False)
    header = request.headers.get("Range")
    if not header:
        return whole
    if_range = request.headers.get("If-Range")
    if if_range and if_range not in validators:
        return whole
    requested = parse_range_header(header)
    if requested is None or requested.units != "bytes" or len(requested.ranges) != 1:
        return whole
    satisfiable = requested.range_for_length(size)
    if satisfiable is None:
        return None
    start, stop = satisfiable
    return (start, stop, True)


def _with_headers(response, recording: Recording, *, how: str, etag: str, modified: str):
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = modified
    # Hers alone: never kept by the browser's or anyone's cache, never indexed, never sniffed
    # as anything but the audio it was checked to be.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex, nofollow"
    if how == RecordingAccess.How.DOWNLOAD:
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=download_filename(recording)
        )
    else:
        response["Content-Disposition"] = "inline"
    return response
