from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register

# The fixed key settings.py uses with DEBUG on; it is public, so never good enough for real data.
DEVELOPMENT_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="


@register(Tags.security)
def field_encryption_keys(app_configs, **kwargs):
    """Health answers are encrypted with FIELD_ENCRYPTION_KEYS: refuse to run without real ones."""
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [])
    errors = []
    if not keys and not settings.DEBUG:
        errors.append(
            Error(
                "FIELD_ENCRYPTION_KEYS is not set, so screening answers cannot be encrypted.",
                hint='Set FIELD_ENCRYPTION_KEYS to a key made with `python -c "from '
                'cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.',
                id="clients.E001",
            )
        )
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            # Say which one, never what it is.
            errors.append(
                Error(
                    f"Key number {position} in FIELD_ENCRYPTION_KEYS is not a valid Fernet key.",
                    hint="Each key is 32 random bytes in URL-safe base64 (44 characters).",
                    id="clients.E002",
                )
            )
    if not settings.DEBUG and DEVELOPMENT_KEY in keys:
        errors.append(
            Error(
                "FIELD_ENCRYPTION_KEYS contains the public development key.",
                hint="Generate a key of your own for real data.",
                id="clients.E003",
            )
        )
    return errors
