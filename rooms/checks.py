"""System check: the default Jitsi server is a secure (https) address without ? or #, or the
site would send clients to rooms that do not work or are not private."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ValidationError

from rooms.models import validate_base_url


@register()
def jitsi_base_url(app_configs, **kwargs):
    try:
        validate_base_url(settings.JITSI_BASE_URL)
    except ValidationError:
        return [
            Error(
                "JITSI_BASE_URL is not a secure server address.",
                hint="Set it to your Jitsi server's https address, such as https://meet.jit.si, "
                "or leave it unset for that one.",
                id="rooms.E001",
            )
        ]
    return []
