class MessageError(Exception):
    """An error whose `message` is written for the person who can act on it, and shown to them
    as it is (each app raises its own kind: bookings' BookingError, clients' ConsentError)."""

    message = "Sorry, that did not work."

    def __init__(self, message: str | None = None):
        if message is not None:
            self.message = message
        super().__init__(self.message)
