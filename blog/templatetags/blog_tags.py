import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.tz import do_timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from blog.models import practice_zone

register = template.Library()

# The same escapes as Django's json_script: no "</script>" or "<!--" can close the block early.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A schema.org data block. It never executes, so the CSP allows it without a nonce."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 (escaped above)


@register.filter
def practice_time(value):
    """A moment in the practice's own time zone, for showing its calendar date.

    Django's own `timezone` filter, so the `date` filter after it does not convert it back.
    """
    return do_timezone(value, practice_zone()) if value else value


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current list's address on another page, keeping the search words."""
    request = context["request"]
    params = {key: value for key, value in request.GET.items() if key == "q" and value}
    if number != 1:
        params["page"] = number
    query = urlencode(params)
    return f"{request.path}?{query}" if query else request.path
