"""Payment pages, one small module each: the pay step (`pay`), the return from Checkout
(`checkout_return`), Stripe's webhook (`webhook`), the offline stand-in for Checkout
(`test_payment`), a paid booking's receipt (`receipt`) and the payment models' old admin
addresses (`old_admin`).

Their /bookings/<reference>/… addresses are declared with the booking's other pages in
client_area/booking_urls.py; the booking is looked up by bookings.access.client_booking_or_404.
"""
