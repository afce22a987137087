"""The client's two forms about herself: the consent boxes and the suitability screening.

Both are shown together as one "About you" step of a held booking (bookings.booking_steps), and
each on its own under /my/. Screening data is health data: see clients/screening.py.
"""

from dataclasses import dataclass

from django import forms
from django.urls import reverse
from django.views.decorators.debug import sensitive_variables

from clients.consent import CONSENT_GROUPS, ConsentGroup, ConsentOutdated
from clients.fields import SealedDict
from clients.models import PolicyVersion, phone_validator
from clients.screening import DETAIL_LABELS, NO, QUESTIONS, YES, Question


@dataclass(frozen=True)
class ConsentRow:
    """One box of the consent form and the policies its tick accepts, each with its link."""

    group: ConsentGroup
    name: str
    policies: list[tuple[PolicyVersion, str]]


def _joined(titles: list[str]) -> str:
    """Titles as a phrase: the A; the A and the B; the A, the B and the C."""
    titles = [f"the {title}" for title in titles]
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


class ConsentForm(forms.Form):
    """One unticked, required checkbox per kind of consent still to give (clients.consent.
    CONSENT_GROUPS): the terms and notices together, consent to treatment on its own. The
    template lists each policy a box covers, linked and summarised, above it.

    A tick accepts the very versions the client was shown: their numbers are part of the box's
    name, so a page read before a new version was published cannot accept the new one.
    """

    def __init__(self, *args, versions: list[PolicyVersion], return_to: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = versions
        self.consent_rows: list[ConsentRow] = []
        for group in CONSENT_GROUPS:
            covered = [version for version in versions if version.document.kind in group.kinds]
            if not covered:
                continue
            name = self.field_name(group, covered)
            titles = _joined([version.title for version in covered])
            if self._ticked_an_older_page(group, name):
                required = ConsentOutdated.message
            elif group.key == "treatment":
                required = "Please tick this box to give your consent to treatment."
            else:
                required = f"Please tick this box to accept {titles}."
            self.fields[name] = forms.BooleanField(
                required=True,
                label="I give my consent to treatment"
                if group.key == "treatment"
                else f"I have read and accept {titles}",
                error_messages={"required": required},
            )
            links = [(version, self._policy_url(version, return_to)) for version in covered]
            self.consent_rows.append(ConsentRow(group=group, name=name, policies=links))

    @staticmethod
    def field_name(group: ConsentGroup, versions: list[PolicyVersion]) -> str:
        # The numbers are part of the name: a tick given to version 1 never counts for version 2.
        shown = "_".join(f"{version.document.kind}{version.number}" for version in versions)
        return f"accept_{group.key}_{shown}"

    def _ticked_an_older_page(self, group: ConsentGroup, name: str) -> bool:
        """The client ticked this box on a page showing other versions than today's."""
        prefix = f"accept_{group.key}_"
        return self.is_bound and any(key.startswith(prefix) and key != name for key in self.data)

    @staticmethod
    def _policy_url(version: PolicyVersion, return_to: str) -> str:
        url = reverse("clients:policy-detail", kwargs={"slug": version.document.kind})
        return f"{url}?from={return_to}" if return_to else url

    def rows(self):
        """(row, bound field) pairs for the template."""
        return [(row, self[row.name]) for row in self.consent_rows]


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    checkbox: object  # the question's box in the `applies` group
    details: forms.BoundField


class ScreeningForm(forms.Form):
    """The suitability questions as one group: "None of these apply to me" (one tap), or a tick
    for each that does, with a few words about it (asked only for those, and required where
    the practitioner needs them). The rest: other medication, an emergency contact and where
    the client will be during sessions.

    `answers()` turns the group back into a "yes" or "no" per question, the form in which
    clients.screening stores and reads them. Its data is health data: see clients/screening.py.
    """

    # The data- attributes are static/js/about-you.js's hooks.
    none_apply = forms.BooleanField(
        label="None of these apply to me",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "data-none-apply": True}),
    )
    applies = forms.MultipleChoiceField(
        label="Do any of these apply to you?",
        choices=[(question.key, question.statement) for question in QUESTIONS],
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "form-check-input", "data-applies": True}
        ),
        required=False,
    )
    other_medication = forms.CharField(
        label=DETAIL_LABELS["other_medication"],
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Any medicines you take regularly. Leave empty if none.",
    )
    # Not filled in by the browser: what it knows is the client's own name and number.
    emergency_contact_name = forms.CharField(
        label=DETAIL_LABELS["emergency_contact_name"],
        max_length=150,
        help_text="Someone I may contact only if I believe you are at serious risk.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    emergency_contact_phone = forms.CharField(
        label=DETAIL_LABELS["emergency_contact_phone"],
        max_length=30,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    session_location = forms.CharField(
        label=DETAIL_LABELS["session_location"],
        max_length=300,
        help_text="For example “at home in Leeds”: a private room where you will not be "
        "interrupted. I ask so I know where help would need to go in an emergency.",
    )

    NONE_AND_SOME = (
        "You ticked “None of these apply to me” and also something that applies. Please untick "
        "one of them."
    )
    NEITHER = "Please tick “None of these apply to me”, or each one that applies to you."
    DETAILS_MISSING = "Please tell me a little about this: a few words are enough."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        details = {
            question.details_key: forms.CharField(
                label=question.follow_up,
                required=False,
                max_length=500,
                help_text=question.why,
            )
            for question in QUESTIONS
        }
        fields = list(self.fields.items())
        # Each question's details right after the group, before the other answers.
        self.fields = {**dict(fields[:2]), **details, **dict(fields[2:])}

    @classmethod
    def initial_from(cls, answers: dict | None) -> SealedDict | None:
        """Earlier stored answers as the form's initial values (to check and change)."""
        if not answers:
            return None
        applies = [question.key for question in QUESTIONS if answers.get(question.key) == YES]
        initial = SealedDict({key: answers.get(key, "") for key in DETAIL_LABELS})
        initial |= {q.details_key: answers.get(q.details_key, "") for q in QUESTIONS}
        initial |= {"applies": applies, "none_apply": not applies}
        return initial

    def clean(self):
        cleaned = super().clean()
        applies = cleaned.get("applies") or []
        if cleaned.get("none_apply") and applies:
            self.add_error("applies", self.NONE_AND_SOME)
        elif not cleaned.get("none_apply") and not applies and "applies" not in self.errors:
            self.add_error("applies", self.NEITHER)
        for question in QUESTIONS:
            details = (cleaned.get(question.details_key) or "").strip()
            if question.key in applies and question.follow_up_required and not details:
                self.add_error(question.details_key, self.DETAILS_MISSING)
        return cleaned

    @sensitive_variables("answers")
    def answers(self) -> SealedDict:
        """The valid form's answers as clients.screening.screening_submit takes them."""
        applies = set(self.cleaned_data["applies"])
        answers = SealedDict({q.key: YES if q.key in applies else NO for q in QUESTIONS})
        answers |= {
            question.details_key: self.cleaned_data[question.details_key]
            for question in QUESTIONS
            if question.key in applies
        }
        answers |= {key: self.cleaned_data[key] for key in DETAIL_LABELS}
        return answers

    def question_rows(self) -> list[QuestionRow]:
        """Each question's box in the group, with the details field shown when it is ticked."""
        boxes = {box.data["value"]: box for box in self["applies"]}
        return [
            QuestionRow(question, boxes[question.key], self[question.details_key])
            for question in QUESTIONS
        ]
