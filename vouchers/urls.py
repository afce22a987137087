"""Gift vouchers: buying one and its order's page (anyone), and using one on a booking (its
client): /bookings/<reference>/voucher/ beside the booking's other pages."""

from django.urls import path

from vouchers import views

app_name = "vouchers"

urlpatterns = [
    path("vouchers/", views.voucher_buy_page, name="buy"),
    path("vouchers/<str:reference>/", views.voucher_order_page, name="order"),
    path("vouchers/<str:reference>/pay/", views.voucher_order_pay, name="order-pay"),
    path("bookings/<slug:reference>/voucher/", views.booking_voucher_apply, name="booking-voucher"),
    path(
        "bookings/<slug:reference>/voucher/remove/",
        views.booking_voucher_remove,
        name="booking-voucher-remove",
    ),
]
