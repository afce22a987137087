"""The e-mail outbox: every e-mail the site sends goes through here, and goes out once.

- `outgoing_email_queue`: renders an e-mail and writes it to the outbox in the caller's
  transaction (so it exists exactly when the change it tells of commits), then asks the task
  worker to send it once that commits. A key names each logical e-mail: queueing the same one
  again does nothing.
- `outgoing_email_send`: claims one e-mail with a conditional UPDATE and a lease, sends it with
  settings.EMAIL_TIMEOUT, and records the outcome. A refusal or a silent server leaves it for a
  retry after an exponential back-off; after the last attempt it is marked failed, which the
  admin's dashboard counts.
- `email_styled`: writes the e-mails' stylesheet (templates/emails/email.css) into the style
  attributes of a message's HTML part as it is sent, with css-inline: many mail apps drop a
  <style> block. The outbox's e-mails and allauth's (clients/adapter.py) both go through it.
- `outgoing_emails_send_due` (every minute): sends what is due: first tries whose task was lost,
  retries past their back-off, and e-mails whose worker died mid-send (its lease ran out). The
  outbox, not the task queue, is the record of what must still go out.

E-mails to a deleted account (an inactive user) are never sent: this is the one place that
rule lives. A worker that dies after the server accepted the message but before the row says
so sends it again on the sweep; the stable Message-ID lets mail software recognise the copy.
"""

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid

import css_inline
from django.conf import settings
from django.core.mail import EmailAlternative, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from practice.models import OutgoingEmail
from practice.page_cache import forget_pages_of

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=1)  # then 2, 4, 8 ... minutes
LONGEST_RETRY = timedelta(hours=2)  # ten attempts span about six hours of an outage
# Errors a send can meet on the network: refused or dropped connections, timeouts, TLS
# failures (all OSErrors) and every SMTP-level refusal.
SEND_ERRORS = (OSError, smtplib.SMTPException)

Status = OutgoingEmail.Status
_CLEARED = {"to": "", "subject": "", "body_text": "", "body_html": "", "attachments": []}


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: doubling, up to a ceiling."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def lease() -> timedelta:
    """How long a claim lasts: well beyond the longest a send can take (each of its SMTP
    steps may wait EMAIL_TIMEOUT), so a live sender is never taken for a dead one."""
    return max(timedelta(minutes=5), 10 * timedelta(seconds=settings.EMAIL_TIMEOUT))


def _is_erased(user) -> bool:
    # An erased account is deactivated and its address replaced (clients.privacy).
    return user is not None and not user.is_active


def _message_id() -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return make_msgid(domain=host or "localhost")


def outgoing_email_queue(
    *,
    key: str,
    to: str,
    subject: str,
    template: str,
    context: dict,
    html: bool = True,
    attachments: Iterable[Attachment] = (),
    recipient=None,
) -> OutgoingEmail | None:
    """Render `template`.txt (and .html) and queue the e-mail, in the caller's transaction.

    `recipient` is the account the e-mail is for, if any. Returns None, changing nothing, when
    the e-mail with this `key` was queued before or the account has been deleted.
    """
    if _is_erased(recipient) or OutgoingEmail.objects.filter(key=key).exists():
        return None
    email = OutgoingEmail(
        key=key,
        message_id=_message_id(),
        recipient=recipient,
        to=to,
        subject=subject,
        body_text=render_to_string(f"{template}.txt", context),
        body_html=render_to_string(f"{template}.html", context) if html else "",
        attachments=[asdict(attachment) for attachment in attachments],
    )
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:  # the same e-mail, queued by a concurrent transaction just now
        return None
    email_id = email.pk
    transaction.on_commit(lambda: send_outgoing_email.enqueue(email_id))
    return email


def email_styled(message: EmailMultiAlternatives) -> EmailMultiAlternatives:
    """`message` with the e-mails' look written into each element of its HTML part.

    Templates style by class only and the stylesheet is written once (emails/email.css); here it
    becomes style attributes, which every mail app keeps. Nothing is fetched: a <link> is
    dropped, never loaded. The plain-text part is left as it is.
    """
    inliner = css_inline.CSSInliner(
        extra_css=render_to_string("emails/email.css"),
        load_remote_stylesheets=False,
        keep_link_tags=False,
    )
    message.alternatives = [
        EmailAlternative(inliner.inline(part.content), part.mimetype)
        if part.mimetype == "text/html"
        else part
        for part in message.alternatives
    ]
    return message


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        headers={"Message-ID": email.message_id},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email_styled(message)


def outgoing_email_send(*, email_id: int, now: datetime) -> str | None:
    """Send one e-mail if it is due and nobody else is sending it; its status after, or None
    when it was not ours to send (sent already, claimed by a live sender, or not due yet)."""
    claim_ends = now + lease()
    claimed = (
        OutgoingEmail.objects.due(now=now)
        .filter(pk=email_id, attempts__lt=MAX_ATTEMPTS)
        .update(status=Status.SENDING, claimed_until=claim_ends, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    email = OutgoingEmail.objects.select_related("recipient").get(pk=email_id)
    # Only this claim may record the outcome: if it ran out and another sender took over, the
    # other sender's record stands.
    ours = OutgoingEmail.objects.filter(pk=email_id, claimed_until=claim_ends)
    if _is_erased(email.recipient):
        ours.update(status=Status.SKIPPED, claimed_until=None, **_CLEARED)
        return Status.SKIPPED
    try:
        _message(email).send()
    except SEND_ERRORS as error:
        failed = f"{type(error).__name__}: {error}"[:1000]
        if email.attempts >= MAX_ATTEMPTS:
            logger.error("E-mail %s not sent after %s attempts; giving up.", email_id, MAX_ATTEMPTS)
            ours.update(status=Status.FAILED, claimed_until=None, last_error=failed)
            forget_pages_of(OutgoingEmail)  # the practitioner's desk counts them
            return Status.FAILED
        logger.warning("E-mail %s not sent (%s); will retry.", email_id, type(error).__name__)
        ours.update(
            status=Status.QUEUED,
            claimed_until=None,
            next_attempt_at=now + retry_delay(email.attempts),
            last_error=failed,
        )
        return Status.QUEUED
    ours.update(status=Status.SENT, sent_at=now, claimed_until=None, **_CLEARED)
    return Status.SENT


def outgoing_emails_send_due(*, now: datetime, limit: int = 100) -> int:
    """Send the e-mails that are due (the periodic sweep); returns how many went out.

    Stops at the first send that fails: the server is probably down, and waiting out a
    timeout for every e-mail would hold the worker for minutes; the rest wait for the next run.
    """
    given_up = (
        OutgoingEmail.objects.due(now=now)
        .filter(status=Status.SENDING, attempts__gte=MAX_ATTEMPTS)
        .update(
            status=Status.FAILED,
            claimed_until=None,
            last_error="The worker stopped while sending it, on the last attempt.",
        )
    )
    if given_up:
        forget_pages_of(OutgoingEmail)  # the practitioner's desk counts them
    due = OutgoingEmail.objects.due(now=now).order_by("created_at", "pk")
    sent = 0
    for email_id in list(due.values_list("pk", flat=True)[:limit]):
        status = outgoing_email_send(email_id=email_id, now=now)
        if status == Status.SENT:
            sent += 1
        elif status in (Status.QUEUED, Status.FAILED):
            break
    return sent


def outgoing_emails_forget(*, user) -> int:
    """Part of erasing an account: what is still waiting for `user` is dropped, and what
    could not be sent to them loses its content (their address and what it said)."""
    waiting = OutgoingEmail.objects.filter(recipient=user, status=Status.QUEUED).update(
        status=Status.SKIPPED, **_CLEARED
    )
    failed = OutgoingEmail.objects.filter(recipient=user, status=Status.FAILED).update(
        last_error="", **_CLEARED
    )
    return waiting + failed


@task()
def send_outgoing_email(email_id: int) -> str | None:
    return outgoing_email_send(email_id=email_id, now=timezone.now())


@task()
def send_due_emails() -> int:
    return outgoing_emails_send_due(now=timezone.now())
