"""Packages in the admin: the practitioner defines them (which sessions, how many, the price in
pounds, how long the credits last, the refund window and the terms); each client's page lists
her packages with the credits left (an inline added to the client's admin, which bookings
registers and knows nothing of packages). Purchases, their credits and the forms to add or
refund credits are in packages/purchase_admin.py.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils import timezone

from bookings.timezones import when_label
from packages.models import Package, PackageItem, PackagePurchase
from packages.purchase_admin import credits_left_label  # (registers the purchases' admin)
from practice.admin_helpers import ReadOnlyInline, money_column
from practice.money import minor_to_decimal


class PackageForm(forms.ModelForm):
    """The price as she thinks of it (£300.00), kept in pence."""

    price = forms.DecimalField(
        label="Price",
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        help_text="What the whole package costs, e.g. 300 or 300.00.",
    )

    class Meta:
        model = Package
        fields = [
            "name",
            "slug",
            "description",
            "price_currency",
            "validity_months",
            "refund_window_days",
            "terms",
            "active",
            "order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["price"].initial = minor_to_decimal(self.instance.price_amount)

    def clean_price(self):
        return int(self.cleaned_data["price"] * 100)

    def save(self, commit=True):
        self.instance.price_amount = self.cleaned_data["price"]
        return super().save(commit)


class PackageItemFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if not kept:
            raise forms.ValidationError("A package needs at least one session.")


class PackageItemInline(admin.StackedInline):
    # Stacked: each field with its own label (a tabular inline's inputs have none).
    model = PackageItem
    formset = PackageItemFormSet
    extra = 1
    verbose_name = "session in the package"
    verbose_name_plural = "sessions in the package"


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    form = PackageForm
    inlines = [PackageItemInline]
    list_display = ["name", "price_shown", "contents", "validity_months", "active", "order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "active", "order"]}),
        ("Price", {"fields": ["price", "price_currency"]}),
        ("Terms", {"fields": ["validity_months", "refund_window_days", "terms"]}),
    ]
    price_shown = money_column("price_amount", "price_currency", description="price")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items__service")

    @admin.display(description="sessions")
    def contents(self, obj):
        return ", ".join(str(item) for item in obj.items.all()) or "None yet"


class ClientPackageInline(ReadOnlyInline):
    """The client's packages on her page, newest first; each opens the purchase, where credits
    are added or refunded."""

    model = PackagePurchase
    fk_name = "client"
    fields = ["name", "bought", "credits_left", "expires", "amount_shown"]
    verbose_name_plural = "packages"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("order")
            .prefetch_related("credits__service")
        )

    @admin.display(description="price")
    def amount_shown(self, obj):
        return obj.price_label

    @admin.display(description="bought")
    def bought(self, obj):
        if not obj.is_paid:
            return "Waiting for payment"
        return when_label(obj.paid_at, timezone.get_current_timezone())

    @admin.display(description="credits left")
    def credits_left(self, obj):
        return credits_left_label(obj)

    @admin.display(description="credits last until")
    def expires(self, obj):
        if not obj.is_paid:
            return ""
        label = when_label(obj.expires_at, timezone.get_current_timezone())
        return label if obj.is_valid_at(timezone.now()) else f"{label} (expired)"


def _client_page_inline_add(inline) -> None:
    """The client's page (the user admin: bookings' ClientUserAdmin, as other apps have
    extended it) registered again with `inline` among its inlines."""
    user_model = get_user_model()
    registered = type(admin.site.get_model_admin(user_model))
    if inline in registered.inlines:
        return
    extended = type(registered.__name__, (registered,), {"inlines": [*registered.inlines, inline]})
    admin.site.unregister(user_model)
    admin.site.register(user_model, extended)


_client_page_inline_add(ClientPackageInline)
