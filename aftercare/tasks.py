"""Background work on the django-tasks queue; listed in settings.PERIODIC_TASKS."""

from django.utils import timezone
from django_tasks import task

from aftercare import reminders


@task()
def send_listening_emails() -> int:
    """The listening plans' reminders, check-ins and follow-up invitations that are due."""
    return reminders.plan_emails_send_due(now=timezone.now())
