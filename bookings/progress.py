"""Where she is in booking: "Step 2 of 4: your details", and the steps around it.

The steps of one booking are fixed from its first page to its last, so the count never jumps:
choose a time; her details (signing up or in) only when she chose the time before signing in;
about her (screening and consent); payment. A free call has no payment, and consents on its
last step, "Confirm". A step done earlier (her answers on file from a past booking) is shown
as done, not left out: the count stays true.

Pure: the views say which step the page is and what they know of the booking.
"""

from dataclasses import dataclass

CHOOSE = "Choose a time"
DETAILS = "Your details"
ABOUT = "About you"
PAYMENT = "Payment"
CONFIRM = "Confirm"


@dataclass(frozen=True)
class Step:
    name: str
    state: str  # "done", "current" or "to do"

    @property
    def current(self) -> bool:
        return self.state == "current"


@dataclass(frozen=True)
class Progress:
    steps: tuple[Step, ...]

    @property
    def number(self) -> int:
        return next(i for i, step in enumerate(self.steps, 1) if step.current)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def name(self) -> str:
        return self.steps[self.number - 1].name

    @property
    def label(self) -> str:
        """ "Step 2 of 4: your details"."""
        return f"Step {self.number} of {self.total}: {self.name[0].lower()}{self.name[1:]}"


def progress(*, paid: bool, signing_in: bool, current: str) -> Progress:
    """The steps of a booking of a paid (or free) service, `current` being one of the names
    above. `signing_in`: the time was (or is being) chosen before signing in."""
    names = [CHOOSE]
    if signing_in:
        names.append(DETAILS)
    names += [ABOUT, PAYMENT] if paid else [CONFIRM]
    if not paid and current == ABOUT:
        current = CONFIRM
    at = names.index(current)
    return Progress(
        steps=tuple(
            Step(name, "done" if i < at else "current" if i == at else "to do")
            for i, name in enumerate(names)
        )
    )
