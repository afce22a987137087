from django.contrib.sitemaps import Sitemap

from bookings.models import Service


class ServiceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Service.objects.active()
