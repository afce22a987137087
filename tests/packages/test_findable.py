"""Packages and gift vouchers can be found: every page links to them, and the sitemap lists
the packages on sale (not one taken off the site) and the voucher page."""

from tests.blog.test_feed_and_sitemap import sitemap_entries


def test_every_page_links_to_the_packages_and_the_gift_vouchers(client, practice_details):
    page = client.get("/about/").content.decode()

    assert 'href="/packages/"' in page
    assert 'href="/vouchers/"' in page


def test_the_sitemap_lists_the_packages_on_sale_and_the_voucher_page(
    client, settings, package_journey
):
    from packages.models import Package

    withdrawn = Package.objects.create(
        name="Old bundle", slug="old-bundle", price_amount=10000, active=False
    )

    locations = sitemap_entries(client)

    site = settings.SITE_URL
    assert f"{site}/packages/" in locations
    assert f"{site}/vouchers/" in locations
    assert f"{site}/packages/rtt-journey/" in locations
    assert f"{site}{withdrawn.get_absolute_url()}" not in locations
