"""The kernel's request and response helpers every app's views share (practice/http.py)."""

import json
from datetime import date

import pytest
from django.test import RequestFactory

from practice.http import json_download, query_day, safe_next


@pytest.mark.parametrize(
    ("next_value", "expected"),
    [
        ("/admin/bookings/booking/?status=held", "/admin/bookings/booking/?status=held"),
        ("https://evil.example/phish", "/fallback/"),
        ("//evil.example/phish", "/fallback/"),
        ("http://testserver/admin/", "/fallback/"),  # a path on this site, never a whole URL
        ("javascript:alert(1)", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_the_way_back_is_a_path_on_this_site_or_the_fallback(next_value, expected):
    from_query = RequestFactory().get("/", {"next": next_value})
    from_form = RequestFactory().post("/", {"next": next_value})

    assert safe_next(from_query, "/fallback/") == expected
    assert safe_next(from_form, "/fallback/") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-29", date(2026, 3, 29)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2999-12-31", date(2999, 12, 31)),
        ("9999-12-31", None),  # a week on would overflow
        ("0001-01-01", None),
        ("2026-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_a_day_from_the_query_string_is_a_real_day_in_range_or_none(value, expected):
    assert query_day(value) == expected


def test_a_json_download_is_a_readable_file_no_cache_keeps():
    response = json_download(
        {"name": "Zoë", "when": date(2026, 3, 29)}, filename="my-data-2026-03-29.json"
    )

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-data-2026-03-29.json"'
    assert response["Cache-Control"] == "no-store"
    assert "Zoë" in response.content.decode()  # written as it reads, not \u-escaped
    assert json.loads(response.content) == {"name": "Zoë", "when": "2026-03-29"}
