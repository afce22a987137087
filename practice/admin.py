from django.contrib import admin

from practice.models import PracticeDetails, SocialLink


class SocialLinkInline(admin.TabularInline):
    model = SocialLink
    extra = 0


@admin.register(PracticeDetails)
class PracticeDetailsAdmin(admin.ModelAdmin):
    inlines = [SocialLinkInline]
    fieldsets = [
        ("The practice", {"fields": ["name", "tagline", "contact_email"]}),
        ("You", {"fields": ["practitioner_name", "practitioner_bio", "photo", "photo_alt"]}),
        ("Home and About pages", {"fields": ["home_intro", "helps_with", "about_body"]}),
    ]

    def has_add_permission(self, request):
        # There is only ever one set of details: edit it, don't add another.
        return not PracticeDetails.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
