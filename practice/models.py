from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from practice.markdown import render_markdown
from practice.page_cache import CONTENT, kept_in_process

CACHE_KEY = "practice-details:v1"


class Timestamped(models.Model):
    """When a row was written first and last (records the practice keeps: bookings, payments)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


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
        """The details with their social links: kept in this process while the "content"
        version stays (a save of the details or a link replaces it: practice/registrations.py),
        else from the shared cache, else one query. Every signed-in page's layout shows them.
        """
        return _details_kept()

    @property
    def helps_with_items(self) -> list[str]:
        return [line.strip() for line in self.helps_with.splitlines() if line.strip()]

    @property
    def home_intro_html(self) -> str:
        return render_markdown(self.home_intro).html

    @property
    def about_html(self) -> str:
        return render_markdown(self.about_body).html


def _details_shared() -> PracticeDetails:
    details = cache.get(CACHE_KEY)
    if details is None:
        details = PracticeDetails.objects.prefetch_related("social_links").first()
        details = details or PracticeDetails()
        details.links = list(details.social_links.all()) if details.pk else []
        cache.set(CACHE_KEY, details, timeout=3600)
    return details


# Nothing changes the details once loaded (pages only read them).
_details_kept = kept_in_process(CONTENT, _details_shared)


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


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, *, now):
        """E-mails a sender may claim now: waiting and past their back-off, or claimed by a
        worker whose lease ran out (it died or hung mid-send)."""
        waiting = Q(status=OutgoingEmail.Status.QUEUED) & (
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )
        abandoned = Q(status=OutgoingEmail.Status.SENDING, claimed_until__lte=now)
        return self.filter(waiting | abandoned)


class OutgoingEmail(models.Model):
    """One e-mail in the outbox, rendered when it was queued and sent by the task worker.

    Written in the same transaction as the change it tells of, so a change that commits always
    has its e-mail and a rolled-back one never does. `key` names the logical e-mail (unique), so
    queueing it twice sends it once. Once it is sent or skipped its content is cleared: the copy
    that matters is in the recipient's inbox, and the practice keeps no second one.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"
        SKIPPED = "skipped", "Not sent: the account was deleted"

    key = models.CharField(max_length=200, unique=True)
    # The same Message-ID on every attempt, so a copy resent after a crash is recognisable.
    message_id = models.CharField("Message-ID", max_length=255, unique=True)
    # The account it is for, when it is for one: an e-mail to a deleted account is not sent.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)  # [{filename, content, mimetype}]
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)  # a retry's back-off
    claimed_until = models.DateTimeField(null=True, blank=True)  # the sender's lease
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "outgoing e-mail"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outgoing_email_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_until__isnull=False),
                name="outgoing_email_sending_has_lease",
            ),
        ]

    def __str__(self):
        return self.subject or self.key
