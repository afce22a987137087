"""Test data for the listening plan's tests (test_plans, test_listening, test_reminders,
test_check_ins, test_pages*): rows as the upload and the plan's start would leave them.

Plain functions, not fixtures: tests/aftercare/conftest.py belongs to the recordings' tests.
"""

from datetime import UTC, date, datetime, time, timedelta

from aftercare.models import ListeningDay, ListeningPlan, Recording
from practice.models import OutgoingEmail


def recording_make(
    *, client, booking=None, seconds: float = 100.0, acknowledged_at=None, title: str = ""
) -> Recording:
    """A recording row of `seconds`; its file is named, not written (the file views' tests
    handle real files; the browser test serves real audio itself)."""
    recording = Recording(
        client=client,
        booking=booking,
        title=title,
        content_type="audio/mpeg",
        duration_seconds=seconds,
        size_bytes=int(seconds * 8000),
        acknowledged_at=acknowledged_at,
    )
    recording.file.name = "recordings/not-written.mp3"
    recording.save()
    return recording


def plan_make(
    recording: Recording,
    *,
    starts_on: date,
    listen_at: time = time(8, 0),
    time_zone: str = "Europe/London",
    days: int = 21,
    check_in_days: str = "2,14",
    status: str = ListeningPlan.Status.ACTIVE,
    **fields,
) -> ListeningPlan:
    return ListeningPlan.objects.create(
        recording=recording,
        starts_on=starts_on,
        listen_at=listen_at,
        time_zone=time_zone,
        days=days,
        check_in_days=check_in_days,
        status=status,
        status_changed_at=fields.pop("status_changed_at", datetime(2026, 1, 1, tzinfo=UTC)),
        **fields,
    )


def listened_on(plan: ListeningPlan, *days: date) -> None:
    """Mark `days` listened, as crediting would have."""
    for day in days:
        ListeningDay.objects.create(
            plan=plan,
            day=day,
            seconds_played=int(plan.recording.duration_seconds),
            listened_at=datetime.combine(day, time(12), tzinfo=UTC),
        )


def outbox(prefix: str) -> list[OutgoingEmail]:
    """The e-mails queued whose key starts with `prefix`, oldest first."""
    return list(OutgoingEmail.objects.filter(key__startswith=prefix).order_by("pk"))


def minutes_near(
    start: datetime, end: datetime, around: list[datetime], *, within: int = 90, step: int = 15
):
    """From `start` (included) to `end` (excluded): every minute within `within` minutes of one
    of `around` (the moments an e-mail is expected), and every `step` minutes elsewhere.

    As sure as every minute: an e-mail due at any other time is still sent at the next of these
    moments (it stays due until it is sent, once a day), which the expected list does not hold.
    Only the minute before each expected moment has to be one of them for that; a wider window
    adds runs, not certainty.
    """
    near = timedelta(minutes=within)
    moment = start
    while moment < end:
        yield moment
        close = any(abs(moment - expected) <= near for expected in around)
        ahead = [expected - near for expected in around if expected - near > moment]
        jump = timedelta(minutes=1 if close else step)
        if not close and ahead:
            jump = min(jump, min(ahead) - moment)
        moment += jump
