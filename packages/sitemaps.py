"""Packages' section of the site-wide sitemap (assembled in practice/views.py)."""

from django.contrib.sitemaps import Sitemap

from packages.models import Package


class PackageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Package.objects.filter(active=True).order_by("pk")
