"""The site's own pages: home, about, the sitemap, robots.txt, health and error pages.

They belong to the project, above every app (ARCHITECTURE.md, layer 7), so they may gather
what each app publishes; no app imports them.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from blog.models import Article
from blog.sitemaps import ArticleSitemap, CategorySitemap
from bookings.models import Service
from bookings.sitemaps import ServiceSitemap
from packages.sitemaps import PackageSitemap
from practice.models import CACHE_KEY, PracticeDetails
from practice.page_cache import cache_page_for_readers


@cache_page_for_readers
def home(request):
    details = PracticeDetails.load()
    return render(
        request,
        "practice/home.html",
        {
            "page_description": details.tagline,
            "services": Service.objects.active(),
            "articles": Article.objects.published().for_cards()[:3],
        },
    )


@cache_page_for_readers
def about(request):
    details = PracticeDetails.load()
    return render(
        request,
        "practice/about.html",
        {
            "page_title": f"About {details.practitioner_name}".strip(),
            "page_description": details.practitioner_bio[:300],
        },
    )


class PageSitemap(Sitemap):
    """The site's own pages and each section's index page."""

    changefreq = "monthly"

    def items(self):
        return [
            *("home", "about", "blog:list", "bookings:service-list"),
            *("packages:list", "vouchers:buy"),
        ]

    def location(self, item):
        return reverse(item)


# The site-wide sitemap, one section per app (plain django.contrib.sitemaps.Sitemap classes).
SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "services": ServiceSitemap,
    "packages": PackageSitemap,
}


class _SiteUrl:
    """The sitemap framework's "site", taken from SITE_URL rather than the request's host."""

    def __init__(self):
        parts = urlsplit(settings.SITE_URL)
        self.scheme = parts.scheme or "https"
        self.domain = parts.netloc + parts.path.rstrip("/")


@require_GET
@cache_page_for_readers
def sitemap_xml(request):
    # Crawlers poll it; each app registers the models whose saves change it (page_cache), and a
    # scheduled article ends the cached copy's life when it goes live.
    site = _SiteUrl()
    urlset = []
    for sitemap in SITEMAPS.values():
        urlset.extend(sitemap().get_urls(site=site, protocol=site.scheme))
    return TemplateResponse(
        request, "sitemap.xml", {"urlset": urlset}, content_type="application/xml"
    )


@require_GET
@cache_control(no_store=True)
def healthz(request):
    """For the load balancer and monitoring: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# Private areas are kept out of search engines; the sitemap lists what is public. Of the
# account's pages, only signing up is for them (first, for crawlers that take the first match).
ROBOTS_ALLOW = ["/accounts/signup/"]
ROBOTS_DISALLOW = ["/my/", "/bookings/", "/accounts/", "/calendar/", "/stripe/"]


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Allow: {path}" for path in ROBOTS_ALLOW]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines.append(f"Disallow: /{settings.ADMIN_PATH}/")
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def csrf_failure(request, reason=""):
    """A form sent without a valid security token, usually from a page left open too long.

    Django's own page is bare and renders without the request; this one has the site's layout.
    """
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """The 500 page in the site's layout, drawn without the database or the context processors.

    Either may be what failed, so the practice's details come from the cache when it answers
    and are the model's defaults otherwise, and nothing here runs a query.
    """
    try:
        details = cache.get(CACHE_KEY)
    except Exception:  # a cache that is down must not hide the error page
        details = None
    if details is None:
        details = PracticeDetails()
        details.links = []
    html = loader.get_template("500.html").render({"request": request, "practice": details})
    return HttpResponseServerError(html)


def benchmark_ceiling(request):
    return HttpResponse("ok", content_type="text/plain")
