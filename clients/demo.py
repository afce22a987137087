"""Demo data for `manage.py seed_demo`: the four policies, published as version 1.

Their texts are clients/demo_data/policies/<kind>.md (title and summary in the header).
"""

from pathlib import Path

from clients.models import PolicyDocument, PolicyKind, PolicyVersion, Profile, User
from clients.policies import policy_version_publish
from practice.demo import CLIENT_EMAIL, read_document

POLICIES = Path(__file__).with_name("demo_data") / "policies"


def policy_text(kind: str) -> tuple[dict, str]:
    """The demo text of one kind of policy: its header (title, summary) and its body."""
    return read_document(POLICIES / f"{kind}.md")


def seed(*, now, stdout):
    for kind in PolicyKind.values:
        header, body = policy_text(kind)
        document, _ = PolicyDocument.objects.get_or_create(kind=kind)
        if PolicyVersion.objects.filter(document=document).published().exists():
            continue
        draft = PolicyVersion.objects.filter(document=document).drafts().first()
        if draft is None:
            draft = PolicyVersion(document=document)
        draft.title = header["title"]
        draft.summary = header["summary"]
        draft.body = body
        draft.full_clean()
        draft.save()
        policy_version_publish(version=draft, now=now)
    client = User.objects.filter(email=CLIENT_EMAIL).first()
    if client is not None:
        Profile.objects.get_or_create(user=client)
    stdout.write("Policies: published.")
