class BookingError(Exception):
    """Something the client can understand and act on; `message` is shown to them."""

    message = "Sorry, that did not work."

    def __init__(self, message: str | None = None):
        if message is not None:
            self.message = message
        super().__init__(self.message)
