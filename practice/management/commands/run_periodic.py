import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks of settings.PERIODIC_TASKS on their intervals "
        "(the db_worker runs them). Run one beside the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue each task once, then exit."
        )

    def handle(self, *args, **options):
        tasks = [(import_string(path), seconds) for path, seconds in settings.PERIODIC_TASKS]
        next_run = [0.0] * len(tasks)
        while True:
            now = time.monotonic()
            for index, (task, seconds) in enumerate(tasks):
                if now >= next_run[index]:
                    task.enqueue()
                    next_run[index] = now + seconds
            if options["once"]:
                return
            time.sleep(5)
