"""Demo content for policies and services.

Original prose written for Quiet Harbour Therapy, a fictional practice. Plain Python data:
loaded by the demo-content command and by tests; no Django imports here. Policies become
the first published version of each policy document; services seed the booking app.
"""

CONFIDENTIALITY_BODY = """This notice explains how I, Anna Whitfield of Quiet Harbour Therapy, protect what you tell me, and the few situations in which I might have to share it. Please read it before your first session. If anything is unclear, ask me: I would much rather answer a question now than have you feel uncertain later.

## What is kept confidential

Everything you share with me in sessions, in messages and in your screening answers is confidential. That includes the fact that you are my client. I will not discuss you with your family, friends, employer, doctor or anyone else without your written permission, and I will not confirm to anyone that you have booked with me.

If someone you know recommended me, I will not tell them whether you got in touch.

## The limits of confidentiality

Confidentiality matters a great deal, but it is not absolute. There are a small number of situations in which I may need to share information without your consent.

### A serious risk of harm

If I believe there is a serious risk that you may harm yourself or someone else, or that someone else is at risk of serious harm, I may need to contact your emergency contact, your doctor or the emergency services. The purpose is to keep people safe, not to punish anyone.

### A legal duty

I must share information when the law requires it. Examples include a court order, a legal duty to report concerns about the safety of a child or a vulnerable adult (safeguarding), and duties under terrorism legislation. In these situations I share only what is necessary, and only with the people who need it.

### Clinical supervision

Like all responsible practitioners, I have regular clinical supervision with an experienced colleague, who is also bound by confidentiality. Supervision helps me to work safely and well. When I discuss my work there, I do so anonymously: I do not use your name or any details that could identify you.

## How I would handle it

If I ever needed to share information under one of these limits, then wherever it is safe and lawful to do so, I would talk to you first, explain what I intend to share and why, and involve you in the decision. I would share the minimum necessary and keep a note of what was shared, with whom, and why.

## Notes and records

I keep notes minimal. They record practical details, such as dates, what we agreed to work on and anything important for your safety, rather than a detailed account of what you said. Notes and screening answers are stored encrypted and are available only to me, and every time your screening answers are viewed, that access is logged. How long records are kept, and how you can download or delete your data, is explained in the privacy notice.

I do not record our conversations. The personalised audio recording that forms part of RTT is made for you, sent only to you, and is for your personal use.

## Contacting you

I will contact you only in the ways you have agreed to, usually by e-mail. Messages from the practice are discreet: booking e-mails do not describe what you are working on. If you would prefer a different address, or would like me to avoid certain words, just let me know. If you share a device or an e-mail account with someone, please bear that in mind when choosing how we keep in touch.

## If we meet by chance

If we ever come across each other outside our sessions, in person or online, I will not acknowledge you unless you greet me first. This is to protect your privacy, not a sign of unfriendliness.

## Your own choices

You are free to tell anyone you like about your sessions. The duty of confidentiality is mine, not yours.

## Questions

If you have any questions about confidentiality, please write to hello@quietharbour.example before you book or at any point during our work together."""

PRIVACY_BODY = """This notice explains what personal data Quiet Harbour Therapy collects, why, how it is protected and kept, and your rights. Quiet Harbour Therapy is run by Anna Whitfield, who is the data controller. You can contact her at hello@quietharbour.example.

## What we collect

- **Your account:** your name, e-mail address, password (stored only in a one-way hashed form), time zone and sign-in settings.
- **Your bookings:** the services, dates and times you book, and their status.
- **Payments:** handled by Stripe on its own payment page. Your card details go directly to Stripe and never reach us; we receive a payment reference, the amount, and whether it succeeded or was refunded.
- **Consent records:** which version of each policy you accepted, when, for which booking, and from which IP address and browser.
- **Health screening answers:** your answers to the suitability questions, including your emergency contact. This is health data, which the law treats as especially sensitive.
- **Session notes:** brief notes, as described in the confidentiality notice.
- **Server logs:** the IP address, time and page of each request, to protect the site from misuse.

## Why we use it

In the plain terms of UK data protection law:

- We use your account, booking and payment data **to provide the sessions you ask for** (performing our agreement with you).
- We keep payment and accounting records **because the law requires it**.
- We keep server logs and access logs **to keep the site and your data safe**, which is in both our interests.
- We use your health screening answers and session notes **with your explicit consent, and because they are needed to provide care safely**. You may withdraw that consent, although we may then be unable to offer sessions safely.

Service e-mails, such as confirmations, reminders and receipts, are part of the service. We never send marketing e-mails unless you have opted in, and you can opt out at any time.

## No analytics or trackers

This site uses no analytics, advertising trackers or social media pixels, and only the cookies it needs to work: keeping you signed in, protecting forms and remembering your settings.

## Who we share it with

We never sell your data. We share it only with the providers needed to run the practice (Stripe for payments, our hosting, e-mail and video providers), who act on our instructions. Where data is processed outside the UK, appropriate legal safeguards are in place. The rare cases in which information may be shared without your consent are set out in the confidentiality notice.

## How we protect it

All connections to the site are encrypted. Health screening answers are encrypted at rest and can be seen only by Anna, and every time staff view them, the access is logged. Administrative access is restricted and needs two-step verification.

## How long we keep it

- **Clinical records** (session notes, screening answers and consent records): seven years after your last session, then deleted.
- **Accounting records** (payments and refunds): six years, then deleted.
- **Server logs:** up to 30 days.
- **Your account:** until you delete it.

If you delete your account sooner, your personal and health data are erased at that point; we keep only the payment records the law requires, with your personal details removed. If we are ever legally obliged to keep something longer, for example because of a legal claim, we will tell you.

## Your rights

You have the right to see the data we hold about you, to correct it, to have it erased, to restrict or object to how we use it, to take a copy with you and to withdraw consent. From your account area at /my/ you can download all your data and delete your account yourself at any time. For anything else, e-mail us; we will reply within one month.

If you are unhappy with how we handle your data, please tell us. You can also complain to the Information Commissioner's Office, the UK data protection regulator.

## Changes to this notice

Published versions of this notice never change. If we publish a new one, you will be asked to accept it before your next booking."""

TERMS_BODY = """These terms form the agreement between you and Anna Whitfield, trading as Quiet Harbour Therapy. By booking a session, you agree to them. If anything is unclear, please ask before you book.

## Sessions

All sessions take place online by video. The link to join is shown on your booking page and in your confirmation e-mail. Times are shown in your own time zone, which is named beside them; please check it, especially when travelling. Each session lasts as long as its service description states.

## Booking and payment

Prices are shown before you book, with no hidden extras. Sessions are paid for in advance by card, on Stripe's payment page, at the time of booking.

When you choose a time, it is held for you for 30 minutes while you confirm your details, accept the policies, answer the screening questions and pay. If you do not finish within that time, the slot is released. Your booking is confirmed, by e-mail, once payment has been received.

In the rare case that a payment arrives after the hold has ended and the time has been taken, you will receive a full refund automatically and we will let you know.

The free discovery call needs no payment and is confirmed once you have accepted the policies.

## Cancelling or rescheduling

### Up to 48 hours before

You can cancel or reschedule a session up to 48 hours before its start time for a full refund, from your booking page or from your account area. Rescheduling moves the same booking to a new time.

### Less than 48 hours before

Within 48 hours of the start, a session can no longer be refunded or rescheduled: that time is set aside for you, and preparation, especially for RTT, has usually begun. If something serious and unexpected happens, please get in touch anyway. I cannot promise an exception, but I will read your message with care.

### If I need to cancel

I can cancel a session at any time, for example because of illness, and if I do you will always receive a full refund. I will offer you a new time as soon as possible.

### Refunds

Refunds are returned to the card you paid with, through Stripe. They usually appear within 5 to 10 working days, depending on your bank.

## Lateness

If you join late, the session will still end at its scheduled time, and the full fee applies. If you have not joined within 15 minutes of the start and I have not heard from you, the session will be treated as missed and no refund is due. If I am late, I will make up the time or refund the difference.

## Technical problems

If the connection fails and we cannot reconnect within 10 minutes, I will offer to complete the session at another time at no extra cost, whichever side the problem was on.

## Contact between sessions

You can e-mail me about practical matters between sessions, and I aim to reply within two working days. E-mail is not monitored for emergencies. If you are in crisis, please contact your local emergency services.

## What therapy can and cannot offer

Therapy is a shared piece of work, and results depend on many things. There is no guarantee of any particular outcome. Sessions are not a substitute for medical care or emergency services; please read the consent to treatment for details.

## Complaints

If you are unhappy with any part of my service, please tell me first and I will do my best to put it right. If we cannot resolve it between us, you can use the complaints procedure of the professional body I belong to, whose details I will give you on request.

## Changes to these terms

Each published version of these terms stays unchanged. If I publish a new version, you will be asked to accept it before your next booking. Confirmed bookings keep the terms you accepted when booking.

## Law

These terms are governed by the law of England and Wales. This does not affect any rights you have as a consumer under the law of the country where you live."""

CONSENT_BODY = """Please read this carefully before your first paid session. It explains what hypnotherapy and RTT involve, how we keep the work safe, and what you agree to when you accept it. You can ask questions about any part of it before you book.

## Who sessions are for

Sessions are for adults only. By accepting this consent, you confirm that you are 18 or over.

## What sessions involve

Hypnotherapy and RTT sessions combine conversation with hypnosis. Hypnosis is a natural state of focused, relaxed attention. You stay aware throughout, you can hear and speak, and you can stop at any time. You cannot be made to say or do anything against your will.

Sessions can bring up strong feelings or memories. This is a normal part of the work, and we will go at a pace that feels manageable. Memories that surface during hypnosis are not always accurate in every detail, and they are treated as meaningful rather than as literal fact.

Every person responds differently, and there is no guarantee of any particular result.

## Not a substitute for medical care

Hypnotherapy and RTT are not a substitute for medical care, psychiatric care or emergency services. I do not diagnose conditions, prescribe, or give medical advice. Please do not stop or change any medication without talking to your doctor first, and keep your doctor informed of any health concerns.

### In a crisis

If you ever feel unable to keep yourself safe, or someone else is in danger, contact your local emergency services straight away (for example 999 in the UK, or 112 in many other countries), or go to your nearest emergency department. Please do not wait for a session or an e-mail reply.

## Suitability screening

Before your first paid session, you will answer a short set of suitability questions. Some conditions and circumstances mean we should talk before using hypnosis, or adapt how we work. They include:

- epilepsy or a history of seizures
- psychosis, schizophrenia or bipolar disorder
- current psychiatric care, or a recent stay in hospital for your mental health
- serious heart conditions
- pregnancy
- some medications, and dependence on alcohol or drugs

An answer like this does not rule you out automatically. It means I will contact you for a conversation before your session. Together we may decide to go ahead, to adapt the approach, to wait, to check with your doctor first, or that a different kind of support would suit you better. Please keep your answers up to date, and tell me if anything changes.

## Where you take part

Please join every session from a private, safe space where you can sit or lie comfortably and will not be interrupted. Never take part while driving, operating machinery, or looking after children or anyone else who depends on you. Do not join under the influence of alcohol or recreational drugs. At the start of each session, I will confirm where you are, and your emergency contact will be used only if I believe you are at serious risk.

## Recordings

Live sessions are not recorded. An RTT session includes a personalised audio recording made for you. It is for your personal use only: please do not share, sell or publish it. Never listen to it while driving, operating machinery or doing anything else that needs your full attention. If listening ever causes you distress, stop and get in touch.

## Your right to withdraw

You can withdraw your consent at any time, before or during a session, without giving a reason. During hypnosis, you can simply open your eyes or tell me you want to stop. Fees are handled according to the terms and cancellation policy.

## Your agreement

By accepting this consent, you confirm that you:

- are 18 or over
- have read and understood this document, and have had the chance to ask questions
- have answered the screening questions honestly and will tell me of any changes
- will follow the safety points about where you take part and how you use recordings
- understand that sessions are not a substitute for medical care or emergency services"""

POLICIES = {
    "confidentiality": {
        "title": "Confidentiality notice",
        "body": CONFIDENTIALITY_BODY,
        "short": (
            "What you tell me stays between us, including the fact that you are my client. "
            "I may share information without your consent only if there is a serious risk of "
            "harm, if the law requires it, or anonymously in clinical supervision. Notes are "
            "kept minimal and stored encrypted."
        ),
    },
    "privacy": {
        "title": "Privacy notice",
        "body": PRIVACY_BODY,
        "short": (
            "We collect only what is needed for your account, bookings and payments, plus the "
            "health screening answers needed to work safely, which are encrypted. Card details "
            "are handled by Stripe and never reach us. There are no analytics or trackers, no "
            "marketing e-mails unless you opt in, and you can download or delete your data at "
            "any time."
        ),
    },
    "terms": {
        "title": "Terms and cancellation policy",
        "body": TERMS_BODY,
        "short": (
            "Sessions take place online by video and are paid for in advance when you book. "
            "You can cancel or reschedule up to 48 hours before the start for a full refund; "
            "after that, neither is possible. If I have to cancel, you always receive a full "
            "refund."
        ),
    },
    "consent": {
        "title": "Consent to treatment",
        "body": CONSENT_BODY,
        "short": (
            "Sessions are for adults aged 18 and over and are not a substitute for medical care "
            "or emergency services. You agree to take part from a private, safe place (never "
            "while driving) and to keep any recording for your personal use. You can withdraw "
            "your consent at any time."
        ),
    },
}

SERVICES = [
    {
        "name": "Free discovery call",
        "slug": "discovery-call",
        "summary": (
            "A short, free video call to talk about what you would like help with and whether "
            "we are a good fit."
        ),
        "description": """A relaxed conversation by video, with no obligation and no sales pitch. You can tell me briefly what is troubling you and what you would like to be different, ask anything you like about hypnotherapy, RTT or how I work, and get a feel for whether you would be comfortable working with me.

If I think another kind of support would suit you better, I will say so honestly. Afterwards, take as long as you need to decide; many people book straight away, and many prefer to think it over.""",
    },
    {
        "name": "Hypnotherapy session",
        "slug": "hypnotherapy",
        "summary": (
            "An online session of about an hour combining conversation and hypnosis, for anxiety, "
            "sleep, confidence, habits and more."
        ),
        "description": """Each session begins with a conversation about how things are and what you would like to focus on. We then use hypnosis, a calm state of focused attention in which you stay aware and can stop at any time, to work with the thoughts, feelings and habits we have discussed, and we end with time to talk about what came up.

Many clients find a short series of sessions helpful, and we will agree together how many makes sense for you. You will need a private room, headphones and somewhere comfortable to sit or lie down.""",
    },
    {
        "name": "RTT session",
        "slug": "rtt-session",
        "summary": (
            "A longer, structured session using hypnosis to explore the roots of an issue, with a "
            "personalised recording to listen to afterwards."
        ),
        "description": """Rapid Transformational Therapy combines hypnosis with techniques drawn from several talking therapies. In one longer session, usually up to two hours, we explore the feelings and beliefs behind the issue you have brought, where they may have begun, and how you would like to see things now. It can be emotional, and you stay in charge of the pace throughout.

Afterwards you receive a personalised audio recording to listen to every day, usually for at least three weeks. Some people notice a change after one session; others benefit from a follow-up. Please leave some quiet time after your session, and never listen to your recording while driving.""",
    },
]
