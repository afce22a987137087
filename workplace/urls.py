"""The workplace's one page outside the admin: the practitioner's private calendar feed.

Its name stays `bookings:calendar-feed` (calendar apps hold its address, and the name is part
of the URL contract): practice/urls.py includes these patterns within the bookings namespace.
"""

from django.urls import path

from workplace import feeds

urlpatterns = [
    # The token is the key (see workplace/feeds.py).
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar-feed"),
]
