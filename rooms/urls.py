"""Joining a booking's session room: /bookings/<reference>/join/."""

app_name = "rooms"

urlpatterns: list = []
