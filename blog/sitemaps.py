"""The blog's sections of the site-wide sitemap (assembled in practice/views.py)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from blog.models import Article, Category


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
