from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from payments.client import is_offline
from payments.reconcile import reconcile

# Exit codes: 0 all accounted for, 1 findings that need a person, 2 Stripe could not be asked
# (nothing found in our own records, but its sessions were not compared).
STRIPE_UNREACHABLE = 2


class Command(BaseCommand):
    help = (
        "Compare recent Stripe Checkout Sessions with our payments and bookings: report paid "
        "but unconfirmed and confirmed but unpaid bookings, payments whose refunds don't add "
        "up, and refunds not sent. With --fix, settle paid sessions (confirm the booking, or "
        "refund in full when its time is gone) and send pending refunds. Exits 1 while "
        "something needs a person, 2 when Stripe could not be reached."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=3, help="How far back to look (default: 3 days)."
        )
        parser.add_argument("--fix", action="store_true", help="Repair what can be repaired.")

    def handle(self, *args, days: int, fix: bool, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        if is_offline():
            raise CommandError("Stripe is not configured (offline mode): nothing to compare.")
        now = timezone.now()
        report = reconcile(since=now - timedelta(days=days), now=now, fix=fix)
        if report.stripe_error:
            self.stdout.write(
                f"Could not reach Stripe ({report.stripe_error}): its Checkout Sessions were "
                "not compared. Our own records were checked."
            )
        else:
            self.stdout.write(
                f"Checked {report.sessions_seen} Checkout Sessions from {days} day(s)."
            )
        sections = [
            ("Paid but not confirmed", report.paid_unconfirmed),
            ("Confirmed but not paid", report.confirmed_unpaid),
            ("Refunds that don't add up", report.refunds_short),
            ("Refunds not sent to Stripe", report.refunds_pending),
        ]
        for title, findings in sections:
            self.stdout.write(f"{title}: {len(findings)}")
            for finding in findings:
                session = f" session {finding.session_id}" if finding.session_id else ""
                self.stdout.write(f"  {finding.what} {finding.reference}{session}: {finding.note}")
        left = report.needs_a_person
        if left:
            hint = "" if fix else " Run again with --fix to repair what can be repaired."
            raise CommandError(f"{len(left)} finding(s) need attention.{hint}")
        if report.stripe_error:
            raise CommandError(
                "Our own records are in order, but Stripe could not be reached: run again later.",
                returncode=STRIPE_UNREACHABLE,
            )
        self.stdout.write(self.style.SUCCESS("Everything paid is accounted for."))
