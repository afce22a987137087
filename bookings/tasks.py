"""Background work on the django-tasks queue (the database backend; `manage.py db_worker`).

The periodic ones are listed in settings.PERIODIC_TASKS and enqueued by `manage.py run_periodic`.
E-mails are sent from the outbox by practice/mail.py's tasks.
"""

from django.utils import timezone
from django_tasks import task

from bookings import notifications, services


@task()
def expire_holds() -> int:
    return services.booking_expire_holds(now=timezone.now())


@task()
def send_due_reminders() -> int:
    return notifications.send_due_reminders(now=timezone.now())
