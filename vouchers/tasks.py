"""Background work on the django-tasks queue; listed in settings.PERIODIC_TASKS."""

from django.utils import timezone
from django_tasks import task

from vouchers import delivery, redemption


@task()
def deliver_vouchers() -> int:
    """Gift vouchers whose day and hour have come, e-mailed to their recipients."""
    return delivery.vouchers_deliver_due(now=timezone.now())


@task()
def release_voucher_reservations() -> int:
    """What vouchers reserved for holds that ended unconfirmed, given back to their balance."""
    return redemption.reservations_release_ended(now=timezone.now())
