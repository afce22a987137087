from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from clients.models import (
    AccessLog,
    ConsentRecord,
    PolicyDocument,
    PolicyVersion,
    Profile,
    PublishedPolicyIsFinal,
    Screening,
    User,
)
from clients.policies import policy_version_draft_from, policy_version_publish
from clients.privacy import access_log_record, client_data_export
from clients.screening import answers_for_display
from practice.admin_helpers import ReadOnlyAdmin, ReadOnlyInline
from practice.forms import ZoneChoiceForm
from practice.http import json_download


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


class UserChangeAdminForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class ProfileInline(admin.StackedInline):
    model = Profile
    form = ZoneChoiceForm
    can_delete = False
    fields = ["phone", "time_zone", "marketing_opt_in"]


class ClientConsentInline(ReadOnlyInline):
    """What the client accepted, when and for which booking (proof: never edited)."""

    model = ConsentRecord
    fk_name = "user"
    fields = ["version", "accepted_at", "booking_reference", "withdrawn_at"]
    verbose_name_plural = "consent records"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("version__document")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    # bookings adds the client's bookings after her profile (bookings/client_admin.py).
    inlines = [ProfileInline, ClientConsentInline]
    readonly_fields = ["screening_summary"]
    actions = ["export_data_as_json"]
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Suitability screening", {"fields": ["screening_summary"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "usable_password", "password1", "password2"],
            },
        ),
    ]

    @admin.display(description="screening")
    def screening_summary(self, obj):
        # Only whether there is one and its flag: the answers are on the screening's own page,
        # where every view is written to the access log.
        screening = Screening.objects.filter(user=obj).first() if obj and obj.pk else None
        if screening is None:
            return "No screening answered."
        flag = " Needs a conversation before the session." if screening.needs_conversation else ""
        return format_html(
            'Answered {}.{} <a href="{}">Read the answers</a> (each reading is logged).',
            timezone.localtime(screening.completed_at).strftime("%d %b %Y"),
            flag,
            reverse("admin:clients_screening_change", args=[screening.pk]),
        )

    @admin.action(description="Export data as JSON")
    @method_decorator(sensitive_variables("data"))
    def export_data_as_json(self, request, queryset):
        """Everything held about one client, as the client's own download has it; logged."""
        if queryset.count() != 1:
            self.message_user(
                request, "Choose exactly one client to export.", level=messages.WARNING
            )
            return None
        client = queryset.get()
        now = timezone.now()
        data = client_data_export(user=client, now=now)
        access_log_record(
            staff=request.user,
            client=client,
            action=AccessLog.Action.EXPORTED_DATA,
            now=now,
            reference=f"user:{client.pk}",
        )
        return json_download(data, filename=f"client-{client.pk}-data-{now:%Y-%m-%d}.json")


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "current_version", "public_page"]
    fields = ["kind"]

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="current version")
    def current_version(self, obj):
        version = PolicyVersion.objects.current(now=timezone.now()).filter(document=obj).first()
        return str(version) if version else "None published yet"

    @admin.display(description="public page")
    def public_page(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    """Drafts are edited here; a published version is read-only for good.

    To change a published policy, use "Make a new version from this text", edit the draft,
    then "Save and publish": clients accept the new version at their next booking.
    """

    change_form_template = "admin/clients/policyversion/change_form.html"
    list_display = ["title", "document", "number", "status", "hash_matches"]
    list_filter = ["document"]
    list_select_related = ["document"]
    fields = ["document", "title", "summary", "body"]
    published_fields = [
        "document",
        "number",
        "title",
        "summary",
        "body",
        "published_at",
        "content_hash",
        "hash_matches",
    ]
    actions = ["publish_drafts", "copy_as_draft"]

    def get_fields(self, request, obj=None):
        return self.published_fields if obj and obj.is_published else self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.published_fields if obj and obj.is_published else []

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="status")
    def status(self, obj):
        if obj.is_published:
            return f"Published {obj.published_at:%d %b %Y}"
        return "Draft"

    @admin.display(description="hash matches the text", boolean=True)
    def hash_matches(self, obj):
        return obj.is_intact if obj.is_published else None

    def response_add(self, request, obj, post_url_continue=None):
        if "_publish" in request.POST:
            return self._publish_and_return(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_publish" in request.POST:
            return self._publish_and_return(request, obj)
        return super().response_change(request, obj)

    def _publish_and_return(self, request, obj):
        version = policy_version_publish(version=obj, now=timezone.now())
        self.message_user(
            request,
            f"Published {version}. Clients will accept it at their next booking.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:clients_policyversion_changelist"))

    @admin.action(description="Publish the selected drafts", permissions=["change"])
    def publish_drafts(self, request, queryset):
        now = timezone.now()
        published = 0
        for version in queryset.drafts().select_related("document"):
            policy_version_publish(version=version, now=now)
            published += 1
        self.message_user(request, f"Published {published} version(s).", messages.SUCCESS)

    @admin.action(description="Copy as a new draft", permissions=["add"])
    def copy_as_draft(self, request, queryset):
        for version in queryset:
            policy_version_draft_from(version=version)
        self.message_user(request, "New draft(s) made: edit them, then publish.")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/new-draft/",
                self.admin_site.admin_view(require_POST(self.new_draft_view)),
                name="clients_policyversion_new_draft",
            ),
            *super().get_urls(),
        ]

    def new_draft_view(self, request, object_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(PolicyVersion, pk=object_id)
        draft = policy_version_draft_from(version=version)
        self.message_user(request, "A new draft was made from that text. Edit it, then publish.")
        return HttpResponseRedirect(reverse("admin:clients_policyversion_change", args=[draft.pk]))

    def save_model(self, request, obj, form, change):
        try:
            super().save_model(request, obj, form, change)
        except PublishedPolicyIsFinal:
            raise PermissionDenied("A published policy version can never change.") from None


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ["user", "version", "accepted_at", "booking_reference", "withdrawn_at"]
    list_filter = ["version__document", ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "version__document"]
    search_fields = ["user__email", "booking_reference"]
    date_hierarchy = "accepted_at"


@admin.register(Screening)
class ScreeningAdmin(ReadOnlyAdmin):
    """Health data: shown only here, read-only, and every view of it is written to the log."""

    list_display = ["user", "completed_at", "valid_until", "needs_conversation"]
    list_filter = ["needs_conversation"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    fields = ["user", "completed_at", "valid_until", "needs_conversation", "answers_table"]
    readonly_fields = fields

    @admin.display(description="answers")
    def answers_table(self, obj):
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td></tr>',
            answers_for_display(obj.answers),
        )
        return format_html('<table class="screening-answers">{}</table>', rows)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            screening = self.get_object(request, object_id)
            access_log_record(
                staff=request.user,
                client=screening.user,
                action=AccessLog.Action.VIEWED_SCREENING,
                now=timezone.now(),
                reference=f"screening:{screening.pk}",
            )
        return response


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    """Who read which client's sensitive data, and when. Superusers only; nobody edits it."""

    list_display = ["at", "staff", "action", "client", "object_reference"]
    list_filter = ["action"]
    list_select_related = ["staff", "client"]
    search_fields = ["staff__email", "client__email"]
    date_hierarchy = "at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser
