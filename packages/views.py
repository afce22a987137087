"""The packages on sale: their list, each one's page and its "Buy" button. Thin views: parse
the request, call one domain function (packages/purchases.py), render or redirect.

A visitor is asked to sign in or create an account first, and comes back to the package.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from bookings.errors import BookingError
from packages.models import Package, PackageItem
from packages.purchases import purchase_checkout, purchase_start
from payments.views.pay import redirect_see_other
from practice.page_cache import cache_page_for_readers


def packages_on_offer():
    """The packages on sale with what each holds, in her order."""
    return Package.objects.filter(active=True).prefetch_related(
        Prefetch(
            "items",
            queryset=PackageItem.objects.select_related("service").order_by("service__order", "pk"),
        )
    )


@cache_page_for_readers
def package_list(request):
    return render(
        request,
        "packages/package_list.html",
        {
            "packages": packages_on_offer(),
            "page_title": "Packages of sessions",
            "page_description": "Sessions bought together at one price, booked one at a time "
            "whenever suits you.",
        },
    )


@cache_page_for_readers
def package_detail(request, slug):
    package = get_object_or_404(packages_on_offer(), slug=slug)
    come_back = urlencode({"next": package.get_absolute_url()})
    return render(
        request,
        "packages/package_detail.html",
        {
            "package": package,
            "page_title": package.name,
            "page_description": package.description,
            "sign_in_url": f"{reverse('account_login')}?{come_back}",
            "sign_up_url": f"{reverse('account_signup')}?{come_back}",
        },
    )


@login_required
@require_POST
def package_buy(request, slug):
    """Buy: a pending order for the package, then (303) its Checkout page."""
    package = get_object_or_404(Package.objects.filter(active=True), slug=slug)
    now = timezone.now()
    try:
        purchase = purchase_start(client=request.user, package=package, now=now)
        step = purchase_checkout(purchase=purchase, now=now)
    except BookingError as error:
        messages.error(request, error.message)
        return redirect(package)
    return redirect_see_other(step.redirect_to)
