"""The gift voucher's forms: buying one (anyone), and entering a code at the pay step."""

from datetime import datetime
from decimal import Decimal

from django import forms
from django.conf import settings

from bookings.models import Service
from practice.money import CURRENCY_SYMBOLS, money
from vouchers.codes import INPUT_MAX_LENGTH
from vouchers.conf import AMOUNT_MAX, AMOUNT_MIN, MESSAGE_MAX_LENGTH, NAME_MAX_LENGTH
from vouchers.models import Voucher
from vouchers.purchase import VoucherWish, delivery_days, one_line


class ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, service):
        return f"{service.name} ({service.price_label})"


class VoucherBuyForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it for?",
        choices=Voucher.Kind.choices,
        initial=Voucher.Kind.AMOUNT,
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label="Amount",
        required=False,
        min_value=Decimal(AMOUNT_MIN) / 100,
        max_value=Decimal(AMOUNT_MAX) / 100,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "1", "inputmode": "decimal"}),
    )
    service = ServiceChoice(
        label="Session",
        required=False,
        queryset=Service.objects.none(),
        empty_label="Choose a session",
        help_text="The voucher is worth the session's price today.",
    )
    buyer_name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput({"autocomplete": "name"}),
    )
    buyer_email = forms.EmailField(
        label="Your e-mail address",
        help_text="Your receipt goes here.",
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    recipient_name = forms.CharField(
        label="Their name",
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput({"autocomplete": "off"}),
    )
    recipient_email = forms.EmailField(
        label="Their e-mail address",
        help_text="The voucher and its code go here.",
        widget=forms.EmailInput({"autocomplete": "off"}),
    )
    message = forms.CharField(
        label="Your message (optional)",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=f"Plain text, up to {MESSAGE_MAX_LENGTH} characters.",
        widget=forms.Textarea({"rows": 4}),
    )
    deliver_on = forms.DateField(
        label="Send it on",
        help_text="They receive it that morning, in the time zone below.",
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, zone: str, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.first_day, self.last_day = delivery_days(zone=zone, now=now)
        currency = settings.PRACTICE_CURRENCY
        self.fields[
            "amount"
        ].help_text = f"From {money(AMOUNT_MIN, currency)} to {money(AMOUNT_MAX, currency)}."
        self.fields["amount"].label = f"Amount ({CURRENCY_SYMBOLS.get(currency, currency)})"
        self.fields["service"].queryset = Service.objects.active().filter(price_amount__gt=0)
        self.fields["deliver_on"].widget.attrs.update(
            {"min": self.first_day.isoformat(), "max": self.last_day.isoformat()}
        )
        self.fields["deliver_on"].initial = self.first_day

    def clean_deliver_on(self):
        day = self.cleaned_data["deliver_on"]
        if not self.first_day <= day <= self.last_day:
            raise forms.ValidationError(
                "Please choose a day from today to a year from now.", code="out_of_range"
            )
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Voucher.Kind.SERVICE:
            if not cleaned.get("service") and "service" not in self.errors:
                self.add_error("service", "Please choose a session.")
        elif cleaned.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", "Please enter an amount.")
        for name in ("buyer_name", "recipient_name"):
            if cleaned.get(name) is not None:
                cleaned[name] = one_line(cleaned[name])
        return cleaned

    def wish(self) -> VoucherWish:
        data = self.cleaned_data
        by_service = data["kind"] == Voucher.Kind.SERVICE
        return VoucherWish(
            buyer_name=data["buyer_name"],
            buyer_email=data["buyer_email"],
            recipient_name=data["recipient_name"],
            recipient_email=data["recipient_email"],
            message=data["message"],
            deliver_on=data["deliver_on"],
            zone=self.zone,
            amount=None if by_service else int(data["amount"] * 100),
            service=data["service"] if by_service else None,
        )


class VoucherCodeForm(forms.Form):
    code = forms.CharField(
        label="Voucher code",
        max_length=INPUT_MAX_LENGTH,
        help_text="The 12 letters and numbers in your gift voucher e-mail.",
        widget=forms.TextInput(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
