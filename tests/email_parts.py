"""Reading a sent e-mail as a mail app would: its text and HTML parts, the elements of its HTML,
the links in each part. Plain functions without asserts: the tests assert on what they return.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# What a mail app would fetch or run, or a look that lives outside the elements' own style
# attributes (which many mail apps drop): none of it may be in an e-mail.
FORBIDDEN_TAGS = {"style", "link", "img", "script", "iframe", "object", "picture", "source"}
TEXT_LINK = re.compile(r"https?://[^\s<>\"]+")


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []

    def handle_starttag(self, tag, attrs):
        self.found.append(Element(tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def html_of(message) -> str:
    """The message's one HTML part."""
    (html,) = [part.content for part in message.alternatives if part.mimetype == "text/html"]
    return html


def unstyled(html: str) -> str:
    """The HTML without its style attributes: what it says, as the template wrote it."""
    return re.sub(r' style="[^"]*"', "", html)


def elements(html: str) -> list[Element]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def styles(element: Element) -> dict[str, str]:
    """An element's style attribute as {property: value}."""
    declarations = (item.split(":", 1) for item in element.attrs.get("style", "").split(";"))
    return {name.strip(): value.strip() for name, value in (d for d in declarations if len(d) == 2)}


def buttons(message) -> list[Element]:
    """The e-mail's main actions: its links drawn as buttons."""
    return [
        element
        for element in elements(html_of(message))
        if element.tag == "a" and "button" in element.attrs.get("class", "").split()
    ]


def text_links(message) -> list[str]:
    return TEXT_LINK.findall(message.body)


def html_links(message) -> list[str]:
    """Every link's address in the HTML part, as a mail app reads it (entities decoded)."""
    return [
        element.attrs["href"]
        for element in elements(html_of(message))
        if element.tag == "a" and element.attrs.get("href", "").startswith("http")
    ]


def look_problems(message) -> list[str]:
    """What would keep the e-mail from reading well in every mail app: [] when nothing.

    It needs a plain-text part (some readers show only that) and an HTML part whose look is all
    in its elements' style attributes, with nothing fetched from elsewhere.
    """
    problems = []
    if not message.body.strip():
        problems.append("no text part")
    if re.search(r"<(p|a|div|br|strong)\b", message.body):
        problems.append("HTML in the text part")
    html = html_of(message)
    found = elements(html)
    for element in found:
        if element.tag in FORBIDDEN_TAGS:
            problems.append(f"<{element.tag}> in the HTML part")
        if "src" in element.attrs:
            problems.append(f"<{element.tag} src=...> in the HTML part")
        needs_style = element.tag in ("body", "a", "p") or "class" in element.attrs
        if needs_style and not styles(element):
            problems.append(f"<{element.tag} {element.attrs}> has no style attribute")
    if "url(" in html or "@import" in html:
        problems.append("the HTML part loads something from a URL")
    return problems
