from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from practice import demo


def _app_demos():
    """Each app's <app>/demo.py, in INSTALLED_APPS order (an app builds on those before it)."""
    for config in apps.get_app_configs():
        if config.name != "practice" and find_spec(f"{config.name}.demo") is not None:
            yield import_module(f"{config.name}.demo")


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
            for app_demo in _app_demos():
                app_demo.seed(now=now, stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins:"))
        for role, email, password in demo.logins():
            self.stdout.write(f"  {role}: {email} / {password}")
        self.stdout.write(f"Open {settings.SITE_URL}/")
