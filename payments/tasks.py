"""The periodic payment jobs (settings.PERIODIC_TASKS, enqueued by `manage.py run_periodic`).

`send_refund` lives beside `refund_issue`, which enqueues it (payments/refunds.py).
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from payments.client import is_offline
from payments.reconcile import reconcile
from payments.refunds import refunds_retry_pending

logger = logging.getLogger(__name__)


@task()
def retry_pending_refunds() -> int:
    return refunds_retry_pending(now=timezone.now())


@task()
def reconcile_recent() -> int:
    """The hourly safety net behind the webhook: settle yesterday's paid sessions it missed.

    Returns how many paid sessions needed settling; what needs a person is logged.
    """
    if is_offline():
        return 0
    now = timezone.now()
    report = reconcile(since=now - timedelta(days=1), now=now, fix=True)
    for finding in report.needs_a_person:
        logger.warning("Payments check: booking %s: %s", finding.reference, finding.note)
    return len(report.paid_unconfirmed)
