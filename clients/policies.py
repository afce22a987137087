"""Publishing policy versions. A published version is final; a change is a new version."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max

from clients.models import PolicyDocument, PolicyVersion, PublishedPolicyIsFinal


def policy_version_publish(*, version: PolicyVersion, now: datetime) -> PolicyVersion:
    """Publish a draft: number it, date it and hash it. From then on it never changes.

    Clients who accepted an earlier version are asked to accept this one at their next booking.
    """
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise PublishedPolicyIsFinal("This version is already published.")
        # Lock the document so two publications cannot take the same number.
        PolicyDocument.objects.select_for_update().get(pk=version.document_id)
        latest = PolicyVersion.objects.filter(document_id=version.document_id).aggregate(
            latest=Max("number")
        )["latest"]
        version.number = (latest or 0) + 1
        version.published_at = now
        version.content_hash = version.computed_hash
        version.full_clean()
        version.save()
    return version


def policy_version_draft_from(*, version: PolicyVersion) -> PolicyVersion:
    """A new draft with the text of `version`, to edit into the next version."""
    draft = PolicyVersion(
        document=version.document,
        title=version.title,
        summary=version.summary,
        body=version.body,
    )
    draft.full_clean()
    draft.save()
    return draft
