"""The public policy pages: /policies/<slug>/ (current version) and earlier versions."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from clients.models import PolicyKind, PolicyVersion
from practice.markdown import render_markdown
from practice.page_cache import cache_page_for_readers


def _return_to(request) -> str:
    """Where "Back" goes when the client came from a form (keeps their place); local only."""
    candidate = request.GET.get("from", "")
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _current(slug: str) -> PolicyVersion | None:
    return PolicyVersion.objects.current(now=timezone.now()).filter(document__kind=slug).first()


def _render(request, version: PolicyVersion, *, current: PolicyVersion):
    rendered = render_markdown(version.body)
    is_current = version.pk == current.pk
    return render(
        request,
        "clients/policy_detail.html",
        {
            "version": version,
            "current": current,
            "is_current": is_current,
            "body_html": rendered.html,
            "headings": [heading for heading in rendered.headings if heading.level == 2],
            "return_to": _return_to(request),
            "page_title": version.title,
            "page_description": version.summary,
            "noindex": not is_current,
        },
    )


@cache_page_for_readers
@require_GET
def policy_detail(request, slug):
    current = _current(slug) if slug in PolicyKind.values else None
    if current is None:
        raise Http404("No such policy, or it has not been published yet.")
    return _render(request, current, current=current)


@cache_page_for_readers
@require_GET
def policy_version(request, slug, number):
    """An exact earlier (or the current) version, as a client accepted it."""
    version = get_object_or_404(
        PolicyVersion.objects.published(now=timezone.now()).select_related("document"),
        document__kind=slug,
        number=number,
    )
    return _render(request, version, current=_current(slug))
