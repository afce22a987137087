"""In production, static files have hashed names, far-future caching and compression."""

import re

import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

MANIFEST = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


# Collected as production does (hashed, gzipped and Brotli'd): the site's own files and the
# Bootstrap build its pages link. Left out: the admin's files and Bootstrap's other builds (its
# JavaScript, which no page loads, its unminified, right-to-left and partial style sheets),
# Django's and Bootstrap's own, which took 12-15 s of the suite to hash and compress.
NOT_LINKED_BY_THE_SITE = [
    "admin/*",
    "bootstrap.js*",
    "bootstrap.bundle*",
    "bootstrap.esm*",
    "bootstrap.min.js*",
    "bootstrap-grid*",
    "bootstrap-reboot*",
    "bootstrap-utilities*",
    "bootstrap.rtl*",
    "bootstrap.css",
    "bootstrap.css.map",
]


@pytest.fixture
def collected(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST}
    with override_settings(DEBUG=False):
        call_command(
            "collectstatic",
            interactive=False,
            verbosity=0,
            ignore_patterns=NOT_LINKED_BY_THE_SITE,
        )
    return tmp_path


def test_hashed_static_files_are_served_compressed_for_a_year_and_pages_link_them(
    collected, client, practice_details, settings
):
    css = next(collected.glob("css/site.*.css"))
    assert re.fullmatch(r"site\.[0-9a-f]{12}\.css", css.name)
    assert (collected / "css" / f"{css.name}.gz").exists()
    middleware = WhiteNoiseMiddleware(lambda request: None)

    response = middleware(
        RequestFactory().get(f"/static/css/{css.name}", HTTP_ACCEPT_ENCODING="gzip")
    )

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    # Hashed names never change content, so WhiteNoise lets browsers keep them for ten years.
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"

    settings.DEBUG = False
    html = client.get("/").content.decode()

    assert f'href="/static/css/{css.name}"' in html
    assert re.search(r'href="/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css"', html)
