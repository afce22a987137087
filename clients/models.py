import hashlib
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse

from clients.fields import EncryptedJSONField
from practice.zones import default_time_zone, validate_time_zone


class UserManager(BaseUserManager):
    """Users are identified by e-mail address alone: there are no usernames."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class SignedInUserManager(UserManager):
    """The default manager, which Django's sign-in reads each request's user with: her profile
    comes in the same query, since most pages she sees show times in its zone."""

    use_in_migrations = False

    def get_queryset(self):
        return super().get_queryset().select_related("profile")


class User(AbstractUser):
    username = None
    email = models.EmailField("e-mail address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()
    with_profile = SignedInUserManager()

    class Meta:
        default_manager_name = "with_profile"
        verbose_name = "user"
        verbose_name_plural = "users"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email


# ---------------------------------------------------------------------------------------------
# Client profile, policies and consent, the suitability screening, and the access log.


phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-.]{6,30}$",
    "Enter a phone number using digits, spaces and an optional + at the start.",
)


class Profile(models.Model):
    """What a client tells us about themselves beyond the login.

    Kept apart from `User` (which stays the sign-in identity) so that erasing an account can
    delete this row outright while the anonymised user still anchors bookings and payments.
    The name stays on `User` (first_name, last_name), where allauth and the admin expect it.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    phone = models.CharField(max_length=30, blank=True, validators=[phone_validator])
    time_zone = models.CharField(
        max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    marketing_opt_in = models.BooleanField(
        "send me occasional news by e-mail",
        default=False,
        help_text="Off unless the client ticks it; service e-mails are sent either way.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile #{self.pk}"


class PolicyKind(models.TextChoices):
    # The values are also the slugs in /policies/<slug>/ and their order is the reading order.
    CONFIDENTIALITY = "confidentiality", "Confidentiality notice"
    PRIVACY = "privacy", "Privacy notice"
    TERMS = "terms", "Terms and cancellation policy"
    CONSENT = "consent", "Consent to treatment"


class PolicyDocument(models.Model):
    kind = models.CharField(max_length=32, choices=PolicyKind.choices, unique=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()

    def get_absolute_url(self):
        return reverse("clients:policy-detail", kwargs={"slug": self.kind})

    @property
    def slug(self) -> str:
        return self.kind

    @property
    def reading_order(self) -> int:
        return list(PolicyKind.values).index(self.kind)


class PublishedPolicyIsFinal(Exception):
    """A published policy version was about to be changed or deleted."""

    def __init__(self, message="A published policy version can never change; make a new one."):
        super().__init__(message)


def canonical_policy_text(*, title: str, body: str) -> str:
    """Title and body with line endings and trailing spaces normalised: what the hash covers."""

    def tidy(text: str) -> str:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(line.rstrip() for line in lines).strip()

    return f"{tidy(title)}\n\n{tidy(body)}"


def policy_content_hash(*, title: str, body: str) -> str:
    return hashlib.sha256(canonical_policy_text(title=title, body=body).encode()).hexdigest()


class PolicyVersionQuerySet(models.QuerySet):
    def published(self, *, now: datetime | None = None):
        qs = self.filter(published_at__isnull=False)
        return qs if now is None else qs.filter(published_at__lte=now)

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def current(self, *, now: datetime):
        """The latest published version of each document (one query)."""
        latest = (
            PolicyVersion.objects.published(now=now)
            .filter(document=OuterRef("document"))
            .order_by("-number")
            .values("pk")[:1]
        )
        return self.published(now=now).filter(pk=Subquery(latest)).select_related("document")

    def next_publication(self, now: datetime) -> datetime | None:
        """When the next version scheduled after `now` goes live (and changes, without any
        save, which policies each client still has to accept)."""
        return (
            self.filter(published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    # A published version is final: refuse bulk writes that would touch one. (Model.save()
    # guards single rows; together they cover every ORM path short of raw SQL.)
    def update(self, **kwargs):
        if self.published().exists():
            raise PublishedPolicyIsFinal
        return super().update(**kwargs)

    def delete(self):
        if self.published().exists():
            raise PublishedPolicyIsFinal("A published policy version can never be deleted.")
        return super().delete()


class PolicyVersion(models.Model):
    """One version of a policy's text. Drafts may change; once published, never again."""

    document = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Given when published: 1, 2, 3…"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(
        max_length=800, help_text="A short form in plain words, shown at sign-up and on forms."
    )
    body = models.TextField(help_text="Markdown.")
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    content_hash = models.CharField(
        max_length=64, blank=True, editable=False, help_text="SHA-256 of the title and body."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="policy_version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | (Q(number__isnull=False) & ~Q(content_hash="")),
                name="policy_version_published_is_numbered_and_hashed",
            ),
        ]

    def __str__(self):
        if self.is_published:
            return f"{self.title}, version {self.number}"
        return f"{self.title} (draft)"

    def save(self, *args, **kwargs):
        if self._stored_as_published():
            raise PublishedPolicyIsFinal
        if self.is_published:
            self.content_hash = self.computed_hash
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "clients:policy-version",
            kwargs={"slug": self.document.kind, "number": self.number},
        )

    def delete(self, *args, **kwargs):
        if self._stored_as_published():
            raise PublishedPolicyIsFinal("A published policy version can never be deleted.")
        return super().delete(*args, **kwargs)

    def _stored_as_published(self) -> bool:
        return (
            self.pk is not None
            and type(self)
            .objects.filter(pk=self.pk, published_at__isnull=False)
            .values("pk")
            .exists()
        )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def computed_hash(self) -> str:
        return policy_content_hash(title=self.title, body=self.body)

    @property
    def is_intact(self) -> bool:
        """The stored hash still matches the text (it would not after a raw SQL edit)."""
        return self.content_hash == self.computed_hash


class ConsentRecordQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(withdrawn_at__isnull=True)


class ConsentRecord(models.Model):
    """Proof that a client accepted one version of one policy: what, when, from where, why.

    On account deletion the IP address and user agent are erased (they are personal data);
    the version, its hash, the time and the booking stay as proof of what was agreed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consent_records"
    )
    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="consent_records"
    )
    content_hash = models.CharField(max_length=64, help_text="The version's hash when accepted.")
    accepted_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    # The booking it was given for, by its reference; empty when accepted from the account.
    # A reference rather than a foreign key: clients sits below bookings and knows nothing of
    # its tables, and the reference (never changed, never reused) is what the client and the
    # practitioner know a booking by.
    booking_reference = models.CharField("booking", max_length=32, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        indexes = [models.Index(fields=["user", "version"], name="consent_user_version")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(content_hash=""), name="consent_record_keeps_the_hash"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | Q(withdrawn_at__gte=models.F("accepted_at")),
                name="consent_withdrawn_after_accepted",
            ),
        ]

    def __str__(self):
        return f"Consent #{self.pk}"


class Screening(models.Model):
    """A client's answers to the suitability questions: health data, encrypted at rest.

    One row per client, replaced when they answer again. Only `needs_conversation` (a flag
    for the practitioner) and dates are stored in plaintext; nothing clinical is.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screening"
    )
    answers = EncryptedJSONField()
    completed_at = models.DateTimeField()
    valid_until = models.DateTimeField()
    needs_conversation = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("completed_at")),
                name="screening_valid_after_completed",
            ),
        ]

    def __str__(self):
        # Never the answers: this string reaches the admin, logs and error reports.
        return f"Screening #{self.pk}"

    def is_valid_at(self, now: datetime) -> bool:
        return self.completed_at <= now < self.valid_until


class AccessLog(models.Model):
    """A read of a client's sensitive data by staff (the admin's history records only writes)."""

    class Action(models.TextChoices):
        VIEWED_SCREENING = "viewed_screening", "Viewed screening answers"
        EXPORTED_DATA = "exported_data", "Exported the client's data"

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_log_entries"
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    at = models.DateTimeField()
    object_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        indexes = [models.Index(fields=["client", "at"], name="access_log_client_at")]

    def __str__(self):
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M} UTC"
