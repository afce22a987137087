from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from clients.fields import EncryptedJSONField, rotate_token


def encrypted_fields() -> list[tuple[type, str]]:
    """Every (model, field name) kept encrypted with the field keys, in any app: the
    screening's answers, and others' too (a listening plan's check-in answers), found through
    the app registry so that clients need not know the apps above it."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedJSONField)
    ]


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted answer (screenings, check-ins) with the newest key in "
        "FIELD_ENCRYPTION_KEYS (the first). Run after putting a new key first; then the old "
        "keys can be removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, batch_size, **options):
        for model, name in encrypted_fields():
            rotated = self.rotate(model, name, batch_size)
            label = model._meta.verbose_name_plural
            self.stdout.write(f"Re-encrypted {rotated} {label} ({name}) with the newest key.")

    def rotate(self, model, name: str, batch_size: int) -> int:
        # The raw tokens: the Cast skips the field's decryption, and MultiFernet.rotate
        # re-encrypts each token as it is, without it ever becoming JSON here.
        rows = model._default_manager.filter(**{f"{name}__isnull": False})
        tokens = rows.annotate(token=Cast(name, TextField())).values_list("pk", "token")
        pks = list(rows.order_by("pk").values_list("pk", flat=True))
        rotated = 0
        for offset in range(0, len(pks), batch_size):
            with transaction.atomic():
                batch = tokens.filter(pk__in=pks[offset : offset + batch_size])
                for pk, token in batch.select_for_update():
                    model._default_manager.filter(pk=pk).update(**{name: rotate_token(token)})
                    rotated += 1
        return rotated
