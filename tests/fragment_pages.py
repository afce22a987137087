"""Helpers for the tests of pages cached per client (practice/fragments.py)."""

import re


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def without_tokens(page: str) -> str:
    """The page less its CSRF tokens (masked afresh on every view)."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r'data-csrf="[^"]+"', "", page)


def token_of(page: str) -> str:
    return page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def post_with_its_token(client, page: str, url: str, data: dict | None = None):
    """POST `data` to `url` with the token `page` carries, CSRF checked as in production."""
    checked = type(client)(enforce_csrf_checks=True)
    checked.cookies = client.cookies
    return checked.post(url, (data or {}) | {"csrfmiddlewaretoken": token_of(page)})
