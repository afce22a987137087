from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from clients.fields import rotate_token
from clients.models import Screening


class Command(BaseCommand):
    help = (
        "Re-encrypt every screening with the newest key in FIELD_ENCRYPTION_KEYS (the first). "
        "Run after putting a new key first; then the old keys can be removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, batch_size, **options):
        # The raw tokens: the Cast skips the field's decryption, and MultiFernet.rotate
        # re-encrypts each token as it is, without it ever becoming JSON here.
        tokens = Screening.objects.annotate(token=Cast("answers", TextField())).values_list(
            "pk", "token"
        )
        pks = list(Screening.objects.order_by("pk").values_list("pk", flat=True))
        rotated = 0
        for offset in range(0, len(pks), batch_size):
            with transaction.atomic():
                batch = tokens.filter(pk__in=pks[offset : offset + batch_size])
                for pk, token in batch.select_for_update():
                    Screening.objects.filter(pk=pk).update(answers=rotate_token(token))
                    rotated += 1
        self.stdout.write(f"Re-encrypted {rotated} screening(s) with the newest key.")
