"""How allauth treats the practice's accounts where its defaults are not enough.

Accounts need no password: signing up asks for a name and an e-mail address, and the code
e-mailed to that address signs her in; signing in e-mails a code too, with a password as the
second way for those who set one (/accounts/password/set/). Every code is typed on one page of
ours (clients/account_code.py), so no answer tells a stranger whether an address has an account.
"""

from allauth.account import forms as allauth_forms
from allauth.account import stages
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.email_verification import (
    consume_email_verification_rate_limit,
)
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.utils import filter_users_by_email, user_email
from allauth.core.ratelimit import respond_429
from django import forms

from clients import account_code
from practice.mail import email_styled

NAME_LABEL = "Your name (what you'd like to be called)"
EMAIL_LABEL = "E-mail address"
# allauth's notes that a code was sent say which kind of code it was; the code page says
# what the visitor needs to know, the same for both.
CODE_SENT_MESSAGES = {
    "account/messages/login_code_sent.txt",
    "account/messages/email_confirmation_sent.txt",
}
# A new account's code both confirms her address and signs her in: one note says so
# ("Welcome, Hetty. You're signed in."), not two stacked above the page she came back to.
QUIET_MESSAGES = CODE_SENT_MESSAGES | {"account/messages/email_confirmed.txt"}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = DefaultAccountAdapter.error_messages | {
        "incorrect_code": "That code doesn't match the one we e-mailed. Please check it and "
        "try again.",
        "email_password_mismatch": "That e-mail address and password don't match an account. "
        "You can ask for a sign-in code instead.",
        "too_many_login_attempts": "Too many failed login attempts. Please try again in a few "
        "minutes.",
    }

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

    def add_message(self, request, level, message_template=None, message_context=None, **kwargs):
        reauthenticating = (message_context or {}).get("reauthentication")
        if message_template in QUIET_MESSAGES and not reauthenticating:
            return
        super().add_message(request, level, message_template, message_context, **kwargs)

    def save_user(self, request, user, form, commit=True):
        """The name she gave is the name the site calls her by (User.first_name)."""
        user.first_name = form.cleaned_data.get("name", "").strip()
        return super().save_user(request, user, form, commit=commit)

    def respond_email_verification_sent(self, request, user):
        """A new account (or one never confirmed) types its code on the one code page."""
        email = (user_email(user) if user else "") or ""
        return account_code.code_page_redirect(request, purpose=account_code.SIGNUP, email=email)

    def get_login_stages(self) -> list[str]:
        """allauth's stages, with the two that wait for an e-mailed code pointing at our page
        (a visitor returning to the sign-in page mid-way is sent back to it)."""
        ours = {
            "allauth.account.stages.LoginByCodeStage": f"{__name__}.LoginByCodeStage",
            "allauth.account.stages.EmailVerificationStage": f"{__name__}.EmailVerificationStage",
        }
        return [ours.get(path, path) for path in super().get_login_stages()]


class LoginByCodeStage(stages.LoginByCodeStage):
    urlname = "account_enter_code"


class EmailVerificationStage(stages.EmailVerificationStage):
    urlname = "account_enter_code"


class SignupForm(allauth_forms.SignupForm):
    """Her name and her e-mail address; no password (she may set one later).

    Also the form a page of ours may embed: POST `name` and `email` to
    /accounts/signup/?next=<url> and the visitor lands on /accounts/code/?next=<url>.
    """

    name = forms.CharField(label=NAME_LABEL, max_length=150)
    field_order = ["name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["email"].label = EMAIL_LABEL
        self.fields["email"].help_text = "We'll e-mail you a code to confirm it."
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)

    def try_save(self, request):
        """A known address starts a sign-in by code for its account, as if she had signed in.

        allauth would e-mail "you already have an account" and show a code page where no code
        can work. Here the owner of the address gets a sign-in code, and the visitor sees what a
        new account sees: the same redirect to the same page, the same limit on how often a
        code goes out. The name typed is ignored: an unauthenticated form never changes an
        existing account.
        """
        if not self.account_already_exists:
            return super().try_save(request)
        email = self.cleaned_data["email"]
        # A new account's code counts against this limit (allauth); a known address's too.
        if not consume_email_verification_rate_limit(request, email):
            return None, respond_429(request)
        user = next(iter(filter_users_by_email(email, is_active=True, prefer_verified=True)), None)
        LoginCodeVerificationProcess.initiate(request=request, user=user, email=email)
        response = account_code.code_page_redirect(request, purpose=account_code.LOGIN, email=email)
        return None, response


class LoginForm(allauth_forms.LoginForm):
    """Her e-mail address, and a password only if she chooses to sign in with one.

    Without a password the form asks allauth for a sign-in code (allauth's own behaviour for a
    login form with no password) and the visitor is sent to the code page. The button she
    pressed is `method`: "password" with an empty password is an error, not a code.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = EMAIL_LABEL
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)

    def _setup_password_field(self) -> None:
        # allauth drops the password when sign-up asks for none; ours keeps it, optional.
        self.fields["password"].required = False

    @property
    def by_password(self) -> bool:
        """Whether she chose to sign in with her password (the template opens that part)."""
        return self.is_bound and bool(
            self.data.get("password") or self.data.get("method") == "password"
        )

    def clean(self):
        if self.data.get("method") == "password" and not self.data.get("password"):
            self.add_error("password", "Please enter your password, or ask for a code instead.")
            return self.cleaned_data
        return super().clean()

    def login(self, request, redirect_url=None):
        if self.cleaned_data.get("password"):
            return super().login(request, redirect_url=redirect_url)
        super().login(request, redirect_url=redirect_url)  # e-mails the code
        return account_code.code_page_redirect(
            request, purpose=account_code.LOGIN, email=self.cleaned_data["login"]
        )
