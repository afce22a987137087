"""Her recording's page, /my/recordings/<public_id>/: the safety notes to acknowledge first,
then the player, today's listening, her plan as a calendar, and her choices.

Every view finds the recording among the signed-in client's own before anything else, so
another client's address is a 404 whatever the method; signed out, each leads to sign-in.
Writes go through the domain functions (aftercare.plans, aftercare.safety) and come back to
the page with a message in words.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from aftercare import plans
from aftercare.forms import AcknowledgeForm, ListenTimeForm
from aftercare.models import ListeningPlan, Recording
from aftercare.plans import PlanError
from aftercare.progress import duration_label, plan_progress, plan_zone, progress_prefetches
from aftercare.reminders import follow_up_path
from aftercare.safety import SAFETY_NOTES, recording_acknowledge
from bookings.timezones import zone_options
from practice.fragments import CSRF_PLACEHOLDER, cached_fragment, fragment_fill, slot_placeholder
from practice.her_pages import kept_for_her
from practice.models import PracticeDetails
from practice.zones import clock_time, is_valid_zone, zone_label


def own_recording(request, public_id: str) -> Recording:
    """The signed-in client's recording with this id, else 404 (its plan's zone read with it)."""
    return get_object_or_404(
        Recording.objects.select_related("booking__service", "plan"),
        public_id=public_id,
        client=request.user,
    )


def _plans():
    return ListeningPlan.objects.select_related("recording__booking__service").prefetch_related(
        *progress_prefetches()
    )


def own_plan(request, public_id: str) -> ListeningPlan:
    """The plan of the signed-in client's recording, its days and check-ins read, else 404."""
    plan = _plans().filter(recording__public_id=public_id, recording__client=request.user).first()
    if plan is None:
        raise Http404
    return plan


def _posted(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _page(request, recording: Recording, *, time_form=None, ack_form=None, status=200):
    """Her recording's page. Its content is the same on every view until her data or the day
    changes it: it is cached for her (practice/fragments.py), and the zone options (their
    clocks move each minute) and the CSRF token are put in per view. A form back with errors
    is rendered fresh, with what she typed."""
    now = timezone.now()
    plan = getattr(recording, "plan", None)
    # The zone she just chose stays chosen when her time needs a second look.
    chosen_zone = time_form.data.get("time_zone") if time_form is not None else None
    if not is_valid_zone(chosen_zone):
        chosen_zone = plan.time_zone if plan is not None else None
    slots = {"zone_options": zone_options(chosen_zone, at=now) if chosen_zone else ""}
    if time_form is None and ack_form is None:
        body = cached_fragment(
            name=f"recording-page:{recording.pk}",
            user_id=recording.client_id,
            now=now,
            build=lambda: (_body(recording, now=now), None),
        )
    else:
        body = render_to_string(
            "aftercare/_recording_body.html",
            _body_context(recording, now=now, time_form=time_form, ack_form=ack_form),
            request=request,
        )
    context = {
        "recording": recording,
        "page_title": str(recording),
        "recording_body": fragment_fill(request, body, **slots),
    }
    return render(request, "aftercare/recording.html", context, status=status)


def _body(recording: Recording, *, now: datetime) -> str:
    """The page's content for the cache: rendered without the request, with placeholders for
    the CSRF token and the zone options. Only the day changes it by itself (when her plan's
    day turns: the fragment is never kept past a quarter hour, when any zone's day turns)."""
    context = _body_context(recording, now=now)
    context |= {
        "csrf_token": CSRF_PLACEHOLDER,
        "practice": PracticeDetails.load(),
        "zone_options": slot_placeholder("zone_options"),
    }
    return render_to_string("aftercare/_recording_body.html", context)


def _body_context(recording: Recording, *, now: datetime, time_form=None, ack_form=None) -> dict:
    context = {
        "recording": recording,
        "acknowledged": recording.acknowledged_at is not None,
        "safety_notes": SAFETY_NOTES,
        "ack_form": ack_form or AcknowledgeForm(),
        "duration_label": duration_label(recording.duration_seconds),
        "now": now,
        "zone_options": slot_placeholder("zone_options"),
    }
    plan = _plans().filter(recording=recording).first()
    if plan is not None:
        progress = plan_progress(plan, now=now)
        listen_at = datetime.combine(progress.today, plan.listen_at, tzinfo=plan_zone(plan))
        context.update(
            {
                "plan": plan,
                "progress": progress,
                "time_form": time_form
                or ListenTimeForm(
                    initial={"listen_at": plan.listen_at, "time_zone": plan.time_zone}
                ),
                "zone_label": zone_label(plan.time_zone, at=now),
                "listen_at_label": clock_time(listen_at),
                "follow_up_url": follow_up_path(plan),
            }
        )
    return context


@kept_for_her()
@login_required
def recording_page(request, public_id):
    recording = own_recording(request, public_id)
    return _page(request, recording)


@login_required
def recording_acknowledge_view(request, public_id):
    recording = own_recording(request, public_id)
    if refused := _posted(request):
        return refused
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _page(request, recording, ack_form=form, status=400)
    recording_acknowledge(recording=recording, now=timezone.now())
    messages.success(request, "Thank you. Your recording is ready to play.")
    return redirect("aftercare:recording", recording.public_id)


@login_required
def listened(request, public_id):
    """What the page's script reports: seconds played since its last report (JSON)."""
    plan = own_plan(request, public_id)
    if refused := _posted(request):
        return refused
    now = timezone.now()
    try:
        day = plans.listening_record(plan=plan, seconds=request.POST.get("seconds"), now=now)
    except PlanError as error:
        return JsonResponse({"message": error.message}, status=400)
    progress = plan_progress(own_plan(request, public_id), now=now)
    return JsonResponse(
        {"listened": day.listened_at is not None, "message": progress.today_message}
    )


def _act(request, public_id, action, *, done: str):
    plan = own_plan(request, public_id)
    if refused := _posted(request):
        return refused
    try:
        action(plan=plan, now=timezone.now())
    except PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("aftercare:recording", public_id)


@login_required
def listened_by_hand(request, public_id):
    return _act(request, public_id, plans.listening_tick, done="Today is marked as listened.")


PLAN_ACTIONS = {
    "pause": (
        plans.listening_plan_pause,
        "Your plan is paused: no reminders until you resume it. Listening still counts.",
    ),
    "resume": (plans.listening_plan_resume, "Your plan is running again, with its reminders."),
    "finish": (
        plans.listening_plan_finish,
        "Your plan is finished: there will be no more reminders. Thank you.",
    ),
}


@login_required
def plan_change(request, public_id):
    """Pause, resume or finish her plan (`action` in the form)."""
    chosen = PLAN_ACTIONS.get(request.POST.get("action", ""))
    if chosen is None:
        own_plan(request, public_id)
        if refused := _posted(request):
            return refused
        messages.error(request, "Please use one of the buttons on this page.")
        return redirect("aftercare:recording", public_id)
    action, done = chosen
    return _act(request, public_id, action, done=done)


@login_required
def plan_time(request, public_id):
    """Her reminder's time of day and zone."""
    plan = own_plan(request, public_id)
    if refused := _posted(request):
        return refused
    form = ListenTimeForm(request.POST)
    if form.is_valid():
        try:
            plans.listening_plan_time_set(
                plan=plan,
                listen_at=form.cleaned_data["listen_at"],
                time_zone=form.cleaned_data["time_zone"],
                now=timezone.now(),
            )
        except PlanError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your reminder time is saved.")
            return redirect("aftercare:recording", public_id)
    return _page(request, plan.recording, time_form=form, status=400)
