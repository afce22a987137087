from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from blog.models import Article
from bookings.models import Service
from practice.models import PracticeDetails
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


# Private areas are kept out of search engines; the sitemap lists what is public.
ROBOTS_DISALLOW = ["/my/", "/bookings/", "/accounts/", "/calendar/", "/stripe/"]


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines.append(f"Disallow: /{settings.ADMIN_PATH}/")
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def benchmark_ceiling(request):
    return HttpResponse("ok", content_type="text/plain")
