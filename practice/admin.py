from django.contrib import admin

from practice.admin_helpers import ReadOnlyAdmin, SingletonAdmin
from practice.models import OutgoingEmail, PracticeDetails, SocialLink


class SocialLinkInline(admin.TabularInline):
    model = SocialLink
    extra = 0


@admin.register(PracticeDetails)
class PracticeDetailsAdmin(SingletonAdmin):
    inlines = [SocialLinkInline]
    fieldsets = [
        ("The practice", {"fields": ["name", "tagline", "contact_email"]}),
        ("You", {"fields": ["practitioner_name", "practitioner_bio", "photo", "photo_alt"]}),
        ("Home and About pages", {"fields": ["home_intro", "helps_with", "about_body"]}),
    ]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    # The dashboard links here for e-mails that could not be sent after every retry. Sent ones
    # keep no content (the outbox clears it), only when they went and how many tries it took.
    list_display = ["created_at", "subject", "to", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    date_hierarchy = "created_at"
    fields = [
        "status",
        "to",
        "subject",
        "body_text",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "message_id",
        "key",
    ]
