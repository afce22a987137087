"""The client's recordings and listening plan, under /my/recordings/ (and the check-ins'
replies); the practitioner reaches the same files from the admin."""

from django.urls import path

from aftercare import file_views

app_name = "aftercare"

# Each engineer's views in their own list, so that both parts of the app grow side by side.
file_patterns: list = [
    path("<slug:public_id>/audio/", file_views.recording_audio, name="recording-audio"),
    path("<slug:public_id>/download/", file_views.recording_download, name="recording-download"),
]
page_patterns: list = []

urlpatterns = [*file_patterns, *page_patterns]
