"""Demo content for the practice's site-wide pages (home and about).

Original prose written for Quiet Harbour Therapy, a fictional practice. Plain Python data:
loaded by the demo-content command and by tests; no Django imports here.
"""

PRACTICE = {
    "name": "Quiet Harbour Therapy",
    "tagline": "Calm, careful online therapy for busy, tired minds",
    "practitioner_name": "Anna Whitfield",
    "practitioner_bio": (
        "Anna Whitfield is a clinical hypnotherapist and RTT practitioner who works online "
        "with clients in the UK and around the world. Before retraining, she spent twelve "
        "years in corporate communications, so she knows how it feels to be the capable one "
        "who is quietly struggling. Her sessions are calm, structured and collaborative, and "
        "she is always clear about what therapy can and cannot do."
    ),
    "contact_email": "hello@quietharbour.example",
    "social_links": [
        ("Instagram", "https://instagram.example/quietharbour"),
        ("LinkedIn", "https://linkedin.example/in/annawhitfield"),
    ],
}

HOME_INTRO = """I'm Anna Whitfield, a clinical hypnotherapist and RTT practitioner. I work with adults, many of them professional women and often living far from home, who are tired of anxiety, low mood, old habits or patterns that keep repeating in their relationships, and who want to understand why rather than simply cope.

All sessions take place online, by video, from a private space of your choosing, wherever you are in the world. We begin with a free discovery call so that you can ask questions and decide, without any pressure, whether this way of working is right for you."""

HOME_HELPS_WITH = [
    "Anxiety and overthinking",
    "Low mood and loss of motivation",
    "The aftermath of difficult experiences",
    "Habits you want to change, such as smoking, drinking or comfort eating",
    "Patterns that keep repeating in relationships",
    "Self-criticism, confidence and imposter feelings",
    "Sleep disturbed by a busy mind",
]

ABOUT_BODY = """## My story

I came to this work later than many practitioners. For twelve years I worked in corporate communications, first in London and then abroad, in roles that rewarded being calm, capable and always available. Like a lot of people in those jobs, I was good at looking after everyone else and much less good at noticing when I was struggling myself. Anxiety, poor sleep and a habit of replaying every conversation had simply become part of how I lived.

Hypnotherapy was what finally helped me to change that, and it left me curious about how the mind holds on to old patterns long after they have stopped being useful. I retrained, first as a clinical hypnotherapist and then as an RTT practitioner, and I have worked with clients online ever since.

## My approach

I work calmly and precisely. I explain what I am doing and why, I go at a pace that feels manageable to you, and I check in often. I won't push you to talk about anything you are not ready for. My aim is for you to understand your own patterns well enough to keep using what you have learned long after our sessions end.

## What RTT and hypnotherapy are

**Hypnotherapy** uses hypnosis, a natural state of focused and relaxed attention, to help you work with thoughts, feelings and habits. You stay aware throughout, you can hear everything, and you can stop at any time.

**RTT (Rapid Transformational Therapy)** is a structured approach that combines hypnosis with techniques drawn from several talking therapies. In one longer session we explore where an unhelpful belief or pattern may have begun and work towards a more helpful way of seeing things. Afterwards you listen to a personalised recording every day, usually for at least three weeks.

Some clients notice a change quickly; others need several sessions. RTT is a relatively new method and has not been studied as thoroughly as longer-established therapies, and I would rather say so plainly. Neither approach comes with a guarantee, and I will always tell you honestly whether I think it is likely to suit what you are facing.

## How online sessions work

Every session takes place by video, so you can join from home or from wherever you happen to be. Times are always shown in your own time zone. You will need a private room, headphones and a stable connection. Before your first paid session you will answer a short suitability questionnaire, so that I can make sure the work is safe for you.

## Training, supervision and membership

I hold a diploma in clinical hypnotherapy and I am a certified RTT practitioner. I am a registered member of a professional hypnotherapy body, which means I follow its code of ethics and you have access to an independent complaints procedure. I have regular clinical supervision with an experienced colleague, hold professional insurance and complete further training every year.

## What I don't do

- I don't diagnose, prescribe or give medical advice, and I will never suggest that you stop or change medication.
- I don't offer crisis or emergency support. If you are in danger, please contact your local emergency services.
- I don't work with anyone under 18.
- I don't promise instant or permanent results.
- I don't do stage hypnosis or anything designed to entertain.

If what you are facing needs a different kind of help, I will tell you, and where I can, I will suggest where to look."""
