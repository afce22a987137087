from django.core.checks import Error

from clients.checks import DEVELOPMENT_KEY, field_encryption_keys


class TestEncryptionKeyCheck:
    def test_production_without_keys_is_an_error(self, settings):
        settings.DEBUG = False
        settings.FIELD_ENCRYPTION_KEYS = []

        assert [e.id for e in field_encryption_keys(None)] == ["clients.E001"]

    def test_a_key_that_is_not_fernet_is_an_error_and_is_not_echoed(self, settings):
        settings.FIELD_ENCRYPTION_KEYS = ["not-a-real-key-secret-123"]

        errors = field_encryption_keys(None)

        assert [e.id for e in errors] == ["clients.E002"]
        assert isinstance(errors[0], Error)
        assert "not-a-real-key-secret-123" not in errors[0].msg

    def test_the_public_development_key_is_refused_in_production(self, settings):
        settings.DEBUG = False
        settings.FIELD_ENCRYPTION_KEYS = [DEVELOPMENT_KEY]

        assert [e.id for e in field_encryption_keys(None)] == ["clients.E003"]

    def test_valid_keys_pass(self, settings):
        settings.DEBUG = False

        assert field_encryption_keys(None) == []
