"""The site will not start with a default video server that is not a secure address."""

import pytest
from django.core import checks

from rooms.checks import jitsi_base_url


@pytest.mark.parametrize(
    "server", ["http://meet.example", "https://meet.example/?room=1", "meet.example"]
)
def test_an_insecure_or_odd_default_server_stops_the_site(settings, server):
    settings.JITSI_BASE_URL = server

    (error,) = jitsi_base_url(None)

    assert error.id == "rooms.E001"
    assert "JITSI_BASE_URL" in error.msg
    assert error in checks.run_checks()


@pytest.mark.parametrize("server", ["https://meet.jit.si", "https://jitsi.example.org/rooms"])
def test_a_secure_server_address_passes(settings, server):
    settings.JITSI_BASE_URL = server

    assert jitsi_base_url(None) == []
