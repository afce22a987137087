"""The sitemap's sections. `/sitemap.xml` (blog.views.sitemap_xml) lists every one in SITEMAPS.

Absolute URLs come from settings.SITE_URL (the view passes it as the "site"), so a section is a
plain django.contrib.sitemaps.Sitemap: another app adds its own by putting its class in SITEMAPS.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from blog.models import Article, Category
from bookings.sitemaps import ServiceSitemap


class StaticPageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        # The services index belongs to bookings; its path is part of the URL contract.
        return [reverse("home"), reverse("about"), reverse("blog:list"), "/services/"]

    def location(self, item):
        return item


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().defer("body", "body_html", "headings")

    def lastmod(self, article):
        return article.modified_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        # A category only has a page worth listing once something in it is published.
        return Category.objects.filter(
            Exists(Article.objects.published().filter(category=OuterRef("pk")))
        )


SITEMAPS = {
    "pages": StaticPageSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "services": ServiceSitemap,
}
