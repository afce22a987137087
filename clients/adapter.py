"""How allauth treats the practice's accounts where its defaults are not enough."""

from allauth.account.adapter import DefaultAccountAdapter


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
