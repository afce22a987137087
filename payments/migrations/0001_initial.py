# The payment models, moved here from bookings (bookings/migrations/0007 forgets them there).
# Their tables keep their names (bookings_payment, bookings_refund, bookings_stripeevent) and
# their rows: this migration only tells Django's state where the models now live, and moves
# their content types, so permissions and admin history follow them.

import django.db.models.deletion
from django.db import migrations, models

MOVED = ["payment", "refund", "stripeevent"]


def _content_types_move(apps, *, source: str, target: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_forward(apps, schema_editor):
    _content_types_move(apps, source="bookings", target="payments")


def content_types_backward(apps, schema_editor):
    _content_types_move(apps, source="payments", target="bookings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("bookings", "0007_payments_to_their_own_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='StripeEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('event_id', models.CharField(max_length=255, unique=True)),
                        ('type', models.CharField(max_length=100)),
                        ('livemode', models.BooleanField(default=False)),
                        ('payload', models.JSONField(default=dict)),
                        ('received_at', models.DateTimeField()),
                        ('processed_at', models.DateTimeField(blank=True, null=True)),
                        ('attempts', models.PositiveIntegerField(default=0, help_text='Deliveries that tried to apply the event.')),
                        ('last_attempt_at', models.DateTimeField(blank=True, null=True)),
                        ('error', models.TextField(blank=True, help_text='Why the last failed attempt failed (kept once a later one succeeds).', verbose_name='last error')),
                    ],
                    options={
                        'verbose_name': 'Stripe event',
                        'db_table': 'bookings_stripeevent',
                        'ordering': ['-received_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Payment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('attempt', models.PositiveSmallIntegerField(default=1)),
                        ('checkout_session_id', models.CharField(blank=True, max_length=255)),
                        ('checkout_url', models.CharField(blank=True, max_length=2048)),
                        ('payment_intent_id', models.CharField(blank=True, max_length=255)),
                        ('amount', models.PositiveIntegerField(help_text="In the currency's smallest unit.")),
                        ('currency', models.CharField(max_length=3)),
                        ('amount_refunded', models.PositiveIntegerField(default=0)),
                        ('status', models.CharField(choices=[('open', 'Open'), ('paid', 'Paid'), ('failed', 'Failed'), ('expired', 'Expired'), ('refunded', 'Refunded'), ('partially_refunded', 'Partly refunded')], default='open', max_length=20)),
                        ('expires_at', models.DateTimeField(help_text='When the Checkout Session expires.')),
                        ('paid_at', models.DateTimeField(blank=True, null=True)),
                        ('idempotency_key', models.CharField(editable=False, max_length=100, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('booking', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='bookings.booking')),
                    ],
                    options={
                        'db_table': 'bookings_payment',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Refund',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('stripe_refund_id', models.CharField(blank=True, max_length=255)),
                        ('amount', models.PositiveIntegerField(help_text="In the currency's smallest unit.")),
                        ('currency', models.CharField(max_length=3)),
                        ('status', models.CharField(choices=[('pending', 'On its way'), ('succeeded', 'Refunded'), ('failed', 'Failed'), ('canceled', 'Cancelled')], default='pending', max_length=16)),
                        ('reason', models.CharField(choices=[('client_cancelled', 'Cancelled by the client'), ('practitioner_cancelled', 'Cancelled by the practitioner'), ('slot_taken', 'Paid after the time was taken'), ('not_confirmable', 'Paid for a booking that could not be confirmed'), ('duplicate', 'Paid twice for one booking'), ('not_as_asked', 'Not the payment the site asked for'), ('outside', "Made in Stripe's dashboard")], max_length=32)),
                        ('idempotency_key', models.CharField(blank=True, editable=False, max_length=100)),
                        ('failure_reason', models.CharField(blank=True, max_length=100)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('payment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='refunds', to='payments.payment')),
                    ],
                    options={
                        'db_table': 'bookings_refund',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='payment',
                    index=models.Index(fields=['payment_intent_id'], name='payment_intent'),
                ),
                migrations.AddConstraint(
                    model_name='payment',
                    constraint=models.UniqueConstraint(condition=models.Q(('checkout_session_id', ''), _negated=True), fields=('checkout_session_id',), name='payment_unique_checkout_session'),
                ),
                migrations.AddConstraint(
                    model_name='payment',
                    constraint=models.UniqueConstraint(fields=('booking', 'attempt'), name='payment_one_per_attempt'),
                ),
                migrations.AddConstraint(
                    model_name='payment',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='payment_positive_amount'),
                ),
                migrations.AddConstraint(
                    model_name='payment',
                    constraint=models.CheckConstraint(condition=models.Q(('amount_refunded__lte', models.F('amount'))), name='payment_refund_within_amount'),
                ),
                migrations.AddConstraint(
                    model_name='payment',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['paid', 'partially_refunded', 'refunded']), _negated=True), ('paid_at__isnull', False), _connector='OR'), name='payment_paid_has_time'),
                ),
                migrations.AddConstraint(
                    model_name='refund',
                    constraint=models.UniqueConstraint(condition=models.Q(('stripe_refund_id', ''), _negated=True), fields=('stripe_refund_id',), name='refund_unique_stripe_id'),
                ),
                migrations.AddConstraint(
                    model_name='refund',
                    constraint=models.UniqueConstraint(condition=models.Q(('idempotency_key', ''), _negated=True), fields=('idempotency_key',), name='refund_unique_idempotency_key'),
                ),
                migrations.AddConstraint(
                    model_name='refund',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='refund_positive_amount'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
