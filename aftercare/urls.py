"""The client's recordings and listening plan, under /my/recordings/ (and the check-ins'
replies); the practitioner reaches the same files from the admin."""

from django.urls import path

from aftercare import check_in_views, file_views, views

app_name = "aftercare"

# The files themselves (aftercare/file_views.py): played with Range requests, or downloaded.
file_patterns: list = [
    path("<slug:public_id>/audio/", file_views.recording_audio, name="recording-audio"),
    path("<slug:public_id>/download/", file_views.recording_download, name="recording-download"),
]
# Her recording's page, her plan and her check-ins (aftercare/views.py, check_in_views.py).
page_patterns: list = [
    path("<slug:public_id>/", views.recording_page, name="recording"),
    path(
        "<slug:public_id>/acknowledge/",
        views.recording_acknowledge_view,
        name="recording-acknowledge",
    ),
    path("<slug:public_id>/listened/", views.listened, name="listened"),
    path("<slug:public_id>/listened/by-hand/", views.listened_by_hand, name="listened-by-hand"),
    path("<slug:public_id>/plan/", views.plan_change, name="plan-change"),
    path("<slug:public_id>/plan/time/", views.plan_time, name="plan-time"),
    path(
        "<slug:public_id>/check-in/<int:day_number>/",
        check_in_views.check_in,
        name="check-in",
    ),
]

urlpatterns = [*file_patterns, *page_patterns]
