from django.conf import settings
from django.utils.functional import SimpleLazyObject

from practice.fragments import CSRF_PLACEHOLDER, building_page
from practice.models import PracticeDetails


def practice(request):
    """The practice's details (lazy, cached) and this page's canonical address; on a page
    being kept whole for her, the CSRF token's placeholder (practice/her_pages.py)."""
    context = {
        "practice": SimpleLazyObject(PracticeDetails.load),
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path_info,
    }
    if building_page():
        context["csrf_token"] = CSRF_PLACEHOLDER
    return context
