"""What clients plugs in once Django's apps are loaded (imported by ClientsConfig.ready()): its
system checks, and the policies that change the cached public pages."""

from clients import checks  # noqa: F401 (the system checks register themselves)
from clients.models import PolicyDocument, PolicyVersion
from practice.page_cache import CONTENT, register_page_models

register_page_models(CONTENT, PolicyDocument, PolicyVersion)
