"""The e-mail outbox: each e-mail goes out once, through worker crashes and SMTP outages.

Real SMTP on 127.0.0.1: aiosmtpd as the mail server (accepting, refusing with a 5xx, or taking
the message and then never answering), a listening socket that never speaks (a silent server)
and a port nothing listens on (a refused connection). The worker is the real one
(django-tasks' `db_worker`), in this process or, to be killed, in a subprocess.
"""

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from bookings import services, tasks
from bookings.models import Booking
from practice import mail
from practice.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
Status = OutgoingEmail.Status


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailServer:
    """What an aiosmtpd server received; `refusing` answers DATA with a 5xx, `stalling` takes
    the message and then never answers (as a server that hangs mid-send)."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.refusing = False
        self.stalling = False
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            return "554 5.3.0 Mail system not accepting messages"
        self.messages.append(email.message_from_bytes(envelope.original_content))
        if self.stalling:
            await asyncio.sleep(3600)
        return "250 2.0.0 Accepted"

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]


@pytest.fixture
def smtp_server():
    """Start an SMTP server on 127.0.0.1: `server = smtp_server()`, `server.port`."""
    controllers = []

    def start() -> MailServer:
        handler = MailServer()
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        handler.port = controller.port
        controllers.append(controller)
        return handler

    yield start
    for controller in controllers:
        controller.stop()


class SilentServer:
    """Accepts SMTP connections and never says a word (not even the greeting)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.held.append(connection)

    def close(self):
        """Hang up on everyone: a sender still waiting gets an error instead of waiting on."""
        self.listener.close()
        for held in self.held:
            held.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def refused_port():
    """A port on 127.0.0.1 that nothing listens on: connecting is refused at once."""
    return free_port()


@pytest.fixture
def smtp(settings):
    """Send through Django's real SMTP backend to 127.0.0.1:`port`."""

    def use(port: int, *, timeout: int = 2):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = timeout

    return use


@pytest.fixture
def confirmed(make_booking, client_user, service, practice_details, now, record_payment):
    """Maya's booking, paid and confirmed through the domain: her confirmation and Anna's notice
    are queued in the outbox (and each has its send task)."""
    booking = make_booking(client=client_user, service=service, status="held")
    record_payment(booking, at=now)
    return services.booking_confirm(booking=booking, now=now)


def queue(key="test:one", to="maya@example.com", **fields) -> OutgoingEmail | None:
    return mail.outgoing_email_queue(
        key=key,
        to=to,
        subject="Your appointment on Tuesday 10 March at 10:30 am",
        template="emails/account_deleted",
        context={"name": "Maya", "practice_name": "Quiet Harbour Therapy"},
        html=False,
        **fields,
    )


def row(key: str) -> OutgoingEmail:
    return OutgoingEmail.objects.get(key=key)


# Timeouts ---------------------------------------------------------------------------------


def test_smtp_sends_give_up_after_a_timeout_set_from_the_environment():
    # Without a timeout, Django's SMTP backend waits on a silent server for ever.
    assert isinstance(django_settings.EMAIL_TIMEOUT, int)
    assert 0 < django_settings.EMAIL_TIMEOUT <= 30
    code = "from django.conf import settings; print(settings.EMAIL_TIMEOUT)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "practice.settings_test", "EMAIL_TIMEOUT": "7"}
    shown = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert shown.stdout.strip() == "7"


def test_a_silent_server_times_out_and_the_queue_moves_on(
    confirmed, smtp, silent_server, make_booking, client_user, service, now, run_worker
):
    smtp(silent_server.port, timeout=1)
    stale_hold = make_booking(
        client=client_user,
        service=service,
        start=now + timedelta(days=2),
        hold_expires_at=now - timedelta(minutes=1),
        status="held",
    )
    tasks.expire_holds.enqueue()
    # Without a timeout the worker would wait for ever; hang up on it after 20 s so that the
    # test fails instead.
    watchdog = threading.Timer(20, silent_server.close)
    watchdog.start()

    started = time.monotonic()
    try:
        run_worker()
    finally:
        watchdog.cancel()
    elapsed = time.monotonic() - started

    # Two e-mails, each given up after one timeout's silence, then the next task.
    assert elapsed < 2 * 1 + 5
    stale_hold.refresh_from_db()
    assert stale_hold.status == Booking.Status.EXPIRED
    for email_row in OutgoingEmail.objects.all():
        assert (email_row.status, email_row.attempts) == (Status.QUEUED, 1)
        assert "timed out" in email_row.last_error
        assert email_row.next_attempt_at > now


# Refusals and retries ----------------------------------------------------------------------


def test_a_refusing_server_is_retried_with_back_off_and_sent_once_it_recovers(
    smtp, smtp_server, refused_port, now
):
    queue()
    email_id = row("test:one").pk

    # The mail server is down: the connection is refused.
    smtp(refused_port)
    assert mail.outgoing_email_send(email_id=email_id, now=now) == Status.QUEUED
    first = row("test:one")
    assert first.attempts == 1
    assert first.next_attempt_at == now + timedelta(minutes=1)
    assert "ConnectionRefusedError" in first.last_error

    # Back, but refusing messages: not retried before its time, then refused again.
    server = smtp_server()
    server.refusing = True
    smtp(server.port)
    assert mail.outgoing_emails_send_due(now=now + timedelta(seconds=59)) == 0
    assert server.connections == 0
    assert mail.outgoing_emails_send_due(now=now + timedelta(minutes=1)) == 0
    second = row("test:one")
    assert second.attempts == 2
    assert second.next_attempt_at == now + timedelta(minutes=1) + timedelta(minutes=2)
    assert "554" in second.last_error

    # It recovers: the next due retry sends the e-mail, once.
    server.refusing = False
    assert mail.outgoing_emails_send_due(now=now + timedelta(minutes=2)) == 0
    assert mail.outgoing_emails_send_due(now=second.next_attempt_at) == 1
    assert mail.outgoing_emails_send_due(now=now + timedelta(days=1)) == 0
    (message,) = server.messages
    assert message["To"] == "maya@example.com"
    sent = row("test:one")
    assert (sent.status, sent.attempts, sent.sent_at) == (Status.SENT, 3, second.next_attempt_at)
    assert message["Message-ID"] == sent.message_id


def test_the_sweep_of_due_emails_runs_every_minute():
    assert dict(django_settings.PERIODIC_TASKS)["practice.mail.send_due_emails"] <= 60
    assert import_string("practice.mail.send_due_emails") is mail.send_due_emails


def test_the_back_off_doubles_up_to_a_ceiling():
    delays = [mail.retry_delay(attempt) for attempt in range(1, mail.MAX_ATTEMPTS)]
    assert delays[:4] == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert max(delays) == mail.LONGEST_RETRY
    assert delays == sorted(delays)


def test_an_email_that_finally_failed_counts_on_the_dashboard(
    smtp, refused_port, now, client, staff_user
):
    queue()
    smtp(refused_port)
    moment = now
    for _ in range(mail.MAX_ATTEMPTS):
        mail.outgoing_emails_send_due(now=moment)
        moment += mail.LONGEST_RETRY
    failed = row("test:one")
    assert (failed.status, failed.attempts) == (Status.FAILED, mail.MAX_ATTEMPTS)
    assert mail.outgoing_emails_send_due(now=moment + timedelta(days=1)) == 0
    assert row("test:one").attempts == mail.MAX_ATTEMPTS  # no attempt after the last

    client.force_login(staff_user)
    page = client.get(reverse("admin:index")).content.decode()
    failed_list = reverse("admin:practice_outgoingemail_changelist") + "?status__exact=failed"
    assert f'<a href="{failed_list}" data-figure="failed-emails">1 e-mail could not be sent' in (
        page.replace("&amp;", "&")
    )

    # The list it links to shows the e-mail and why; nobody can edit or delete it there.
    listed = client.get(failed_list)
    assert "Your appointment on Tuesday 10 March" in listed.content.decode()
    change = reverse("admin:practice_outgoingemail_change", args=[failed.pk])
    assert client.post(change, {"status": "queued"}).status_code == 403
    delete = reverse("admin:practice_outgoingemail_delete", args=[failed.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:practice_outgoingemail_add")).status_code == 403
    assert row("test:one").status == Status.FAILED


def test_the_dashboard_says_nothing_of_emails_while_none_failed(client, staff_user):
    queue()
    client.force_login(staff_user)
    assert "could not be sent" not in client.get(reverse("admin:index")).content.decode()


# Once, and only once ----------------------------------------------------------------------


def test_the_same_email_queued_twice_is_sent_once(smtp, smtp_server, run_worker, now):
    server = smtp_server()
    smtp(server.port)

    assert queue() is not None
    assert queue() is None  # the same logical e-mail: nothing more is queued
    run_worker()
    assert queue() is None  # nor after it went
    run_worker()
    mail.outgoing_emails_send_due(now=timezone.now() + timedelta(days=1))

    assert len(server.messages) == 1
    assert OutgoingEmail.objects.count() == 1


def test_the_html_part_goes_out_with_its_look_written_into_style_attributes(
    smtp, smtp_server, run_worker, practice_details
):
    server = smtp_server()
    smtp(server.port)
    context = {"practice": practice_details, "site_url": django_settings.SITE_URL}

    queued = mail.outgoing_email_queue(
        key="test:styled",
        to="maya@example.com",
        subject="Hello",
        template="emails/base",
        context=context,
    )
    # Kept as written: classes only, the stylesheet once in emails/email.css...
    assert 'style="' not in queued.body_html
    run_worker()

    # ...and styled as it is sent, beside its text part.
    (received,) = server.messages
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in received.walk()
        if not part.is_multipart()
    }
    assert set(parts) == {"text/plain", "text/html"}
    assert "Quiet Harbour Therapy" in parts["text/plain"]
    assert '<body style="' in parts["text/html"]
    assert '<div class="card" style="' in parts["text/html"]


def test_an_email_a_live_worker_is_sending_is_not_sent_again_by_the_sweep(now):
    queue()
    email_id = row("test:one").pk
    # A worker has claimed it (and is still within its lease).
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=Status.SENDING, claimed_until=now + mail.lease(), attempts=1
    )

    assert mail.outgoing_email_send(email_id=email_id, now=now + timedelta(minutes=1)) is None
    assert mail.outgoing_emails_send_due(now=now + timedelta(minutes=1)) == 0
    assert row("test:one").status == Status.SENDING


WORKER = """
import sys
import django
from django.conf import settings
from django.core.management import call_command

django.setup()
settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
settings.EMAIL_HOST = "127.0.0.1"
settings.EMAIL_PORT = int(sys.argv[1])
settings.EMAIL_USE_TLS = False
call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
"""


def database_url() -> str:
    """The test database, for a worker in another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_an_email_whose_worker_was_killed_mid_send_is_sent_once_by_the_sweep(
    confirmed, smtp, smtp_server, run_worker
):
    from django_tasks_db.models import DBTaskResult

    # The worker (another process) connects to a server that takes the message and hangs.
    hanging = smtp_server()
    hanging.stalling = True
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "practice.settings_test",
        "DATABASE_URL": database_url(),
        "EMAIL_TIMEOUT": "120",  # still waiting when it is killed
    }
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(hanging.port)], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while not hanging.messages and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert hanging.messages, "the worker never reached the SMTP server"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    # The worker died mid-send: its task stays RUNNING for ever, the e-mail is claimed.
    assert DBTaskResult.objects.filter(status="RUNNING").count() == 1
    (abandoned,) = OutgoingEmail.objects.filter(status=Status.SENDING)
    assert abandoned.attempts == 1

    server = smtp_server()
    smtp(server.port)
    run_worker()  # the other e-mail's task: sent; the abandoned one is not a worker's to take
    assert len(server.messages) == 1
    now = timezone.now()
    assert mail.outgoing_emails_send_due(now=now) == 0  # its lease has not run out yet

    # Once the lease has run out, the sweep sends it: once, with the same Message-ID.
    assert mail.outgoing_emails_send_due(now=abandoned.claimed_until) == 1
    assert mail.outgoing_emails_send_due(now=abandoned.claimed_until + timedelta(hours=1)) == 0
    run_worker()

    assert len(server.messages) == 2
    assert sorted(message["To"] for message in server.messages) == [
        "anna@quietharbour.example",
        "maya@example.com",
    ]
    assert hanging.message_ids()[0] in server.message_ids()
    assert OutgoingEmail.objects.filter(status=Status.SENT).count() == 2


# Erased accounts --------------------------------------------------------------------------


def test_an_email_for_an_account_deleted_before_it_went_is_not_sent(client_user, now, mailoutbox):
    queue(recipient=client_user)
    client_user.is_active = False  # what erasing the account does (clients/privacy.py)
    client_user.email = "deleted-1-0123456789ab@erased.invalid"
    client_user.save()

    assert mail.outgoing_emails_send_due(now=now) == 0
    assert mailoutbox == []
    skipped = row("test:one")
    assert skipped.status == Status.SKIPPED
    assert (skipped.to, skipped.body_text) == ("", "")
    assert queue(key="test:two", recipient=client_user) is None


def test_erasing_an_account_drops_its_waiting_emails_and_blanks_those_that_failed(client_user, now):
    from clients.privacy import account_erase

    queue(key="test:waiting", recipient=client_user)
    queue(key="test:failed", recipient=client_user)
    OutgoingEmail.objects.filter(key="test:failed").update(
        status=Status.FAILED, attempts=mail.MAX_ATTEMPTS, last_error="550 maya@example.com"
    )

    account_erase(user=client_user, now=now)

    waiting, failed = row("test:waiting"), row("test:failed")
    assert (waiting.status, waiting.to, waiting.body_text) == (Status.SKIPPED, "", "")
    assert (failed.status, failed.to, failed.body_text, failed.last_error) == (
        Status.FAILED,
        "",
        "",
        "",
    )
    # The confirmation of the deletion still goes, to the address the client had.
    assert row(f"account-deleted:{client_user.pk}").to == "maya@example.com"


def test_a_sent_email_keeps_no_copy_of_its_content(now, mailoutbox):
    queue()
    assert mail.outgoing_emails_send_due(now=now) == 1

    (message,) = mailoutbox
    assert "Hello Maya" in message.body
    sent = row("test:one")
    assert (sent.to, sent.subject, sent.body_text, sent.attachments) == ("", "", "", [])
