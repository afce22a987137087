"""What the blog plugs in once Django's apps are loaded (imported by BlogConfig.ready()): the
models that change the cached public pages, and when a scheduled article goes live."""

from blog.models import Article, Category, FAQEntry, Tag
from practice.page_cache import CONTENT, register_page_change, register_page_models

register_page_models(CONTENT, Article, Category, Tag, FAQEntry, Article.tags.through)
# A scheduled article goes live without any save.
register_page_change(CONTENT, Article.objects.next_publication_after)
