from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

from blog.models import Article, Category, FAQEntry, Tag
from practice.page_cache import forget_cached_pages


class FAQEntryInline(admin.StackedInline):
    model = FAQEntry
    extra = 0
    fields = ["question", "answer", "order"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status_label", "published_at", "category", "on_site"]
    list_filter = ["status", "published_at", "category", "tags"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    # A plain list of ticks: clearer for a handful of tags than Django's two-box picker, whose
    # script-made search boxes have no accessible names.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    list_select_related = ["category"]
    inlines = [FAQEntryInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["reading_minutes", "word_count", "updated_at", "created_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "takeaways"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "author", "category", "tags"],
                "description": (
                    "Readers see an article once it is Published and its publish date has "
                    "come. Until then only staff can open it, as a preview."
                ),
            },
        ),
        ("Cover image", {"fields": ["cover_image", "cover_alt"]}),
        ("Search engines and shared links", {"fields": ["seo_title", "seo_description"]}),
        ("About this article", {"fields": ["reading_minutes", "word_count", "updated_at"]}),
    ]

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        if article.status == Article.Status.DRAFT:
            return "Draft"
        return "Scheduled" if article.is_scheduled else "Published"

    @admin.display(description="on the site")
    def on_site(self, article):
        label = "View" if article.is_published() else "Preview"
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            article.get_absolute_url(),
            label,
            article.title,
        )

    @admin.action(description="Publish selected articles")
    def publish(self, request, queryset):
        changed = queryset.exclude(status=Article.Status.PUBLISHED)
        scheduled = changed.filter(published_at__gt=timezone.now()).count()
        count = changed.update(status=Article.Status.PUBLISHED)
        forget_cached_pages()
        message = ngettext(
            "%(count)d article was published.", "%(count)d articles were published.", count
        ) % {"count": count}
        if scheduled:
            message += " " + ngettext(
                "%(count)d of them has a future publish date and will appear then.",
                "%(count)d of them have a future publish date and will appear then.",
                scheduled,
            ) % {"count": scheduled}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Unpublish selected articles (back to draft)")
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Article.Status.PUBLISHED).update(status=Article.Status.DRAFT)
        forget_cached_pages()
        self.message_user(
            request,
            ngettext(
                "%(count)d article was unpublished and is now a draft.",
                "%(count)d articles were unpublished and are now drafts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
