from django.utils.functional import SimpleLazyObject

from bookings.models import Service
from practice.page_cache import CONTENT, pages_version

# The discovery call as this process last read it, under the "content" version it was read at
# (services are content: any save of one replaces the version, in every process at once).
_kept: list[tuple[str, Service | None] | None] = [None]


def _discovery_call() -> Service | None:
    version = pages_version(CONTENT)  # read before the service: a change meanwhile wins
    kept = _kept[0]
    if kept is not None and kept[0] == version:
        return kept[1]
    service = Service.objects.discovery_call()
    _kept[0] = (version, service)
    return service


def discovery_call(request):
    """The free discovery call (`Service.objects.discovery_call()`, or None), for any page that
    invites a reader to it (the blog's, which knows nothing of bookings, among them).

    Lazy: only a page that shows the invitation asks for it, and then from this process while
    no service changes (signed-in pages are not cached whole, and several show it).
    """
    return {"discovery_call": SimpleLazyObject(_discovery_call)}
