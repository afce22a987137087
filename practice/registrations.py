"""What the kernel plugs in once Django's apps are loaded (imported by PracticeConfig.ready()):
its system checks, and which of its models change the cached public pages."""

from practice import checks  # noqa: F401 (the system checks register themselves)
from practice.models import PracticeDetails, SocialLink
from practice.page_cache import CONTENT, register_page_models

register_page_models(CONTENT, PracticeDetails, SocialLink)
