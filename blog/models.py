import math
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from practice.markdown import render_markdown
from practice.page_cache import soonest

WORDS_PER_MINUTE = 220
COVER_MAX_BYTES = 5 * 1024 * 1024
COVER_MAX_SIDE = 5000
COVER_MIN_WIDTH = 600


def practice_zone() -> ZoneInfo:
    """Dates on the blog are the practice's calendar dates, not UTC's."""
    return ZoneInfo(settings.PRACTICE_TIME_ZONE)


def validate_cover_image(image):
    """Refuse covers that would be slow to serve or look poor, saying what to do instead."""
    if image.size > COVER_MAX_BYTES:
        raise ValidationError(
            "This image is %(size)s; please use one under %(limit)s. A photo about 2,000 "
            "pixels wide, saved as JPEG or WebP, is plenty for the web.",
            code="cover_too_heavy",
            params={
                "size": filesizeformat(image.size),
                "limit": filesizeformat(COVER_MAX_BYTES),
            },
        )
    # The field file's own dimensions: they reopen the file when needed (a stored cover's file
    # has been read and closed by the time an edit is validated), and are kept once read.
    width, height = image.width, image.height
    if width is None or height is None:
        raise ValidationError("This file could not be read as an image.", code="cover_unreadable")
    if max(width, height) > COVER_MAX_SIDE:
        raise ValidationError(
            "This image is %(width)s by %(height)s pixels; please resize it so neither side is "
            "over %(limit)s pixels (about 2,000 pixels wide is plenty).",
            code="cover_too_large",
            params={"width": width, "height": height, "limit": COVER_MAX_SIDE},
        )
    if width < COVER_MIN_WIDTH:
        raise ValidationError(
            "This image is only %(width)s pixels wide and would look blurred; please use one "
            "at least %(limit)s pixels wide.",
            code="cover_too_small",
            params={"width": width, "limit": COVER_MIN_WIDTH},
        )


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences shown at the top of the category's page."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None):
        """The one visibility rule: published, and the publish date has come.

        Every public list, the feed, the sitemap, search and related articles start here.
        """
        now = now or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now)

    def for_cards(self):
        """What an article card shows, in one query: no Markdown, no body."""
        return self.select_related("category").defer("body", "body_html", "headings")

    def search(self, terms: str):
        """Articles matching the reader's words, best first.

        PostgreSQL ranks with full-text search (title over summary over body); SQLite has no
        such search, so there every word must appear somewhere and title matches come first.
        """
        terms = terms.strip()
        if not terms:
            return self
        if connection.vendor == "postgresql":
            vector = (
                SearchVector("title", weight="A", config="english")
                + SearchVector("summary", weight="B", config="english")
                + SearchVector("body", weight="C", config="english")
            )
            query = SearchQuery(terms, config="english", search_type="websearch")
            return (
                self.alias(document=vector)
                .filter(document=query)
                .annotate(rank=SearchRank(vector, query))
                .order_by("-rank", "-published_at", "-pk")
            )
        words = terms.split()[:10]
        matches = Q()
        for word in words:
            matches &= (
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            )
        in_title = Q()
        for word in words:
            in_title &= Q(title__icontains=word)
        return (
            self.filter(matches)
            .annotate(
                title_match=Case(
                    When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
                )
            )
            .order_by("-title_match", "-published_at", "-pk")
        )

    def related_to(self, article: "Article", *, tag_ids: list[int], limit: int = 3):
        """Other articles sharing the category or tags, most in common first (one query)."""
        shared = Q(category_id=article.category_id) | Q(tags__in=tag_ids)
        return (
            self.exclude(pk=article.pk)
            .filter(shared)
            .annotate(
                shared_tags=Count("tags", filter=Q(tags__in=tag_ids), distinct=True),
                same_category=Case(
                    When(category_id=article.category_id, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            )
            .order_by("-shared_tags", "-same_category", "-published_at", "-pk")[:limit]
        )

    def next_publication_after(self, now: datetime) -> datetime | None:
        """When the next scheduled article goes live, if any (cached pages expire then)."""
        return soonest(
            self.filter(status=Article.Status.PUBLISHED, published_at__gt=now), "published_at"
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The end of the article's address, after /blog/."
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences: shown in lists, the feed and search results.",
    )
    body = models.TextField(
        help_text="Markdown. Use ## for section headings; they make the table of contents."
    )
    takeaways = models.TextField(
        "key takeaways",
        blank=True,
        help_text="Optional: one short point per line, shown in a box above the article.",
    )
    cover_image = models.ImageField(
        upload_to="blog/covers/%Y/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        validators=[validate_cover_image],
        help_text="Optional. JPEG or WebP, at least 600 pixels wide, under 5 MB.",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        "cover image description",
        max_length=250,
        blank=True,
        help_text="What the image shows, for readers who cannot see it (needed with an image).",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        limit_choices_to={"is_staff": True},
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish date",
        default=timezone.now,
        help_text="When the article appears on the site. A future date schedules it.",
    )
    updated_at = models.DateTimeField("last updated", auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)
    seo_title = models.CharField(
        "title for search engines",
        max_length=70,
        blank=True,
        help_text="Optional: replaces the title in search results and shared links.",
    )
    seo_description = models.CharField(
        "description for search engines",
        max_length=160,
        blank=True,
        help_text="Optional: replaces the summary in search results and shared links.",
    )

    # Computed from the body in save(), so pages never render Markdown.
    body_html = models.TextField(editable=False, default="")
    headings = models.JSONField(editable=False, default=list)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    reading_minutes = models.PositiveSmallIntegerField(
        "reading time (minutes)", editable=False, default=1
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(cover_image="") | ~Q(cover_alt=""),
                name="blog_article_cover_needs_alt_text",
                violation_error_message="Describe the cover image for readers who cannot see it.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        rendered = render_markdown(self.body)
        self.body_html = rendered.html
        self.headings = [
            {"level": h.level, "id": h.id, "title": h.title} for h in rendered.headings
        ]
        self.word_count = len(strip_tags(rendered.html).split())
        self.reading_minutes = max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {
                *update_fields,
                "body_html",
                "headings",
                "word_count",
                "reading_minutes",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:article", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.cover_image and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": "Describe the cover image for readers who cannot see it."}
            )

    def is_published(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and self.published_at <= now

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def takeaway_items(self) -> list[str]:
        return [line.strip(" -•*\t") for line in self.takeaways.splitlines() if line.strip()]

    @property
    def modified_at(self) -> datetime:
        """For readers and crawlers: an edit before publication is not an update."""
        return max(self.updated_at, self.published_at)

    @property
    def was_updated(self) -> bool:
        """Worth an "Updated" line: edited on a later day than it was published."""
        zone = practice_zone()
        return timezone.localdate(self.updated_at, zone) > timezone.localdate(
            self.published_at, zone
        )

    @property
    def table_of_contents(self) -> list[dict]:
        """Sections (h2) and their subsections (h3), for articles long enough to need it."""
        if len(self.headings) < 3:
            return []
        toc: list[dict] = []
        top_level = min(h["level"] for h in self.headings)
        for heading in self.headings:
            if heading["level"] == top_level:
                toc.append({**heading, "children": []})
            elif heading["level"] == top_level + 1 and toc:
                toc[-1]["children"].append(heading)
        return toc


class FAQEntry(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(max_length=250)
    answer = models.TextField(help_text="Plain text; a blank line starts a new paragraph.")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Questions are shown from the lowest number up."
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question
