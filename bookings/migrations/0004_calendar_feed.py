# The practitioner's private calendar feed (/calendar/<token>.ics).
#
# In three steps, because a unique field's callable default is evaluated once for all the
# rows that exist: add it nullable, give each practitioner a token of their own, then make it
# required and unique.

from django.db import migrations, models

import bookings.models


def give_each_practitioner_a_token(apps, schema_editor):
    Practitioner = apps.get_model("bookings", "Practitioner")
    for practitioner in Practitioner.objects.filter(calendar_token__isnull=True):
        practitioner.calendar_token = bookings.models.new_calendar_token()
        practitioner.save(update_fields=["calendar_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0003_payments"),
    ]

    operations = [
        migrations.AddField(
            model_name="practitioner",
            name="calendar_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(give_each_practitioner_a_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="practitioner",
            name="calendar_token",
            field=models.CharField(
                default=bookings.models.new_calendar_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
