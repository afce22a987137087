"""System checks: with DEBUG off the site refuses to start without its Stripe keys.

Without them no client could pay, and the offline test-payment page only exists with DEBUG
on. The messages name the setting, never its value.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def stripe_keys(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    errors = []
    secret_key = getattr(settings, "STRIPE_SECRET_KEY", None)
    webhook_secret = getattr(settings, "STRIPE_WEBHOOK_SECRET", None)
    if not secret_key:
        errors.append(
            Error(
                "STRIPE_SECRET_KEY is not set, so clients cannot pay.",
                hint="Set STRIPE_SECRET_KEY to the secret key from Stripe's dashboard "
                "(Developers > API keys), or set DEBUG=1 to use the offline test-payment page.",
                id="payments.E001",
            )
        )
    elif not secret_key.startswith(("sk_", "rk_")):
        errors.append(
            Error(
                "STRIPE_SECRET_KEY does not look like a Stripe secret key.",
                hint="It starts with sk_ (or rk_ for a restricted key); pk_ keys are public.",
                id="payments.E002",
            )
        )
    if not webhook_secret:
        errors.append(
            Error(
                "STRIPE_WEBHOOK_SECRET is not set, so Stripe's payment notices cannot be verified.",
                hint="Set it to the signing secret (whsec_…) of the endpoint /stripe/webhook/ "
                "in Stripe's dashboard (Developers > Webhooks).",
                id="payments.E003",
            )
        )
    elif not webhook_secret.startswith("whsec_"):
        errors.append(
            Error(
                "STRIPE_WEBHOOK_SECRET does not look like a webhook signing secret.",
                hint="It starts with whsec_.",
                id="payments.E004",
            )
        )
    return errors
