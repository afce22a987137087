"""A check-in's page, /my/recordings/<public_id>/check-in/<day>/: how it is going, and a few
words if she likes.

The e-mail's five links open it with `?feeling=` chosen: signed in, her answer is recorded at
once (one click); a link scanner, never signed in, only reaches the sign-in page. Another
client's check-in, or one not sent yet, is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from aftercare.check_ins import check_in_answer
from aftercare.forms import CheckInForm
from aftercare.models import CheckIn
from aftercare.plans import PlanError
from aftercare.progress import check_in_answer_read
from clients.fields import decrypt_text, encrypt_text
from practice.her_pages import kept_for_her


def _own_check_in(request, public_id: str, day_number: int) -> CheckIn:
    return get_object_or_404(
        CheckIn.objects.select_related("plan__recording"),
        plan__recording__public_id=public_id,
        plan__recording__client=request.user,
        day_number=day_number,
    )


def _form(check_in: CheckIn) -> CheckInForm:
    answer = check_in.answer or {}
    return CheckInForm(initial={"feeling": answer.get("feeling"), "message": answer.get("message")})


@kept_for_her(seal=encrypt_text, unseal=decrypt_text)  # her answer: kept encrypted
@login_required
def check_in(request, public_id, day_number):
    check_in = _own_check_in(request, public_id, day_number)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    now = timezone.now()
    status, error = 200, ""
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            check_in_answer(
                check_in=check_in,
                feeling=form.cleaned_data["feeling"],
                message=form.cleaned_data["message"],
                now=now,
            )
            messages.success(request, "Thank you: your answer is saved.")
            return redirect("aftercare:recording", public_id)
        status = 400
    elif "feeling" in request.GET:
        try:
            check_in = check_in_answer(check_in=check_in, feeling=request.GET["feeling"], now=now)
        except PlanError as refused:
            form, error, status = _form(check_in), refused.message, 400
        else:
            form = _form(check_in)
            messages.success(
                request,
                f"Thank you: your answer ({check_in_answer_read(check_in).feeling}) is saved. "
                "You can add a few words below if you like.",
            )
    else:
        form = _form(check_in)
    context = {
        "check_in": check_in,
        "recording": check_in.plan.recording,
        "form": form,
        "error": error,
        "page_title": "How is it going?",
        "parent_url": reverse("aftercare:recording", args=[public_id]),
        "parent_label": str(check_in.plan.recording),
    }
    return render(request, "aftercare/check_in.html", context, status=status)
