"""A reader's journey: home page, the blog, an article, its contents, the discovery call."""

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_practice_with_articles(db):
    """The demo practice with its articles and its services, the free discovery call among them
    (the articles invite readers to it)."""
    from blog import demo as blog_demo
    from bookings import demo as bookings_demo
    from practice import demo as practice_demo

    now = timezone.now()
    practice_demo.seed(now=now, stdout=io.StringIO())
    blog_demo.seed(now=now, stdout=io.StringIO())
    bookings_demo.seed(now=now, stdout=io.StringIO())


def test_reader_goes_from_home_to_an_article_and_on_to_the_discovery_call(
    live_server, page, axe_check, demo_practice_with_articles
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Blog").click()

    expect(page).to_have_url(f"{live_server.url}/blog/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Articles")

    page.get_by_role("link", name="What trust really means in therapy").click()

    expect(page).to_have_url(f"{live_server.url}/blog/what-trust-means-in-therapy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What trust really means in therapy")

    contents = page.get_by_role("navigation", name="In this article")
    contents.get_by_role("link", name="A few questions to ask yourself").click()

    expect(page).to_have_url(re.compile(r"#a-few-questions-to-ask-yourself$"))
    heading = page.get_by_role("heading", name="A few questions to ask yourself")
    expect(heading).to_be_in_viewport()
    axe_check(page, what="the article, scrolled to a section")

    invitation = page.get_by_role("complementary", name="If you would like to talk")
    invitation.get_by_role("link", name="Book a free discovery call").click()

    expect(page).to_have_url(f"{live_server.url}/book/discovery-call/")
