"""Her answers to a check-in: how it is going (a five-point scale) and, if she likes, a few
words. Kept encrypted (CheckIn.answer); the practitioner reads them on her dashboard and on the
client's page in the admin.

The e-mail's five links each open the check-in page with one answer chosen, which records it
for the signed-in client (a link scanner, never signed in, is sent to the sign-in page and
changes nothing); she may then add a message or change her answer.
"""

from datetime import datetime

from django.db import transaction

from aftercare.models import CheckIn
from aftercare.plans import PlanError

Feeling = CheckIn.Feeling
LONGEST_MESSAGE = 2000


def _feeling(value) -> int:
    try:
        feeling = int(value)
    except (TypeError, ValueError):
        feeling = None
    if feeling not in Feeling.values:
        raise PlanError("Please choose one of the five answers.")
    return feeling


def check_in_answer(
    *, check_in: CheckIn, feeling, message: str | None = None, now: datetime
) -> CheckIn:
    """Record her answer; `message` None keeps the words she wrote before (a one-click answer
    from the e-mail), "" clears them."""
    chosen = _feeling(feeling)
    if message is not None:
        message = message.strip()
        if len(message) > LONGEST_MESSAGE:
            raise PlanError(f"Please keep your message under {LONGEST_MESSAGE} characters.")
    with transaction.atomic(durable=True):
        current = CheckIn.objects.select_for_update().get(pk=check_in.pk)
        kept = (current.answer or {}).get("message", "")
        current.answer = {"feeling": chosen, "message": kept if message is None else message}
        current.answered_at = now
        current.save(update_fields=["answer", "answered_at"])
    return current
