from django.conf import settings
from django.utils.functional import SimpleLazyObject

from practice.models import PracticeDetails


def practice(request):
    """The practice's details (lazy, cached) and this page's canonical address."""
    return {
        "practice": SimpleLazyObject(PracticeDetails.load),
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path_info,
    }
