from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from practice import demo

# Each app seeds its own demo data in <app>/demo.py, in this order (later ones use earlier ones).
APPS = ["clients", "bookings", "payments", "blog"]


class Command(BaseCommand):
    help = "Fill the database with the demo practice (idempotent; development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on: it creates accounts with known passwords."
            )
        now = timezone.now()
        with transaction.atomic():
            demo.seed(now=now, stdout=self.stdout)
            for app in APPS:
                if find_spec(f"{app}.demo") is not None:
                    import_module(f"{app}.demo").seed(now=now, stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins:"))
        for role, email, password in demo.logins():
            self.stdout.write(f"  {role}: {email} / {password}")
        self.stdout.write(f"Open {settings.SITE_URL}/")
