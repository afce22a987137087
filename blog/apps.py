from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from blog.models import Article, Category, FAQEntry, Tag
        from practice.page_cache import CONTENT, register_page_change, register_page_models

        register_page_models(CONTENT, Article, Category, Tag, FAQEntry, Article.tags.through)
        # A scheduled article goes live without any save.
        register_page_change(CONTENT, Article.objects.next_publication_after)
