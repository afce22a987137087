"""An encrypted JSON field for health data (the suitability screening, check-in answers).

The column holds a Fernet token (AES-128-CBC with HMAC-SHA256, from `cryptography`); the
plaintext JSON exists only in memory. Keys come from ``settings.FIELD_ENCRYPTION_KEYS``, newest
first: the first key encrypts, every key decrypts. To rotate, put a new key in front, deploy,
run ``manage.py rotate_screening_keys`` (re-encrypts every row of every model with such a field
with the new key), then drop the old key.

`encrypt_text` and `decrypt_text` use the same keys for text kept elsewhere (a cached copy of
what shows health data); a copy under a removed key reads as missing.

Values come back as `SealedDict`, whose repr and str never show the answers, so a stray log
line or an error report prints "<sealed>" instead of someone's health.
"""

import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class SealedDict(dict):
    """A dict that keeps its contents out of logs, tracebacks and debug pages."""

    def __repr__(self):
        return "<sealed>"

    __str__ = __repr__


class Ciphertext(str):
    """A token already encrypted (key rotation writes these back untouched)."""


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: health data cannot be encrypted or read."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        # Never echo the key itself.
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key."
        ) from error


def current_fernet() -> MultiFernet:
    return _multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_json(value) -> str:
    plaintext = json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    return current_fernet().encrypt(plaintext).decode("ascii")


def decrypt_json(token: str) -> SealedDict:
    try:
        plaintext = current_fernet().decrypt(token.encode("ascii"))
    except InvalidToken:
        raise ImproperlyConfigured(
            "An encrypted value could not be read with any key in FIELD_ENCRYPTION_KEYS "
            "(was a key removed before `rotate_screening_keys` ran?)."
        ) from None
    return SealedDict(json.loads(plaintext))


def encrypt_text(text: str) -> str:
    """`text` encrypted with the newest key, for health data kept outside the database too
    (the desk's listening plans in the shared cache): never there as plain text."""
    return current_fernet().encrypt(text.encode()).decode("ascii")


def decrypt_text(token: str) -> str | None:
    """`encrypt_text`'s text back; None when no key in FIELD_ENCRYPTION_KEYS opens `token` (it
    was encrypted under a key since removed): a copy to make again, not an error."""
    try:
        return current_fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError):
        return None


def rotate_token(token: str) -> Ciphertext:
    """The same plaintext, re-encrypted with the newest key (keeps the original timestamp)."""
    return Ciphertext(current_fernet().rotate(token.encode("ascii")).decode("ascii"))


class EncryptedJSONField(models.TextField):
    """JSON in, JSON out; a Fernet token in the database. Not searchable, by design."""

    description = "JSON encrypted with Fernet"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt_json(value)

    def to_python(self, value):
        if value is None or isinstance(value, SealedDict):
            return value
        if isinstance(value, dict):
            return SealedDict(value)
        if isinstance(value, str):
            return decrypt_json(value)
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, Ciphertext):
            return str(value)
        return encrypt_json(value)

    def value_to_string(self, obj):
        # Serialisers (dumpdata) get the ciphertext, never the plaintext.
        return self.get_prep_value(self.value_from_object(obj))

    def get_lookup(self, lookup_name):
        # Ciphertext is randomised: every lookup but isnull would silently never match.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)
