from django.utils.functional import SimpleLazyObject

from bookings.models import Service


def discovery_call(request):
    """The free discovery call (`Service.objects.discovery_call()`, or None), for any page that
    invites a reader to it (the blog's, which knows nothing of bookings, among them).

    Lazy: only a page that shows the invitation asks the database.
    """
    return {"discovery_call": SimpleLazyObject(Service.objects.discovery_call)}
