"""What aftercare plugs into the layers below once Django's apps are loaded (imported by
AftercareConfig.ready()). Each part of the app registers in its own block."""

from django.db.models.signals import post_delete

from aftercare import privacy  # noqa: F401 (registers its export section and erasure step)
from aftercare.models import CheckIn, ListeningDay, ListeningPlan, Recording
from aftercare.panels import booking_recordings_panel
from aftercare.recordings import recording_file_forget
from bookings import hooks
from practice.fragments import register_fragment_owner


def register_recording_files() -> None:
    """The recordings' files: a file leaves private storage whenever its row is deleted, however
    (the admin, erasure, a cascade); her recordings, plans and fetch log in her data export,
    and their erasure (aftercare/privacy.py, registered by importing it)."""
    post_delete.connect(
        recording_file_forget, sender=Recording, dispatch_uid="aftercare-recording-file-forget"
    )


def register_listening_plan() -> None:
    """The listening plan's part: her recordings on the booking page of their session."""
    hooks.hook_add(hooks.booking_page_panels, booking_recordings_panel)


def register_client_fragments() -> None:
    """Her cached fragments (practice/fragments.py) show her recordings and where each plan
    stands."""
    register_fragment_owner(Recording, "client_id")
    register_fragment_owner(ListeningPlan, "recording.client_id")
    register_fragment_owner(ListeningDay, "plan.recording.client_id")
    register_fragment_owner(CheckIn, "plan.recording.client_id")


register_recording_files()
register_listening_plan()
register_client_fragments()
