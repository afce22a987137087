"""Gift vouchers in the admin: bought and paid online, so read-only, but for sending one to
its recipient again. Each voucher lists what it paid for (the bookings, by reference), and a
booking's page shows the voucher that paid for it. Nothing about anyone's health is here.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from bookings.admin import booking_page_inlines
from practice.admin_helpers import ReadOnlyInline, money_column
from vouchers.codes import code_normalise
from vouchers.delivery import voucher_delivery_resend
from vouchers.models import Redemption, Voucher


class RedemptionColumns:
    amount_shown = money_column("amount", "currency", description="amount")
    returned_shown = money_column("returned", "currency", description="given back")


class RedemptionInline(RedemptionColumns, ReadOnlyInline):
    """What the voucher paid for."""

    model = Redemption
    fields = ["booking_link", "amount_shown", "returned_shown", "state", "created_at"]
    show_change_link = False
    verbose_name_plural = "what it paid for"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("booking", "voucher")

    @admin.display(description="booking")
    def booking_link(self, redemption):
        url = reverse("admin:bookings_booking_change", args=[redemption.booking_id])
        return format_html('<a href="{}">{}</a>', url, redemption.booking.reference)


class BookingVoucherInline(RedemptionColumns, ReadOnlyInline):
    """On a booking's page: the gift voucher that paid for a part (or all) of it."""

    model = Redemption
    fields = ["voucher_code", "amount_shown", "returned_shown", "state"]
    show_change_link = False
    verbose_name_plural = "gift voucher"

    def get_queryset(self, request):
        return super().get_queryset(request).live().select_related("voucher")

    @admin.display(description="voucher")
    def voucher_code(self, redemption):
        url = reverse("admin:vouchers_voucher_change", args=[redemption.voucher_id])
        return format_html('<a href="{}">{}</a>', url, redemption.voucher.code_shown)


class PaidFilter(admin.SimpleListFilter):
    title = "paid"
    parameter_name = "paid"

    def lookups(self, request, model_admin):
        return [("yes", "Paid"), ("no", "Waiting for payment")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(paid_at__isnull=self.value() == "no")
        return queryset


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = [
        "code_shown",
        "recipient_name",
        "initial_shown",
        "balance_shown",
        "redemptions_shown",
        "valid_until_shown",
        "delivered_at",
    ]
    list_filter = [PaidFilter, "kind"]
    search_fields = ["code", "recipient_name", "order__reference"]
    list_select_related = ["order"]
    date_hierarchy = "created_at"
    inlines = [RedemptionInline]
    actions = ["resend_delivery"]
    fields = [
        "code_shown",
        "order",
        "kind",
        "service_name",
        "initial_shown",
        "balance_shown",
        "buyer_name",
        "buyer_email",
        "recipient_name",
        "recipient_email",
        "message",
        "deliver_on",
        "deliver_at",
        "buyer_time_zone",
        "created_at",
        "paid_at",
        "valid_until_shown",
        "delivered_at",
    ]
    readonly_fields = fields

    initial_shown = money_column("initial_amount", "currency", description="bought for")
    balance_shown = money_column("balance", "currency", description="balance")

    @admin.display(description="code", ordering="code")
    def code_shown(self, voucher):
        return voucher.code_shown or "(not paid yet)"

    @admin.display(description="valid until", ordering="expires_at")
    def valid_until_shown(self, voucher):
        day = voucher.valid_until
        return f"{day.day} {day:%B %Y}" if day else ""

    @admin.display(description="redemptions", ordering="redemption_count")
    def redemptions_shown(self, voucher):
        return voucher.redemption_count

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(redemption_count=Count("redemptions", distinct=True))
        )

    def get_search_results(self, request, queryset, search_term):
        # A code as she reads it out or copies it (abcd-efgh-jkmn) finds its voucher.
        code = code_normalise(search_term)
        if code:
            return queryset.filter(code=code), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Nothing here is hers to edit: no Save buttons (the list's action sends it again).
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description="Send the voucher's e-mail to its recipient again", permissions=["change"]
    )
    def resend_delivery(self, request, queryset):
        now = timezone.now()
        sent = sum(voucher_delivery_resend(voucher=voucher, now=now) for voucher in queryset)
        self.message_user(
            request,
            f"{sent} voucher e-mail{'s' if sent != 1 else ''} on the way."
            if sent
            else "Nothing was sent: only a paid voucher with a recipient's address can be.",
            messages.SUCCESS if sent else messages.WARNING,
        )


booking_page_inlines.append(BookingVoucherInline)
