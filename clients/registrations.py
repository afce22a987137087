"""What clients plugs in once Django's apps are loaded (imported by ClientsConfig.ready()): its
system checks, and the policies that change the cached public pages."""

from clients import checks  # noqa: F401 (the system checks register themselves)
from clients.models import ConsentRecord, PolicyDocument, PolicyVersion, Profile, Screening, User
from practice.fragments import register_fragment_change, register_fragment_owner
from practice.page_cache import CONTENT, register_page_models

register_page_models(CONTENT, PolicyDocument, PolicyVersion)


# Her cached parts of the client's pages (practice/fragments.py): her account, profile,
# consents and screening; and every client's when a policy version goes live.
register_fragment_owner(User, "pk")
register_fragment_owner(Profile, "user_id")
register_fragment_owner(ConsentRecord, "user_id")
register_fragment_owner(Screening, "user_id")
register_fragment_change(PolicyVersion.objects.next_publication)
