"""Markdown to safe HTML, for everything the practitioner writes in the admin.

Markdown may contain raw HTML, so its output is always cleaned by nh3 (Ammonia) with a short
allow-list: no scripts, no event handlers, no styles, only http(s) and mailto links.
Headings get stable ids (from their text) so a table of contents can link to them.
"""

from dataclasses import dataclass, field

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "td": {"align"},
    "th": {"align", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)


def _flatten(tokens, into):
    for token in tokens:
        into.append(Heading(level=token["level"], id=token["id"], title=token["name"]))
        _flatten(token["children"], into)
    return into


def _convert(text: str, baselevel: int) -> tuple[str, list]:
    md = markdown.Markdown(
        extensions=["extra", "sane_lists", "toc"],
        extension_configs={"toc": {"baselevel": baselevel}},
        output_format="html",
    )
    return md.convert(text), md.toc_tokens


def render_markdown(text: str) -> Rendered:
    """Render Markdown to sanitised HTML and list its headings.

    The page's own title is its only <h1>, so if the text uses `#` headings they are all
    shifted down one level; `##` stays <h2>. That keeps the outline valid for screen readers.
    """
    raw_html, tokens = _convert(text or "", baselevel=1)
    if any(token["level"] == 1 for token in tokens):
        raw_html, tokens = _convert(text, baselevel=2)
    clean_html = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Rendered(html=clean_html, headings=_flatten(tokens, []))
