"""The suitability screening for hypnotherapy and RTT: the questions, and what answers mean.

Answers are health data. They live only in `Screening.answers` (encrypted at rest), are never
logged, never put in an e-mail and never sent to Stripe. An answer that calls for a conversation
flags the client's bookings for the practitioner and shows the client a kind note suggesting the
free discovery call; it never blocks them. clients knows nothing of bookings: the apps whose
records the flag applies to register with `on_conversation_needed`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from clients.models import Screening, User
from practice.dates import add_months

# Bump when the questions change in a way that matters for reading old answers.
QUESTIONS_VERSION = 1
VALID_FOR_MONTHS = 12
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Question:
    key: str
    text: str  # the question, as the answers are read back
    why: str
    # How the client says it applies to her, in the one list she ticks from (clients.forms).
    statement: str
    # What is asked only after a "yes", and whether it must be answered.
    follow_up: str
    follow_up_required: bool = False

    @property
    def details_key(self) -> str:
        return f"{self.key}_details"


# Yes/no questions. A "yes" to any of them means the practitioner would like a word first.
QUESTIONS = [
    Question(
        "seizures",
        "Have you ever had epilepsy or seizures?",
        "Hypnosis is usually gentle, but deep relaxation is not right for everyone with a "
        "history of seizures, so I would like to talk it through with you first.",
        statement="I have had epilepsy or seizures",
        follow_up="When was the last one, and are they treated?",
        follow_up_required=True,
    ),
    Question(
        "psychosis",
        "Have you ever been diagnosed with psychosis, schizophrenia or bipolar disorder?",
        "For some people hypnosis can be unsettling when these are part of their history. We "
        "can talk about whether it is a good fit, or what might suit you better.",
        statement="I have been diagnosed with psychosis, schizophrenia or bipolar disorder",
        follow_up="Anything you would like me to know (optional)",
    ),
    Question(
        "psychiatric_care",
        "Are you currently under the care of a psychiatrist or a mental health team?",
        "If so, it can help for your care to fit together; we can talk about how.",
        statement="I am under the care of a psychiatrist or a mental health team",
        follow_up="Who looks after you? (optional: the team or clinic is enough)",
    ),
    Question(
        "medication_change",
        "Has any medication for your mental health started, stopped or changed in the last "
        "three months?",
        "Changes in medication can affect how you feel in sessions. Please never change "
        "medication without your doctor.",
        statement="My mental health medication started, stopped or changed in the last "
        "three months",
        follow_up="Which medication, and what changed?",
        follow_up_required=True,
    ),
    Question(
        "heart_condition",
        "Do you have a serious heart condition?",
        "Sessions can bring up strong feelings, which can affect the body too.",
        statement="I have a serious heart condition",
        follow_up="What is the condition?",
        follow_up_required=True,
    ),
    Question(
        "pregnancy",
        "Are you pregnant?",
        "Many people are helped by hypnotherapy in pregnancy; I would simply like to know so "
        "I can adapt the session.",
        statement="I am pregnant",
        follow_up="How many weeks? (optional)",
    ),
    Question(
        "substance_dependence",
        "Are you currently dependent on alcohol or drugs?",
        "This is asked without judgement. It helps me decide with you how best to work safely.",
        statement="I am dependent on alcohol or drugs",
        follow_up="Anything you would like me to know (optional)",
    ),
]
QUESTION_KEYS = [question.key for question in QUESTIONS]

# Free-text answers: what they are and how they are labelled when shown back.
DETAIL_LABELS = {
    "other_medication": "Other medication you take",
    "emergency_contact_name": "Emergency contact: name",
    "emergency_contact_phone": "Emergency contact: phone",
    "session_location": "Where you will usually be during online sessions",
}


ConversationNeeded = Callable[..., None]
CONVERSATION_NEEDED: list[ConversationNeeded] = []


def on_conversation_needed(function: ConversationNeeded) -> ConversationNeeded:
    """Register `function(*, user, now)`, called inside `screening_submit`'s transaction when
    the client's answers call for a conversation (bookings flags her upcoming sessions)."""
    if function not in CONVERSATION_NEEDED:
        CONVERSATION_NEEDED.append(function)
    return function


def needs_conversation(answers: dict) -> bool:
    """True when any yes/no answer is "yes" (the practitioner wants to talk first)."""
    return any(answers.get(key) == YES for key in QUESTION_KEYS)


def valid_screening(*, user: User, at: datetime) -> Screening | None:
    """The client's screening if it is valid at `at` (usually a session's start), else None."""
    screening = Screening.objects.filter(user=user).first()
    if screening is None or not screening.is_valid_at(at):
        return None
    return screening


def _answer_shown(question: Question, answers: dict) -> str:
    if answers.get(question.key) != YES:
        return "No"
    details = answers.get(question.details_key)
    return f"Yes: {details}" if details else "Yes"


def answers_for_display(answers: dict) -> list[tuple[str, str]]:
    """(question, answer) pairs in the order they were asked, for the client and practitioner;
    a "yes" with what the client added about it."""
    rows = [(q.text, _answer_shown(q, answers)) for q in QUESTIONS]
    rows += [(label, answers.get(key) or "—") for key, label in DETAIL_LABELS.items()]
    return rows


@sensitive_variables("answers", "cleaned")
def screening_submit(*, user: User, answers: dict, now: datetime) -> Screening:
    """Store the client's answers (replacing any earlier ones) for the next 12 months.

    `answers` holds "yes" or "no" for each question, the details the client gave for a "yes"
    (`<key>_details`; kept only for a "yes") and the free-text answers (clients.forms.
    ScreeningForm.answers). When it calls for a conversation, every function registered with
    `on_conversation_needed` runs (a flag is never cleared here: only the practitioner decides
    the conversation is done).
    """
    cleaned = {key: answers[key] for key in QUESTION_KEYS}
    cleaned |= {
        q.details_key: (answers.get(q.details_key) or "").strip()
        for q in QUESTIONS
        if cleaned[q.key] == YES
    }
    cleaned |= {key: (answers.get(key) or "").strip() for key in DETAIL_LABELS}
    cleaned["questions_version"] = QUESTIONS_VERSION
    flag = needs_conversation(cleaned)
    with transaction.atomic():
        screening = Screening.objects.select_for_update().filter(user=user).first()
        screening = screening or Screening(user=user)
        screening.answers = cleaned
        screening.completed_at = now
        screening.valid_until = add_months(now, VALID_FOR_MONTHS)
        screening.needs_conversation = flag
        screening.full_clean()
        screening.save()
        if flag:
            for handler in CONVERSATION_NEEDED:
                handler(user=user, now=now)
    return screening
