"""What the practitioner writes is Markdown with HTML allowed; none of it may run in a reader's
browser, whoever wrote it (a compromised staff account, a pasted snippet)."""

import re

import pytest

pytestmark = pytest.mark.django_db

HOSTILE_MARKDOWN = """## Harmless heading

<script>alert("script tag")</script>

<img src="x" onerror="alert('onerror')">

<p onclick="alert('onclick')" style="color:red">A paragraph with a handler.</p>

<a href="javascript:alert('raw link')">A raw link</a>

[A Markdown link](javascript:alert('markdown link'))

[An entity-encoded link](&#106;avascript:alert('encoded'))

<iframe src="https://evil.example/"></iframe>

<svg onload="alert('svg')"><circle r="1"/></svg>

<form action="https://evil.example/"><input name="card"></form>

[A proper link](https://example.com/ok)
"""


def body_of(html):
    return re.search(r'<div class="article-body">(.*?)</div>', html, flags=re.DOTALL).group(1)


def test_hostile_markdown_comes_out_harmless_on_the_article_page(client, make_article):
    article = make_article(body=HOSTILE_MARKDOWN)

    html = client.get(article.get_absolute_url()).content.decode()

    body = body_of(html).lower()
    for dangerous in [
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "<svg",
        "<form",
        "<input",
        "style=",
        "<img",
    ]:
        assert dangerous not in body, dangerous
    # The page's only scripts are the JSON-LD data blocks, which never execute.
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts
    assert all(tag == '<script type="application/ld+json">' for tag in scripts)


def test_harmless_content_survives_sanitising(client, make_article):
    article = make_article(body=HOSTILE_MARKDOWN)

    body = body_of(client.get(article.get_absolute_url()).content.decode())

    assert '<h2 id="harmless-heading">Harmless heading</h2>' in body
    assert "A paragraph with a handler." in body
    assert '<a href="https://example.com/ok" rel="noopener noreferrer">A proper link</a>' in body


def test_title_summary_takeaways_and_faq_are_escaped_not_rendered(client, make_article):
    hostile = '<img src=x onerror="alert(1)">'
    article = make_article(
        title=f"Title {hostile}",
        summary=f"Summary {hostile}",
        takeaways=f"Takeaway {hostile}",
        faq=[(f"Question {hostile}", f"Answer {hostile}")],
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<img src=x" not in html
    assert html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") >= 5
