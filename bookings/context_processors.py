from django.utils.functional import SimpleLazyObject

from bookings.models import Service
from practice.page_cache import CONTENT, kept_in_process

# Services are content: any save of one replaces the version, in every process at once.
_discovery_call = kept_in_process(CONTENT, Service.objects.discovery_call)


def discovery_call(request):
    """The free discovery call (`Service.objects.discovery_call()`, or None), for any page that
    invites a reader to it (the blog's, which knows nothing of bookings, among them).

    Lazy: only a page that shows the invitation asks for it, and then from this process while
    no service changes (signed-in pages are not cached whole, and several show it).
    """
    return {"discovery_call": SimpleLazyObject(_discovery_call)}
