"""Another URLconf, for tests/practice/test_layout_links.py: the same names at other addresses."""

from django.http import HttpResponse
from django.urls import include, path


def _page(request, slug=""):
    return HttpResponse(slug)


clients_urls = ([path("elsewhere/<slug:slug>/", _page, name="policy-detail")], "clients")

urlpatterns = [
    path("elsewhere/", _page, name="home"),
    path("", include(clients_urls)),
]
