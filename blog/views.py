from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from blog import seo
from blog.models import Article, Category, Tag
from blog.seo import Crumb
from practice.models import PracticeDetails
from practice.page_cache import cache_page_for_readers

SEARCH_MAX_LENGTH = 200


class ArticleListView(ListView):
    """Published articles, newest first, ten to a page; `?q=` searches them."""

    template_name = "blog/article_list.html"
    context_object_name = "articles"
    paginate_by = 10

    @cached_property
    def search_terms(self) -> str:
        return self.request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]

    def get_queryset(self):
        articles = Article.objects.published().for_cards()
        return articles.search(self.search_terms) if self.search_terms else articles

    def heading(self) -> str:
        return "Articles"

    def intro(self) -> str:
        return (
            "Articles about trust in therapy: what it is, what gets in its way, and how it "
            "grows between you and a therapist."
        )

    def crumbs(self) -> list[Crumb]:
        return seo.blog_crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        crumbs = self.crumbs()
        heading = self.heading()
        if self.search_terms:
            heading = f"Search results for “{self.search_terms}”"
            crumbs = [*crumbs, Crumb("Search results", self.request.get_full_path())]
        page_title = heading if page.number == 1 else f"{heading}, page {page.number}"
        canonical = settings.SITE_URL + self.request.path_info
        if page.number > 1 and not self.search_terms:
            canonical += f"?page={page.number}"
        context.update(
            heading=heading,
            intro=self.intro(),
            search_terms=self.search_terms,
            page_title=page_title,
            page_description=self.intro(),
            canonical_url=canonical,
            # Search results are endless and thin: crawlers get the articles themselves.
            noindex=bool(self.search_terms),
            breadcrumbs=crumbs,
            json_ld=[seo.breadcrumb_list(crumbs)],
        )
        return context


class CategoryArticleListView(ArticleListView):
    @cached_property
    def category(self) -> Category:
        return get_object_or_404(Category, slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().filter(category=self.category)

    def heading(self) -> str:
        return self.category.name

    def intro(self) -> str:
        return self.category.description or f"Articles in “{self.category.name}”."

    def crumbs(self) -> list[Crumb]:
        return seo.blog_crumbs(Crumb(self.category.name, self.category.get_absolute_url()))


class TagArticleListView(ArticleListView):
    @cached_property
    def tag(self) -> Tag:
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.tag)

    def heading(self) -> str:
        return f"Articles about {self.tag.name.lower()}"

    def intro(self) -> str:
        return f"Articles tagged “{self.tag.name}”."

    def crumbs(self) -> list[Crumb]:
        return seo.blog_crumbs(Crumb(self.tag.name, self.tag.get_absolute_url()))


class ArticleDetailView(DetailView):
    """An article. Staff also see drafts and scheduled articles here, marked as a preview."""

    template_name = "blog/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        articles = Article.objects.all()
        if not self.request.user.is_staff:
            articles = articles.published()
        return articles.select_related("category", "author").prefetch_related("tags", "faq_entries")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        tags = list(article.tags.all())
        faq = list(article.faq_entries.all())
        related = list(
            Article.objects.published()
            .for_cards()
            .related_to(article, tag_ids=[tag.pk for tag in tags])
        )
        practice = PracticeDetails.load()
        description = article.seo_description or article.summary
        crumbs = seo.blog_crumbs(
            Crumb(article.category.name, article.category.get_absolute_url()),
            Crumb(article.title, article.get_absolute_url()),
        )
        json_ld = [seo.blog_posting(article, practice=practice, description=description)]
        if faq:
            json_ld.append(seo.faq_page(faq))
        json_ld.append(seo.breadcrumb_list(crumbs))
        preview = not article.is_published()
        context.update(
            tags=tags,
            faq=faq,
            related=related,
            preview=preview,
            noindex=preview,
            page_title=article.seo_title or article.title,
            page_description=description,
            og_type="article",
            og_image=(seo.absolute_url(article.cover_image.url) if article.cover_image else None),
            breadcrumbs=crumbs,
            json_ld=json_ld,
        )
        return context


article_list = cache_page_for_readers(ArticleListView.as_view())
category_articles = cache_page_for_readers(CategoryArticleListView.as_view())
tag_articles = cache_page_for_readers(TagArticleListView.as_view())
article_detail = cache_page_for_readers(ArticleDetailView.as_view())
