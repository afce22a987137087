"""The blog in a real Chromium: accessibility (axe), the CSP and reading on a phone."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = "/blog/what-trust-means-in-therapy/"


@pytest.mark.parametrize(
    "path",
    [
        "/blog/",
        ARTICLE,
        "/blog/category/understanding-trust/",
        "/blog/tag/boundaries/",
        "/blog/?q=trust",
        "/blog/?q=nothing-matches-this",
    ],
)
def test_blog_page_has_no_accessibility_violations(live_server, page, axe_check, demo_blog, path):
    response = page.goto(f"{live_server.url}{path}")

    assert response.status == 200
    axe_check(page, what=path)


def test_paginated_list_has_no_accessibility_violations(live_server, page, axe_check, make_article):
    for _ in range(12):
        make_article()

    page.goto(f"{live_server.url}/blog/?page=2")

    assert page.get_by_role("navigation", name="Pages of articles").is_visible()
    axe_check(page, what="/blog/?page=2")


def test_staff_preview_of_a_draft_has_no_accessibility_violations(
    live_server, page, axe_check, browser_login, staff_user, make_article
):
    from blog.models import Article

    make_article(slug="draft-preview", status=Article.Status.DRAFT)
    browser_login(page, staff_user)

    page.goto(f"{live_server.url}/blog/draft-preview/")

    assert page.get_by_text("Preview — not published.").is_visible()
    axe_check(page, what="draft preview")


def test_blog_pages_break_no_csp_rule_and_load_nothing_from_elsewhere(live_server, page, demo_blog):
    requested, console_errors = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )

    for path in ["/blog/", "/blog/?q=trust", ARTICLE]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")

    assert console_errors == []
    assert all(url.startswith(live_server.url) for url in requested)
    # The JSON-LD blocks are on the page and readable (data, never executed).
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 3


def test_an_article_reads_on_a_phone_without_sideways_scrolling(live_server, page, demo_blog):
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}{ARTICLE}")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    body = page.locator(".article-body p").first
    font_size = float(body.evaluate("element => getComputedStyle(element).fontSize")[:-2])
    line_height = float(body.evaluate("element => getComputedStyle(element).lineHeight")[:-2])
    assert font_size >= 16
    assert line_height / font_size >= 1.6
    # Every link and button in the article is a comfortable target.
    small = page.evaluate(
        """() => [...document.querySelectorAll(
                '.toc a, .article-tags a, .invitation a, .article-category a, .faq summary')]
            .filter(el => el.getBoundingClientRect().height < 44)
            .map(el => el.textContent.trim())"""
    )
    assert small == []


def test_an_article_line_is_no_longer_than_about_65_characters_on_a_desktop(
    live_server, page, demo_blog
):
    page.goto(f"{live_server.url}{ARTICLE}")

    measure = page.locator(".article-body p").first.evaluate(
        """element => {
            const probe = document.createElement('span');
            probe.textContent = '0'.repeat(10);
            element.appendChild(probe);
            const ch = probe.getBoundingClientRect().width / 10;
            probe.remove();
            return element.getBoundingClientRect().width / ch;
        }"""
    )
    assert 55 <= measure <= 70
