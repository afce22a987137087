# The payment models moved to the payments app (payments/migrations/0001_initial.py takes them
# over): forgotten here in Django's state only, their tables and rows stay exactly as they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("bookings", "0006_payment_faults"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Refund"),
                migrations.DeleteModel(name="Payment"),
                migrations.DeleteModel(name="StripeEvent"),
            ],
            database_operations=[],
        ),
    ]
