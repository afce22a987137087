"""What search engines and link previews read: breadcrumbs and schema.org JSON-LD."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str


def absolute_url(url: str) -> str:
    """A path made absolute with SITE_URL (links in feeds, JSON-LD and og:image must be)."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + (url if url.startswith("/") else f"/{url}")


def blog_crumbs(*more: Crumb) -> list[Crumb]:
    return [Crumb("Home", reverse("home")), Crumb("Blog", reverse("blog:list")), *more]


def breadcrumb_list(crumbs: list[Crumb]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.name,
                "item": absolute_url(crumb.url),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def blog_posting(article, *, practice, description: str) -> dict:
    url = absolute_url(article.get_absolute_url())
    author_name = article.author.get_full_name() or practice.practitioner_name or practice.name
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title[:110],
        "description": description,
        "datePublished": article.published_at.replace(microsecond=0).isoformat(),
        "dateModified": article.modified_at.replace(microsecond=0).isoformat(),
        "author": {"@type": "Person", "name": author_name, "url": absolute_url(reverse("about"))},
        "publisher": {
            "@type": "Organization",
            "name": practice.name,
            "url": absolute_url(reverse("home")),
        },
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": "en-GB",
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "wordCount": article.word_count,
        "timeRequired": f"PT{article.reading_minutes}M",
    }
    if article.cover_image:
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute_url(article.cover_image.url),
            "width": article.cover_width,
            "height": article.cover_height,
        }
    return data


def faq_page(entries) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": entry.answer},
            }
            for entry in entries
        ],
    }
