from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from practice.markdown import render_markdown

CACHE_KEY = "practice-details:v1"


class PracticeDetails(models.Model):
    """The practice's public details, edited by the practitioner in the admin (one row)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(max_length=100, default="Quiet Harbour Therapy")
    tagline = models.CharField(max_length=160, blank=True)
    practitioner_name = models.CharField(max_length=100, blank=True)
    practitioner_bio = models.TextField(
        blank=True, help_text="Two or three sentences, shown on the home page."
    )
    contact_email = models.EmailField(blank=True)
    photo = models.ImageField(upload_to="practice/", blank=True)
    photo_alt = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text="What the photo shows, for people who cannot see it.",
    )
    home_intro = models.TextField(blank=True, help_text="Markdown, shown on the home page.")
    helps_with = models.TextField(
        blank=True, help_text="What you help with, one item per line (home page)."
    )
    about_body = models.TextField(blank=True, help_text="Markdown, the About page.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "practice details"
        verbose_name_plural = "practice details"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=True), name="practice_details_single_row"
            ),
            models.CheckConstraint(
                condition=models.Q(photo="") | ~models.Q(photo_alt=""),
                name="practice_photo_needs_alt_text",
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def load(cls) -> "PracticeDetails":
        """The details with their social links, from the cache when possible (one query)."""
        details = cache.get(CACHE_KEY)
        if details is None:
            details = cls.objects.prefetch_related("social_links").first() or cls()
            if details.pk:
                details.links = list(details.social_links.all())
            else:
                details.links = []
            cache.set(CACHE_KEY, details, timeout=3600)
        return details

    @property
    def helps_with_items(self) -> list[str]:
        return [line.strip() for line in self.helps_with.splitlines() if line.strip()]

    @property
    def home_intro_html(self) -> str:
        return render_markdown(self.home_intro).html

    @property
    def about_html(self) -> str:
        return render_markdown(self.about_body).html


class SocialLink(models.Model):
    practice = models.ForeignKey(
        PracticeDetails, on_delete=models.CASCADE, related_name="social_links"
    )
    label = models.CharField(max_length=50, help_text="For example: Instagram")
    url = models.URLField("address")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


@receiver([post_save, post_delete], sender=PracticeDetails)
@receiver([post_save, post_delete], sender=SocialLink)
def _forget_cached_details(**kwargs):
    cache.delete(CACHE_KEY)
