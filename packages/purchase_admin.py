"""Package purchases in the admin: what each client bought, her credits left per service, until
when, the bookings credits paid for and every change, and two forms of the practitioner's own:
adding credits, and refunding credits (their share of the price, or an amount she types).

Purchases are written by the buying flow and the forms below, never edited as rows; each form's
change is logged in the purchase's admin history.
"""

from decimal import Decimal
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from bookings.errors import BookingError
from bookings.models import Service
from bookings.timezones import when_label
from packages.adjustments import credits_add, credits_refund, refund_value, refundable
from packages.models import CreditChange, CreditUse, PackagePurchase
from practice.money import money


def credits_left_label(purchase: PackagePurchase) -> str:
    """ "1 of 1 RTT session, 0 of 1 Hypnotherapy session"."""
    credits = [credit for credit in purchase.credits.all() if credit.total]
    if not credits:
        return "None" if purchase.is_paid else ""
    return ", ".join(f"{credit.left} of {credit.total} {credit.service.name}" for credit in credits)


def _when(moment) -> str:
    return when_label(moment, timezone.get_current_timezone()) if moment else ""


class PaidFilter(admin.SimpleListFilter):
    title = "payment"
    parameter_name = "paid"

    def lookups(self, request, model_admin):
        return [("yes", "Paid"), ("no", "Waiting for payment")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(paid_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(paid_at__isnull=True)
        return queryset


@admin.register(PackagePurchase)
class PackagePurchaseAdmin(admin.ModelAdmin):
    list_display = ["created", "client", "name", "status", "credits_left", "expires", "price"]
    list_filter = [PaidFilter, "package"]
    list_select_related = ["client", "order"]
    search_fields = ["order__reference", "client__email", "client__first_name", "client__last_name"]
    search_help_text = "Search by the client's name or e-mail address, or the order's reference."
    date_hierarchy = "created_at"
    fields = [
        "client",
        "name",
        "status",
        "price",
        "credits_left",
        "order_link",
        "expires",
        "refund_until_shown",
        "tools",
        "credit_table",
        "paid_sessions",
        "history",
        "terms",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("credits__service")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The page is read, never saved: its changes are the forms below.
        return False

    def may_adjust(self, request) -> bool:
        return request.user.has_perm("packages.change_packagepurchase")

    @admin.display(description="bought", ordering="created_at")
    def created(self, obj):
        return _when(obj.paid_at or obj.created_at)

    @admin.display(description="status")
    def status(self, obj):
        return "Paid" if obj.is_paid else "Waiting for payment"

    @admin.display(description="price")
    def price(self, obj):
        return obj.price_label

    @admin.display(description="credits left")
    def credits_left(self, obj):
        return credits_left_label(obj)

    @admin.display(description="credits last until", ordering="expires_at")
    def expires(self, obj):
        if not obj.is_paid:
            return ""
        expired = "" if obj.is_valid_at(timezone.now()) else " (expired)"
        return _when(obj.expires_at) + expired

    @admin.display(description="she may give back credits herself until")
    def refund_until_shown(self, obj):
        return _when(obj.refund_until)

    @admin.display(description="order")
    def order_link(self, obj):
        link = reverse("admin:payments_order_change", args=[obj.order_id])
        return format_html('<a href="{}">{}</a>', link, obj.order.reference)

    @admin.display(description="credits and refunds")
    def tools(self, obj):
        if not obj.is_paid:
            return "Credits can be added or refunded once it is paid."
        return format_html(
            '<a class="button" href="{}">Add credits</a> <a class="button" href="{}">Refund '
            "credits</a>"
            '<p class="help">{} of the {} paid can still be refunded.</p>',
            reverse("admin:packages_packagepurchase_add_credits", args=[obj.pk]),
            reverse("admin:packages_packagepurchase_refund", args=[obj.pk]),
            money(refundable(obj), obj.order.currency),
            obj.price_label,
        )

    @admin.display(description="credits")
    def credit_table(self, obj):
        credits = list(obj.credits.all())
        if not credits:
            return "None yet"
        return format_html(
            '<table><thead><tr><th scope="col">Session</th><th scope="col">Left</th>'
            '<th scope="col">Total</th><th scope="col">Used or reserved</th>'
            '<th scope="col">Bought</th><th scope="col">Refunded</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                ((c.service.name, c.left, c.total, c.used, c.bought, c.paid_back) for c in credits),
            ),
        )

    @admin.display(description="credits added and refunds")
    def history(self, obj):
        changes = list(obj.changes.all())
        if not changes:
            return "None yet"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}, {}: {}{}</li>",
                (
                    (
                        _when(change.at),
                        change.get_by_display().lower(),
                        change.summary,
                        f" ({change.note})" if change.note else "",
                    )
                    for change in changes
                ),
            ),
        )

    @admin.display(description="sessions paid with its credits")
    def paid_sessions(self, obj):
        uses = CreditUse.objects.filter(credit__purchase=obj).select_related(
            "booking", "credit__service"
        )
        if not uses:
            return "None yet"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {}, {}</li>',
                (
                    (
                        reverse("admin:bookings_booking_change", args=[use.booking_id]),
                        _when(use.booking.start),
                        use.credit.service.name,
                        use.get_state_display(),
                    )
                    for use in uses
                ),
            ),
        )

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(partial(view, self))

        return [
            path(
                "<int:pk>/add-credits/",
                wrap(PackagePurchaseAdmin.add_credits_view),
                name="packages_packagepurchase_add_credits",
            ),
            path(
                "<int:pk>/refund/",
                wrap(PackagePurchaseAdmin.refund_view),
                name="packages_packagepurchase_refund",
            ),
            *super().get_urls(),
        ]

    def _adjusted(self, request, pk):
        if not self.may_adjust(request):
            raise PermissionDenied
        purchase = get_object_or_404(
            PackagePurchase.objects.select_related("order", "client"), pk=pk
        )
        if not purchase.is_paid:
            raise Http404
        return purchase

    def _form_page(self, request, purchase, form, *, title: str, intro: str, submit: str):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "intro": intro,
            "submit": submit,
            "form": form,
            "purchase": purchase,
            "purchase_url": reverse("admin:packages_packagepurchase_change", args=[purchase.pk]),
            "credits_left": credits_left_label(purchase),
        }
        return TemplateResponse(request, "admin/packages/adjust.html", context)

    def _done(self, request, purchase, change: CreditChange):
        message = change.summary + (f" ({change.note})" if change.note else "")
        self.log_change(request, purchase, message)
        self.message_user(request, f"Done: {message}.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:packages_packagepurchase_change", args=[purchase.pk])
        )

    def add_credits_view(self, request, pk):
        purchase = self._adjusted(request, pk)
        form = AddCreditsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                change = credits_add(
                    purchase=purchase,
                    service=form.cleaned_data["service"],
                    count=form.cleaned_data["count"],
                    note=form.cleaned_data["note"],
                    now=timezone.now(),
                )
            except BookingError as error:
                form.add_error(None, error.message)
            else:
                return self._done(request, purchase, change)
        return self._form_page(
            request,
            purchase,
            form,
            title=f"Add credits to {purchase.client.email}'s {purchase.name}",
            intro="Credits you add last as long as the package's others, and carry no money: "
            "refunding them later gives nothing back.",
            submit="Add credits",
        )

    def refund_view(self, request, pk):
        purchase = self._adjusted(request, pk)
        form = RefundCreditsForm(request.POST or None, purchase=purchase)
        if request.method == "POST" and form.is_valid():
            try:
                change = credits_refund(
                    purchase=purchase,
                    service=form.cleaned_data["service"],
                    count=form.cleaned_data["count"],
                    amount=form.cleaned_data["amount_minor"],
                    note=form.cleaned_data["note"],
                    now=timezone.now(),
                )
            except BookingError as error:
                form.add_error(None, error.message)
            else:
                return self._done(request, purchase, change)
        left = refundable(purchase)
        return self._form_page(
            request,
            purchase,
            form,
            title=f"Refund credits of {purchase.client.email}'s {purchase.name}",
            intro=f"Up to {money(left, purchase.order.currency)} can still be refunded (paid "
            f"{purchase.price_label}). The refund goes to the card she paid with.",
            submit="Refund",
        )


class AddCreditsForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.filter(is_free=False).order_by("order", "name"),
        label="Session",
    )
    count = forms.IntegerField(label="How many", min_value=1, max_value=20, initial=1)
    note = forms.CharField(
        label="Note (for you)",
        max_length=300,
        required=False,
        help_text="Why, in a few words, e.g. “a session moved at my request”.",
    )


class RefundCreditsForm(forms.Form):
    PRO_RATA = "pro_rata"
    AMOUNT = "amount"

    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        label="Session",
        required=False,
        help_text="The credits to take back. Leave empty to refund an amount only.",
    )
    count = forms.IntegerField(label="How many credits", min_value=0, max_value=100, initial=1)
    how = forms.ChoiceField(
        label="How much to refund",
        choices=[
            (PRO_RATA, "Their share of the price (pro rata)"),
            (AMOUNT, "The amount I type below"),
        ],
        initial=PRO_RATA,
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label="Amount",
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        required=False,
        help_text="In pounds, e.g. 95 or 47.50; only with “the amount I type”.",
    )
    note = forms.CharField(label="Note (for you)", max_length=300, required=False)

    def __init__(self, *args, purchase: PackagePurchase, **kwargs):
        super().__init__(*args, **kwargs)
        self.purchase = purchase
        self.fields["service"].queryset = Service.objects.filter(
            package_credits__purchase=purchase
        ).order_by("order", "name")
        self.fields["how"].help_text = self._pro_rata_help()

    def _pro_rata_help(self) -> str:
        lines = []
        for credit in self.purchase.credits.select_related("service"):
            one = refund_value(
                price=self.purchase.order.amount,
                items=self.purchase.items,
                counts={credit.service_id: 1},
            )
            if credit.bought:
                share = money(one, self.purchase.order.currency)
                lines.append(f"one {credit.service.name} credit: {share}")
        return "Pro rata: " + "; ".join(lines) + "." if lines else ""

    def clean(self):
        cleaned = super().clean()
        count, service = cleaned.get("count") or 0, cleaned.get("service")
        if count and service is None:
            self.add_error("service", "Choose the session whose credits you take back.")
        cleaned["amount_minor"] = None
        if cleaned.get("how") == self.AMOUNT:
            amount = cleaned.get("amount")
            if amount is None:
                self.add_error("amount", "Type the amount to refund (0 to refund nothing).")
            else:
                cleaned["amount_minor"] = int(amount * 100)
        elif not count:
            self.add_error("count", "Take back at least one credit, or type an amount to refund.")
        return cleaned
