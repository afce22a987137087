"""Background work on the django-tasks queue; listed in settings.PERIODIC_TASKS."""

from django.utils import timezone
from django_tasks import task

from packages import credits


@task()
def release_ended_reservations() -> int:
    """Credits reserved by holds that ended go back to their packages."""
    return credits.reservations_release_ended(now=timezone.now())
