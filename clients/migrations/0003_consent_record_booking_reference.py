"""A consent record names its booking by reference, not by a foreign key into bookings.

clients sits below bookings: a foreign key made clients' tables depend on bookings'. The link
is kept: each record's booking reference is copied from the booking it pointed to before the
foreign key goes (and copied back when migrating backwards).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def booking_to_reference(apps, schema_editor):
    ConsentRecord = apps.get_model("clients", "ConsentRecord")
    Booking = apps.get_model("bookings", "Booking")
    reference = Booking.objects.filter(pk=OuterRef("booking")).values("reference")[:1]
    ConsentRecord.objects.filter(booking__isnull=False).update(
        booking_reference=Subquery(reference)
    )


def reference_to_booking(apps, schema_editor):
    ConsentRecord = apps.get_model("clients", "ConsentRecord")
    Booking = apps.get_model("bookings", "Booking")
    booking = Booking.objects.filter(reference=OuterRef("booking_reference")).values("pk")[:1]
    ConsentRecord.objects.exclude(booking_reference="").update(booking=Subquery(booking))


class Migration(migrations.Migration):

    dependencies = [
        ("bookings", "0001_initial"),
        ("clients", "0002_profile_policies_consent_screening_access_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="consentrecord",
            name="booking_reference",
            field=models.CharField(
                blank=True, db_index=True, max_length=32, verbose_name="booking"
            ),
        ),
        migrations.RunPython(booking_to_reference, reference_to_booking),
        migrations.RemoveField(model_name="consentrecord", name="booking"),
    ]
