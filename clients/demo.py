"""Demo data for `manage.py seed_demo`: the four policies, published as version 1."""

from clients.demo_content import POLICIES
from clients.models import PolicyDocument, PolicyKind, PolicyVersion, Profile, User
from clients.policies import policy_version_publish
from practice.demo import CLIENT_EMAIL


def seed(*, now, stdout):
    for kind in PolicyKind.values:
        text = POLICIES[kind]
        document, _ = PolicyDocument.objects.get_or_create(kind=kind)
        if PolicyVersion.objects.filter(document=document).published().exists():
            continue
        draft = PolicyVersion.objects.filter(document=document).drafts().first()
        if draft is None:
            draft = PolicyVersion(document=document)
        draft.title = text["title"]
        draft.summary = text["short"]
        draft.body = text["body"]
        draft.full_clean()
        draft.save()
        policy_version_publish(version=draft, now=now)
    client = User.objects.filter(email=CLIENT_EMAIL).first()
    if client is not None:
        Profile.objects.get_or_create(user=client)
    stdout.write("Policies: published.")
