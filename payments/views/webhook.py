from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.log import log_response
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments import webhooks


@csrf_exempt  # Stripe cannot send a CSRF token; the signature proves who sent the request.
@require_POST
def stripe_webhook(request):
    try:
        event = webhooks.event_construct(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except webhooks.InvalidEvent:
        return HttpResponseBadRequest("Invalid signature.")
    record = webhooks.event_process(event=event, now=timezone.now())
    if record.processed_at is None:
        # Not 2xx, so Stripe delivers the event again later (with backoff, for three days).
        # A deliberate answer, logged as one: a warning with the reason, never the body (and
        # not Django's "Internal Server Error", which would log it again as an error).
        response = HttpResponse("Not processed yet; please deliver it again.", status=503)
        log_response(
            "Stripe event %s (%s) not processed; Stripe will deliver it again: %s",
            event.id,
            event.type,
            record.error,
            response=response,
            request=request,
            logger=webhooks.logger,
            level="warning",
        )
        return response
    return HttpResponse("OK")
