"""What goes wrong with a gift voucher that the person using it can understand and act on."""

from bookings.errors import BookingError


class VoucherRefused(BookingError):
    """The voucher cannot be used (or bought) as asked; `message` says why and what to do."""


class WrongCode(VoucherRefused):
    """No usable voucher has this code. Says nothing more: whether one ever had it, or almost
    did, would help someone guessing."""

    message = (
        "That code does not match a gift voucher. Please check it (it is in the e-mail that "
        "brought the voucher) and try again."
    )
