"""How allauth treats the practice's accounts where its defaults are not enough."""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.hashers import make_password

from practice.mail import email_styled


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed logins count per account *and* address (the "key" of ACCOUNT_RATE_LIMITS).

        Counted per account alone, a stranger's wrong password once a minute kept the
        practitioner out of her own admin. Per address, the stranger locks only themselves out;
        guessing stays slow because every address is also limited across all accounts, and the
        admin asks for a second factor besides the password. Clearing the count after a password
        reset goes through this method too, so both agree on the key.
        """
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{self.get_client_ip(request)}:{account}"

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's e-mails in the site's look: the HTML part of those that have one
        (templates/account/email/*_message.html) is styled as the outbox's e-mails are.

        allauth renders and sends these itself, outside the outbox, so they are styled here.
        """
        return email_styled(super().render_mail(template_prefix, email, context, headers))


class SignupForm(allauth_forms.SignupForm):
    def try_save(self, request):
        """Make signing up with a known address cost what a new account costs.

        With enumeration prevention allauth answers both alike, but only a new account hashes
        its password: the time taken told whether an address had an account. Hashing the given
        password (and throwing the hash away) closes that gap.
        """
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
