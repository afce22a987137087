"""The client's recordings and listening plan, under /my/recordings/ (and the check-ins'
replies); the practitioner reaches the same files from the admin."""

from django.http import Http404
from django.urls import path

from aftercare import check_in_views, views

app_name = "aftercare"


def _audio_placeholder(request, public_id):
    raise Http404


# Each engineer's views in their own list, so that both parts of the app grow side by side.
file_patterns: list = [
    # placeholder: replaced by the file views at merge
    path("<str:public_id>/audio/", _audio_placeholder, name="recording-audio"),
]
page_patterns: list = [
    path("<str:public_id>/", views.recording_page, name="recording"),
    path(
        "<str:public_id>/acknowledge/",
        views.recording_acknowledge_view,
        name="recording-acknowledge",
    ),
    path("<str:public_id>/listened/", views.listened, name="listened"),
    path("<str:public_id>/listened/by-hand/", views.listened_by_hand, name="listened-by-hand"),
    path("<str:public_id>/plan/", views.plan_change, name="plan-change"),
    path("<str:public_id>/plan/time/", views.plan_time, name="plan-time"),
    path(
        "<str:public_id>/check-in/<int:day_number>/",
        check_in_views.check_in,
        name="check-in",
    ),
]

urlpatterns = [*file_patterns, *page_patterns]
