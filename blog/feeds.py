from django.contrib.syndication.views import Feed
from django.urls import reverse

from blog.models import Article
from blog.seo import absolute_url
from practice.models import PracticeDetails

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    """RSS of the newest published articles. Links are absolute, from SITE_URL."""

    def title(self):
        return f"{PracticeDetails.load().name}: articles"

    def description(self):
        return "New articles about trust in therapy."

    def link(self):
        return absolute_url(reverse("blog:list"))

    def feed_url(self):
        return absolute_url(reverse("blog:feed"))

    def items(self):
        return (
            Article.objects.published()
            .select_related("category", "author")
            .prefetch_related("tags")
            .defer("body", "body_html", "headings")[:FEED_SIZE]
        )

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_guid(self, article):
        return absolute_url(article.get_absolute_url())

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.modified_at

    def item_author_name(self, article):
        return article.author.get_full_name() or PracticeDetails.load().practitioner_name

    def item_categories(self, article):
        return [article.category.name, *(tag.name for tag in article.tags.all())]
