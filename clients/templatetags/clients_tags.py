from django import template
from django.utils import timezone

from clients.models import PolicyVersion

register = template.Library()


@register.inclusion_tag("clients/_policy_notices.html")
def policy_notices(*kinds):
    """The short form of the given policies (current versions), each linking its full text."""
    versions = {
        version.document.kind: version
        for version in PolicyVersion.objects.current(now=timezone.now()).filter(
            document__kind__in=kinds
        )
    }
    return {"notices": [versions[kind] for kind in kinds if kind in versions]}
