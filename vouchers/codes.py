"""Gift voucher codes: unguessable, typed without doubt, found whatever the case or spacing.

A code is 12 characters drawn with `secrets` from an alphabet without look-alikes (no 0/O/Q,
1/I/L, 5/S, 2/Z, 8/B, 6/G, U/V), about 52 bits: with the rate limit on wrong codes
(vouchers/attempts.py) nobody finds one by trying. It is kept as the 12 characters and shown
in groups of four (ABCD-EFGH-JKMN), the way it is read out or copied from an e-mail.

Pure: no database, no clock.
"""

import re
import secrets

CODE_ALPHABET = "ACDEFHJKMNPRTWXY3479"
CODE_LENGTH = 12
GROUP = 4
# What people put between the groups, or by accident around them: spaces of every kind and
# every sort of dash a phone's keyboard or a mail app may put in.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")
# Longer than any code however it is spaced: anything longer is not one.
INPUT_MAX_LENGTH = 40


def code_new() -> str:
    """A new random code (the caller makes sure no voucher has it yet)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(typed: str) -> str | None:
    """The code `typed` means ("abcd efgh-jkmn" -> "ABCDEFGHJKMN"), or None when it cannot be
    one (wrong length, or a character no code has)."""
    if not isinstance(typed, str) or len(typed) > INPUT_MAX_LENGTH:
        return None
    code = _SEPARATORS.sub("", typed).upper()
    if len(code) != CODE_LENGTH or any(character not in CODE_ALPHABET for character in code):
        return None
    return code


def code_display(code: str) -> str:
    """A code as people read it: "ABCD-EFGH-JKMN"."""
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))
