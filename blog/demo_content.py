"""Demo articles for the blog: trust in therapy.

Original prose written for Quiet Harbour Therapy, a fictional practice. Plain Python data:
loaded by the demo-content command and by tests; no Django imports here.
"""

# Categories (name, slug)
UNDERSTANDING_TRUST = ("Understanding trust", "understanding-trust")
WORKING_TOGETHER = ("Working together", "working-together")
FIRST_AND_NEXT_STEPS = ("First steps and next steps", "first-steps-and-next-steps")

CATEGORIES = [UNDERSTANDING_TRUST, WORKING_TOGETHER, FIRST_AND_NEXT_STEPS]

# Tags (name, slug), shared across articles
THERAPEUTIC_ALLIANCE = ("Therapeutic alliance", "therapeutic-alliance")
CONFIDENTIALITY = ("Confidentiality", "confidentiality")
BOUNDARIES = ("Boundaries", "boundaries")
ONLINE_SESSIONS = ("Online sessions", "online-sessions")
RTT_AND_HYPNOTHERAPY = ("RTT and hypnotherapy", "rtt-and-hypnotherapy")
SELF_TRUST = ("Self-trust", "self-trust")
FIRST_SESSION = ("First session", "first-session")
SHAME_AND_STIGMA = ("Shame and stigma", "shame-and-stigma")

TAGS = [
    THERAPEUTIC_ALLIANCE,
    CONFIDENTIALITY,
    BOUNDARIES,
    ONLINE_SESSIONS,
    RTT_AND_HYPNOTHERAPY,
    SELF_TRUST,
    FIRST_SESSION,
    SHAME_AND_STIGMA,
]


ARTICLES = [
    {
        "title": "What trust really means in therapy",
        "slug": "what-trust-means-in-therapy",
        "summary": (
            "Trust in therapy is not blind faith, nor simply liking your therapist. "
            "What it is, how it grows, and why it matters for the work itself."
        ),
        "category": UNDERSTANDING_TRUST,
        "tags": [THERAPEUTIC_ALLIANCE, BOUNDARIES, SELF_TRUST],
        "body": """People often tell me, in the first few minutes of a call, that they are "not very good at trusting people". They say it apologetically, as if it were a qualification they had forgotten to bring. I always want to reassure them straight away: you do not need to arrive trusting me. Trust in therapy is not an entry requirement. It is something we build together, and something you are entitled to test.

It helps, though, to be clearer about what the word means in this setting, because it is used loosely and it can sound like a very large thing to ask of someone you have only just met.

## Trust is not the same as liking

You might like your therapist very much and still not feel able to tell her the thing that matters most. You might find her a little formal, or not quite your type, and yet discover that you can say difficult things to her in a way you cannot with friends. Liking is pleasant and it helps, but it is not the heart of the matter.

Trust in therapy is closer to a practical judgement: *is it reasonably safe to be honest here, and is this person likely to use what I tell her to help me?* That judgement can be made, revised and made again. It does not need to be total, and it does not need to be permanent.

## What you are actually trusting

When I unpick it with clients, trust in a therapist usually turns out to be several smaller kinds of confidence bundled together.

### That what you say stays in the room

This is the one most people think of first. You need to know that your words will not find their way to your employer, your family or anyone else. A good practitioner explains confidentiality plainly at the start, including its limits, so that there are no surprises later. Oddly, knowing the exceptions in advance is what makes the rest of it believable.

### That you will be taken seriously

Many of the women I work with have spent years being told, gently or otherwise, that they are overreacting, that they should be grateful, that things could be worse. Trust here means confidence that your experience will be heard as it is: not shrunk, not dramatised, and not hurriedly fixed before it has been understood.

### That the process has a shape

It is hard to settle into something when you have no idea what will happen next. Part of trusting a therapist is trusting that she knows what she is doing and will tell you: how a session runs, what a technique involves, why she is suggesting it, and roughly how many sessions people tend to need.

### That you can say no

This one is often overlooked. Real trust includes knowing that you are allowed to decline: to leave a question unanswered, to stop an exercise, to open your eyes during hypnosis, to decide that this approach is not for you. If saying no feels unsafe, what you have is compliance, not trust.

## Trust grows in small steps

Nobody hands over their whole story at once, and nobody should be expected to. In practice, trust tends to build through a series of small tests, often barely conscious. You mention something slightly embarrassing and watch what happens. You disagree with a suggestion and notice whether the therapist becomes defensive. You ask about fees or cancellation and see whether the answer is straightforward.

Each of these is a perfectly reasonable piece of research. A practitioner who deserves your trust will pass them without fuss, and will not be offended that you are checking.

## Why trust matters for the work itself

This is not only about comfort. Research on the therapeutic alliance, the working relationship between client and therapist, consistently finds that its quality is one of the more reliable predictors of whether therapy helps, across a wide range of methods. Technique matters, but so does the sense that you and your therapist are working on the same problem, towards the same goals, in a way you both understand.

That makes sense once you think about it. Any approach, whether talking therapy, hypnotherapy or RTT, depends on your willingness to bring real material: the memory you would rather not look at, the habit you are ashamed of, the thought you have never said aloud. Without some trust, sessions stay politely on the surface. With it, the work can reach what actually needs attention.

## Trust is allowed to be partial

It is completely normal to trust your therapist with some things and not yet with others. You might be open about work and guarded about your relationship. You might trust her skill but not yet her discretion. That is not a failure on your part. It is information, and it can be useful to say it out loud. "I'm not ready to talk about that yet" is a perfectly good sentence in a therapy session.

A good therapist will respect your pace. She may gently notice where the guarded areas are, but she will not force the door.

## A few questions to ask yourself

If you are considering working with someone, or you are a few sessions in and unsure, these questions can help you take stock:

- Do I understand what happens to what I say, and when it might not stay private?
- When I have disagreed or hesitated, how did she respond?
- Do I know what we are working on, and why she is using this approach?
- Do I feel free to stop, slow down or say no?
- Do I leave sessions feeling respected, even when they have been hard?

If most of the answers are yes, trust is probably growing, even if it does not feel dramatic. If several are no, it is worth raising, with her first if you can, because how a therapist responds to that conversation is one of the clearest signs of whether she is worth trusting.

Trust in therapy is not blind faith. It is a working agreement, checked and renewed as you go, between two people who want the same thing: for you to feel better, and more like yourself.""",
        "takeaways": [
            "You do not need to arrive trusting your therapist; trust is built, and you may test it.",
            "Trust in therapy is a practical judgement that it is safe to be honest, not the same as liking someone.",
            "It includes confidence about confidentiality, being taken seriously, a clear process and the freedom to say no.",
            "Research on the therapeutic alliance suggests the working relationship matters as much as the technique.",
        ],
        "faq": [
            (
                "What if I never feel completely comfortable with my therapist?",
                "Complete comfort is not the goal, and some discomfort comes with looking at difficult things. What matters is whether you feel respected and safe enough to be honest. If that is missing after a few sessions, say so; if nothing shifts, it is entirely reasonable to look for someone else.",
            ),
            (
                "Is it rude to ask my therapist direct questions about her training or methods?",
                "Not at all. A practitioner should be glad to explain her training, supervision, methods and fees. Clear answers to direct questions are part of how trust is earned.",
            ),
            (
                "Do I have to tell my therapist everything in the first session?",
                "No. You decide what to share and when. Many people begin with what feels manageable and bring more as the relationship develops.",
            ),
        ],
        "days_ago": 118,
    },
    {
        "title": "Personal, institutional, swift: the different kinds of trust in therapy",
        "slug": "kinds-of-trust-in-therapy",
        "summary": (
            "Personal, institutional, dispositional and swift trust: how each works in therapy, "
            "and why short, intensive work like RTT relies on clear structure."
        ),
        "category": UNDERSTANDING_TRUST,
        "tags": [THERAPEUTIC_ALLIANCE, RTT_AND_HYPNOTHERAPY, FIRST_SESSION],
        "body": """When people talk about trusting a therapist, they usually mean one thing: whether they feel they can open up to this particular person. That matters enormously. But look a little more closely at how trust works, in therapy and elsewhere, and it turns out to come in several forms that do not always move together.

Knowing the different kinds can make it easier to notice where your own hesitation sits. It also explains something that surprises people about RTT: how a fairly intense piece of work can happen in a single long session with someone you met quite recently.

## Personal trust: this particular person

Personal trust is the confidence you place in an individual, based on your experience of them. It grows from what you see: whether they listen, whether they remember what you said last time, whether they stay steady when you tell them something difficult, whether their words and actions match.

This is the kind of trust that long-term therapy builds slowly, week by week. It is valuable precisely because it is earned from evidence. It is also, by its nature, slow. You cannot gather evidence about someone's reliability in a first conversation, however warm it feels.

## Institutional trust: the structures around her

Institutional trust is confidence in the systems that surround a person rather than in the person herself. You trust a pilot you have never met largely because you trust the training, licensing and rules that stand behind her. In healthcare, much of the trust people place in a new doctor is borrowed in this way from the profession.

Therapy has its own version of this, although in hypnotherapy and related fields it is less formal than in medicine, and it is worth being honest about that. Titles are not always protected by law, so the structures a practitioner chooses to put around herself matter all the more.

### What institutional trust looks like in a small practice

For a one-person practice, the "institution" is small but real. It includes:

- recognised training, and honesty about what that training did and did not cover
- membership of a professional body with a code of ethics and a complaints procedure
- regular clinical supervision with a more experienced practitioner
- written policies on confidentiality, privacy, cancellation and consent that you can read before you book
- professional insurance, careful record keeping and clear handling of your data

None of these makes a therapist good. But they mean she is accountable to something beyond her own judgement, and that you have somewhere to turn if things go wrong.

## Your general readiness to trust

The third kind has less to do with the therapist and more to do with you. Psychologists sometimes call it dispositional trust, or a general propensity to trust: the default setting you bring to new people and situations, shaped by your history.

Someone whose early relationships were mostly reliable may walk into a first session with a basic expectation that things will probably be all right. Someone who learned early that adults could be unpredictable, or who was badly let down later in life, may arrive with a default of watchfulness. Neither is right or wrong. Watchfulness was usually learned for good reasons.

It is useful to know your own default, because it colours everything else. If yours is cautious, you may find that even a practitioner with good credentials and a kind manner takes a while to feel safe. That is not a sign that something is wrong with the therapy. It may even become part of what you work on.

## Swift trust: when there isn't time to build slowly

Researchers who study temporary groups, such as film crews, surgical teams and consultants brought together for a short project, noticed something interesting. People in these groups often begin to work together effectively almost at once, long before they could have built personal trust in the ordinary way. The term that came out of this work is *swift trust*.

Swift trust is a provisional, working kind of trust. In effect it says: "I don't know you well, but the situation is clear, the roles are clear and the rules are clear, so I'm willing to act as if I can rely on you, and I'll keep watching." It is not naive. It is a sensible response to a well-structured situation with a defined purpose and a defined end.

### What swift trust depends on

Swift trust does not come from nowhere. It tends to depend on:

- clear roles, so that everyone knows who does what
- a clear task and time frame
- competence that is visible early on
- explicit rules, and a sense that they will be kept
- a way to step out if something feels wrong

### Why swift trust is not the same as rushing

Short, intensive approaches such as RTT often rely on this kind of trust. An RTT session is longer than an ordinary appointment and can reach emotional material quite quickly, so there is no time for months of gradual testing. What makes that reasonable is not pressure but structure: a discovery call first, screening questions answered beforehand, a clear explanation of what will happen and why, agreed goals, and your right to stop at any point.

If a practitioner tries to skip that structure and simply asks you to "trust the process", be cautious. Swift trust is earned by being unusually clear, not by asking for faith.

## How the kinds of trust work together

In practice, the four kinds overlap. Institutional trust might get you as far as booking a discovery call. Swift trust might carry you through an intensive first session. Personal trust might deepen over follow-up sessions, as you see that the practitioner remembers, responds and keeps her word. Your own readiness to trust sits underneath all of it, making each step feel easier or harder.

When something feels off, it can help to ask which kind of trust is missing. "I like her, but I don't know what she's trained in" is a gap in institutional trust, and easily closed with a question. "I believe she's qualified, but I don't feel she hears me" is a gap in personal trust, and deserves a conversation.

## What this means if you are considering RTT

If you are thinking about RTT or hypnotherapy, it is entirely reasonable to want the structure in place before you commit. Read the policies. Ask about training and supervision. Use the discovery call to notice whether your questions are answered plainly. Then decide whether you have enough trust to begin: not total trust, just enough for the next step.""",
        "takeaways": [
            "Trust in therapy comes in several kinds: personal, institutional, your general readiness to trust, and swift trust.",
            "Institutional trust rests on training, supervision, professional membership and clear written policies.",
            "Your own default level of trust was shaped by your history and is not a fault.",
            "Swift trust, which short intensive work relies on, comes from clarity and structure, not from asking for faith.",
        ],
        "faq": [
            (
                "Is it safe to do intensive work like RTT with someone I've only just met?",
                "It can be, provided the structure is in place: a discovery call, suitability questions, a clear explanation of the session, agreed goals and your freedom to stop at any point. If any of those is missing, it is sensible to wait.",
            ),
            (
                "What should I check before booking a hypnotherapist?",
                "Ask about her training, whether she has regular clinical supervision and whether she belongs to a professional body with a code of ethics and a complaints procedure. Then read her confidentiality, privacy and cancellation policies.",
            ),
            (
                "I'm naturally wary of people. Does that mean therapy won't work for me?",
                "No. Caution is usually learned for good reasons, and many people who start out wary find therapy helpful. It may take a little longer to settle, and your caution can become something you explore together.",
            ),
        ],
        "days_ago": 104,
    },
    {
        "title": "What gets in the way of trusting a therapist",
        "slug": "what-gets-in-the-way-of-trusting-a-therapist",
        "summary": (
            "Past betrayals, shame, stigma, fear of judgement and always being the capable one: "
            "common barriers to trusting a therapist, and what helps."
        ),
        "category": UNDERSTANDING_TRUST,
        "tags": [SHAME_AND_STIGMA, THERAPEUTIC_ALLIANCE, SELF_TRUST],
        "body": """Most people who contact me want help. They have usually thought about it for months, sometimes years, before sending the first message. And yet, once they are in a session, something can make it hard to speak freely. Part of them wants to open up; another part keeps a hand on the door.

That reluctance is not a flaw, and it is not a sign that therapy is the wrong choice. It is usually protective, and it usually makes sense once you see where it comes from. Here are some of the most common reasons trust is hard to give, and what can help with each.

## When you have been let down before

If someone you relied on has betrayed you, whether a partner who lied, a parent who was unpredictable, a friend who passed on a confidence or even a previous professional who was dismissive, it is entirely reasonable to be slower to trust the next person. Your mind has learned a pattern: *closeness can lead to harm*. It is trying to keep you safe by applying that lesson widely.

The difficulty is that the lesson tends to be applied to everyone, including people who pose no risk. In therapy this can show up as testing, holding back, or a sense that you are waiting for the therapist to get it wrong.

What helps is patience on both sides, and naming it. Saying "I've had bad experiences, so this might take me a while" is useful. It lets your therapist understand your pace, and it takes away the pressure to pretend you feel safer than you do.

## Shame: the fear of being seen

Shame is different from guilt. Guilt says *I did something bad*; shame says *I am something bad*. It is one of the strongest forces that keeps people silent, and it tends to attach to exactly the things that most need attention: habits, sexual experiences, family secrets, thoughts that feel unacceptable, a sense of having failed.

Shame thrives on hiding. The instinct is to keep the shameful thing out of the room until you are quite sure it is safe, and you can never be quite sure until you have tried. This is why many clients raise the real issue in the last ten minutes of a session, or in the third or fourth session rather than the first.

If you recognise this, you do not have to force yourself. You can start by saying that there is something you find hard to talk about, without saying what it is. That alone is a step, and a good therapist will take it seriously without prying.

## Cultural stigma and family messages

In many families and cultures, private difficulties stay private. Needing help may be seen as weakness, disloyalty, self-indulgence or something that only happens to other people. You may have grown up hearing that you should keep busy, stop dwelling on things, or simply be grateful for what you have.

Those messages do not disappear just because you have decided, as an adult, to get support. They can surface as guilt about spending money on yourself, worry that someone will find out, or a feeling that talking about your family is a betrayal of them.

It can help to know that a therapist is not there to judge your family or your culture, and that you can bring your loyalties with you. Much of the work can happen without blaming anyone. Understanding where a pattern came from is not the same as condemning the people who passed it on.

## Fear of judgement

Closely related to shame is the fear that the therapist will think less of you: that she will find you weak, strange, dramatic or simply tiresome. People sometimes edit their stories in advance to make them more acceptable, leaving out the parts that seem like too much.

It may help to know how little shocks an experienced therapist. Most of what clients fear is "too much" is something she has heard, in one form or another, many times before. Her job is not to rate you but to understand how things came to be the way they are. If you ever do feel judged, that is worth raising directly. It may be a misunderstanding that can be cleared up, or it may tell you something important about the fit.

## When you are used to being the competent one

Many of my clients are professional women who are very good at what they do. They lead teams, handle crises, look after ageing parents and hold things together for everyone else. Often they are the person others come to for advice.

### The high-functioning problem

Being the capable one brings its own barrier. If your sense of worth has been built on coping, then not coping can feel like a threat to who you are. In a session you may find yourself performing competence: presenting your problems tidily, analysing them cleverly, reassuring the therapist that really you are fine. You may even find yourself trying to be a good client.

It is also common to find the change of role uncomfortable. You are used to being the expert. Letting someone else guide the process, especially in hypnotherapy, where you are invited to loosen your grip a little, can feel strange at first.

### What helps

A few things tend to make a difference:

- knowing exactly what will happen in a session, so there is less to manage
- being invited to question the method, which respects your intelligence
- hearing clearly that you do not have to be interesting, organised or insightful for therapy to work
- noticing the urge to perform, and treating it with curiosity rather than criticism

You are allowed to arrive untidy. A session is one of the few places where you do not have to hold everything together.

## Practical worries are real worries too

Not every barrier is deep and psychological. Sometimes people hold back because they are unsure who can see their data, whether their partner can hear through the wall, or whether a video platform is private. These are legitimate concerns, and a good practice will answer them plainly rather than treating them as resistance. Read the confidentiality and privacy notices, and ask about anything that is not clear.

## Working with the barrier rather than around it

It is tempting to think you must overcome your reluctance before therapy can begin. In my experience, the reluctance is often part of the therapy. The things that make it hard to trust me are frequently the same things that make it hard to trust other people, or yourself. Looking at them gently, in a setting where nothing bad happens when you do, is useful work in its own right.

So if something is getting in the way, you do not need to solve it first. You only need to bring it in.""",
        "takeaways": [
            "Hesitation about trusting a therapist is usually protective, and makes sense given your history.",
            "Past betrayals, shame, cultural stigma and fear of judgement are among the most common barriers.",
            "Capable, high-functioning people often find it hard to stop performing competence in sessions.",
            "Practical worries about privacy deserve plain answers, not to be dismissed as resistance.",
            "You do not need to overcome a barrier before you start; you can bring it into the work.",
        ],
        "faq": [
            (
                "I feel guilty talking about my family in therapy. Is that normal?",
                "Very. Many people feel loyal to their families and worry that talking about them is a kind of betrayal. Therapy is not about blaming anyone; it is about understanding patterns so that you can choose what to keep and what to change.",
            ),
            (
                "What if the real problem is something I'm too ashamed to say?",
                "You can start by saying that there is something difficult you are not ready to talk about yet. That is enough for now. Many people take a few sessions before they feel able to say more.",
            ),
            (
                "I'm used to being in charge. Will I find hypnosis difficult?",
                "Some people who like to be in control expect hypnosis to be hard, then find it easier than they thought once they understand that they stay aware and can stop at any time. Knowing exactly what will happen usually helps.",
            ),
        ],
        "days_ago": 89,
    },
    {
        "title": "How a good therapist earns your trust",
        "slug": "how-a-therapist-earns-trust",
        "summary": (
            "Confidentiality and its limits, listening without judgement, openness about method "
            "and fees, steady boundaries and repair: how trust is earned."
        ),
        "category": WORKING_TOGETHER,
        "tags": [CONFIDENTIALITY, BOUNDARIES, THERAPEUTIC_ALLIANCE],
        "body": """Trust in therapy should not be a leap of faith. It is reasonable to expect a therapist to earn it, and to do so through things you can see. Here are the main ways I think a practitioner does that, and what you are entitled to look for, whoever you choose to work with.

## Confidentiality, explained honestly

Confidentiality is the foundation. What you say in a session should not be shared with anyone without your permission: not your employer, not your partner, not your GP, not even the friend who recommended the therapist in the first place. A therapist should not so much as confirm that you are a client.

But confidentiality described as absolute is not being described honestly. There are limits, and you deserve to know them before you start rather than discover them later.

### The limits, said out loud

In broad terms, a therapist may have to share information without your consent when:

- there is a serious risk of harm to you or to someone else
- the law requires it, for example through a court order, or legal duties around safeguarding children and vulnerable adults, or terrorism

She will also talk about her work in clinical supervision, a professional safeguard in which cases are discussed anonymously, without anything that identifies you.

A trustworthy practitioner tells you this clearly and in writing, explains what she would do in each case and, where it is safe and lawful, would talk to you before sharing anything. She also keeps notes minimal and stores them carefully, so that there is less to protect in the first place.

## Listening without judgement

You can usually tell quite quickly whether someone is really listening. They do not rush to fix. They do not finish your sentences. They check that they have understood before they respond. They remember what you said, including the small details.

Listening without judgement does not mean the therapist has no views. It means her job is to understand, not to rate. If you tell her about a habit you are ashamed of or a decision you regret, the aim is to understand how it came about and what it is doing for you, not to decide whether you are a good person.

Non-judgement also shows in what a therapist does not do. She does not impose her own beliefs about religion, relationships, work or family. She does not steer you towards a particular decision. She notices when something she has said has landed badly.

## Transparency about method

Some approaches, hypnotherapy and RTT among them, can seem mysterious from the outside. That makes openness about method particularly important.

Before any hypnosis, you should understand what it involves: that you stay aware, that you can hear everything, that you can speak, move and stop at any time, and that nothing can make you act against your values. You should know why a particular technique is being used, what the session will look like, and roughly how many sessions people tend to need for the kind of issue you have brought.

You should also be told what the approach cannot do. A therapist who promises dramatic change, or who suggests you stop medication or avoid your doctor, is not being trustworthy, however confident she sounds.

## Transparency about fees and policies

Money is part of trust. Prices should be visible before you book, with no hidden extras. Cancellation and refund rules should be written down and easy to find. You should know what happens if you are late, if the connection drops, or if the therapist needs to cancel.

This may sound mundane next to listening and empathy, but clients notice it. A practice that is vague about money tends to feel vague about everything else.

## Steady boundaries

Boundaries are the agreed edges of the relationship: session times, how contact between sessions works, what the therapist will and will not do. Good boundaries are clear, explained and applied consistently.

A few examples of steady boundaries:

- sessions start and end on time
- messages between sessions are for practical matters and are answered within a stated time
- the therapist does not become your friend, your business contact or your follower on social media
- the relationship is never romantic or sexual, during or after therapy

### Why boundaries are a kindness

It can feel cold when a therapist holds a boundary, for instance by ending a session on time when you were in the middle of a thought. But boundaries are what make the space predictable, and predictability is what allows people to relax. When you know the edges will hold, you can let yourself go further within them.

Boundaries also protect you from the therapist's own needs. Her life, her worries and her opinions stay largely outside the room, so that the space belongs to you.

## Repair after a rupture

Even in good therapy, things go wrong. A therapist misunderstands something important. A comment sounds dismissive. A session heads in a direction that did not feel right. These moments are often called ruptures, and research on the therapeutic alliance suggests that how they are handled matters a great deal.

A therapist who earns trust welcomes it when you say something felt wrong. She does not become defensive or explain why you misunderstood. She listens, takes her share of responsibility, and works out with you what would help. Many clients find that a rupture handled well deepens trust more than months of smooth sessions, because they have seen, perhaps for the first time, that a relationship can survive disagreement.

If you are nervous about raising something, you might start with: "Something from last time has been on my mind." That is usually enough to open the door.

## What you can reasonably expect

To sum up, you are entitled to a therapist who:

- explains confidentiality and its limits before you begin
- listens carefully and does not judge
- is open about her methods, her training and what her approach cannot do
- is clear about fees, cancellations and policies
- keeps steady, explained boundaries
- welcomes feedback and repairs mistakes

None of this requires perfection. It requires honesty, consistency and care, which, over time, are what trust is made of.""",
        "takeaways": [
            "Confidentiality should be explained with its limits, in writing, before you begin.",
            "Good listening means understanding first, without rushing to fix or to judge.",
            "Clear information about method, fees and cancellation is part of being trustworthy.",
            "Steady boundaries make therapy predictable, which is what allows people to relax.",
            "A rupture that is repaired well can deepen trust rather than damage it.",
        ],
        "faq": [
            (
                "Would my therapist ever tell my doctor or employer what I say?",
                "Not without your permission, except in the limited circumstances set out in the confidentiality notice, such as a serious risk of harm or a legal duty. Where it is safe and lawful, she would talk to you first.",
            ),
            (
                "What should I do if my therapist says something that upsets me?",
                "Tell her, ideally at the start of the next session or in a short message. A good therapist will welcome it, listen without defending herself, and work out with you what would help.",
            ),
            (
                "Why won't my therapist connect with me on social media?",
                "Keeping the relationship within clear boundaries protects your privacy and keeps the therapy space yours. It is not a sign of coldness.",
            ),
        ],
        "days_ago": 73,
    },
    {
        "title": "Trust in online sessions: privacy, technology and presence",
        "slug": "trust-in-online-sessions",
        "summary": (
            "Can you trust a therapist through a screen? Practical thoughts on privacy at home, "
            "technology and presence in online therapy and hypnotherapy."
        ),
        "category": WORKING_TOGETHER,
        "tags": [ONLINE_SESSIONS, CONFIDENTIALITY, BOUNDARIES],
        "body": """All of my sessions happen online. For many of my clients that is the only way therapy would be possible: they live abroad, work long hours, travel a great deal, or simply find it easier to talk from their own home. But online work raises its own questions about trust, and they deserve straightforward answers.

## Can a screen hold a therapeutic relationship?

It is a fair question. Therapy depends on a sense of connection, and it is natural to wonder whether that survives a video call.

The experience of many practitioners and clients, and a growing body of research comparing online and in-person therapy, suggests that a real working relationship can form over video for many people and many kinds of difficulty. It is not identical to sitting in the same room. Some things are lost, such as small cues of posture and the shared atmosphere of a room, and some things are gained. Some people find it easier to talk about difficult things from their own sofa than in an unfamiliar consulting room. Others find that the slight distance of a screen makes it easier to begin.

What tends to matter most is not the medium but whether both people take it seriously: a quiet space, a stable connection and full attention.

## Privacy at home

In a consulting room, privacy is the therapist's responsibility. Online, it becomes shared. The therapist looks after her side; you look after yours. This is one of the more practical parts of building trust in online work, and it is worth thinking about in advance.

### Finding a space

Ideally you need a room where:

- you can close the door and will not be interrupted
- you cannot easily be overheard, even when you speak with feeling
- you can sit or lie comfortably, which matters particularly for hypnotherapy
- you are not responsible for anyone else, such as young children, for the length of the session

Headphones help a great deal. They keep the therapist's voice private, and they make it easier to hear during hypnosis.

### If privacy is hard to find

Not everyone has a spare room. Clients have joined from a borrowed office, a friend's flat or a hotel room while travelling. If you share a home, it can help simply to tell the people you live with that you need an hour undisturbed, without having to say why.

If you are worried that someone at home might be listening, or checking your devices, please tell your therapist. That is important information, and there are ways to make sessions safer.

## The technology

Technology failing is one of the most common worries, and one of the easiest to plan for.

### Before the session

A few minutes of preparation removes most problems:

- use a laptop or tablet on a stable surface rather than a phone held in your hand, if you can
- plug it in so that the battery does not run out
- test your camera, microphone and the session link a little before the start time
- close other applications and turn off notifications
- if your internet is patchy, sit close to the router or use a wired connection

### If the connection drops

It happens. Agree in advance what you will each do: usually, you rejoin the same link, and if that fails after a few minutes, the therapist sends you an e-mail. If a hypnosis session is interrupted, you will simply return to ordinary awareness on your own. Hypnosis is a natural state, and nobody gets stuck in it. Take a moment, have a glass of water, and reconnect when you are ready.

A good practice will also have a clear, written policy on what happens if a session cannot be completed because of a technical problem, so that you are not left worrying about the cost.

## Presence: being there without being in the room

Presence is the felt sense that someone is fully with you. In person, it comes partly from body language and the simple fact of shared space. Online, it depends more on deliberate attention.

On my side, that means no other screens open, no phone within reach, and looking at the camera when I am speaking to you rather than at my own image. It means being a little more explicit than I might be in a room: checking in more often, saying what I have noticed, asking how something landed.

On your side, it helps to treat the session as an appointment rather than something to fit around other things. Arrive a few minutes early, settle, and resist the urge to glance at messages. If you find your own face on screen distracting, most platforms let you hide the self-view.

## Hypnotherapy and RTT online

People are sometimes surprised that hypnotherapy works online. In practice, hypnosis relies mainly on the voice and on your own focus, both of which travel well. Many clients find it easier to relax in familiar surroundings.

There are some extra safety points. You should never take part in hypnosis while driving, or while doing anything else that needs your attention. You should be somewhere you can stay seated or lying down, and it is sensible for your therapist to know where you are and how to reach someone in an emergency. These details are usually covered in a short suitability questionnaire before your first session.

## What the therapist does on her side

Trust runs both ways, so it is reasonable to ask what your therapist does to protect your privacy. At the very least, she should work from a private room, wear headphones, use a video platform with encrypted connections, never record a session without your explicit agreement, and store any notes and personal data carefully. She should be able to tell you plainly what data is collected about you, why, and how long it is kept.

## A short checklist

Before your first online session, check that you have:

- a private, quiet space where you will not be interrupted
- headphones, a charged device and a tested link
- a glass of water and something comfortable to sit or lie on
- your phone on silent, with notifications off
- a few minutes afterwards before returning to work or family

Online therapy asks a little more planning of both people. In return, it can make help available in places and at times where it otherwise would not be, and for many people it becomes a very private, very steady space.""",
        "takeaways": [
            "A real working relationship can form over video for many people, if both sides take the setting seriously.",
            "Online, privacy is shared: the therapist protects her side, and you choose a private, uninterrupted space.",
            "A little technical preparation prevents most problems, and nobody gets stuck in hypnosis if a call drops.",
            "Hypnotherapy and RTT must never be done while driving or doing anything that needs your attention.",
        ],
        "faq": [
            (
                "What happens if my internet cuts out during hypnosis?",
                "You will return to ordinary awareness on your own, usually within moments. Rejoin the same link when you are ready; if that does not work, look out for an e-mail from your therapist.",
            ),
            (
                "Are online sessions recorded?",
                "The live conversation is not recorded unless you have explicitly agreed to it. RTT includes a separate personalised audio recording made for you to listen to afterwards, and it is for your personal use only.",
            ),
            (
                "Can I have a session from my office?",
                "Yes, if you can close the door, will not be interrupted and cannot be overheard. For hypnosis you will also need to be comfortable and free of calls for the whole session.",
            ),
        ],
        "days_ago": 58,
    },
    {
        "title": "Learning to trust yourself again after therapy",
        "slug": "trusting-yourself-after-therapy",
        "summary": (
            "Anxiety and difficult experiences wear down self-trust. How it can be rebuilt after "
            "therapy ends, and what to do when old patterns return."
        ),
        "category": FIRST_AND_NEXT_STEPS,
        "tags": [SELF_TRUST, RTT_AND_HYPNOTHERAPY, SHAME_AND_STIGMA],
        "body": """Much of what I write here is about trusting a therapist. But for many clients the deeper question, the one that brought them to therapy in the first place, is whether they can trust themselves.

Anxiety, low mood and the aftermath of difficult experiences all tend to erode self-trust. You begin to doubt your reading of situations, your decisions, your ability to cope. By the end of therapy something has usually shifted. Yet the weeks after sessions finish can bring their own uncertainty: without the regular structure of appointments, how do you know you are doing all right?

## How self-trust gets worn down

Self-trust rarely disappears in one moment. More often it is worn away gradually:

- by relationships in which your perceptions were dismissed or contradicted
- by living with anxiety that kept warning you of dangers that never arrived
- by habits you tried and failed to change, each attempt adding to a sense of unreliability
- by constant comparison, in which everyone else seems to know what they are doing
- by a difficult experience that made you question your own judgement: *how did I not see it coming?*

Over time a conclusion forms quietly: *I can't rely on myself.* People respond by seeking reassurance, over-researching decisions, deferring to others, or avoiding choices altogether.

## What self-trust actually is

It can help to break self-trust into parts, because they often recover at different speeds.

### Trusting your perceptions

This is believing that what you see, feel and notice is real and worth taking seriously. If you have spent years being told you are too sensitive, this can be the first thing to go, and one of the most important to restore.

### Trusting your judgement

This is confidence that you can weigh up a situation and make a reasonable decision. Not a perfect one: a reasonable one. People with very high standards often confuse the two, and so never feel entitled to trust their judgement at all.

### Trusting your ability to cope

Perhaps the most important of the three. This is not a belief that nothing will go wrong. It is a belief that if something does go wrong, you will find a way through it, and ask for help if you need to.

## Why it can feel shaky after therapy ends

Therapy offers a steady reference point. Each session, someone reflects back what they see, helps you make sense of the week, and notices progress you might have missed. When that stops, it is common to feel a little exposed, even if things are much better.

This is normal, and not a sign that the work has not held. It is rather like learning to ride a bicycle without someone holding the saddle: the wobble is part of discovering that you are balancing on your own. A good ending to therapy prepares you for exactly this, handing over the tools and the understanding so that you need the outside reference point less.

## Small ways to rebuild it

Self-trust is rebuilt in the same way as trust in another person: through evidence, gathered over time.

### Keep small promises

Self-trust grows when you do what you said you would do, especially when the promise is small enough to keep. "I'll take a ten-minute walk after lunch" is better than "I'll overhaul my health". Each promise kept is a piece of evidence that you are reliable.

### Notice what you notice

Try writing down, once a day, one thing you sensed or judged well: the colleague who was upset before anyone said so, the decision that worked out, the moment you knew you needed rest and took it. Most of us keep careful records of our mistakes and none of our good calls. Correcting that imbalance is not self-flattery; it is accuracy.

### Let the recording do its work

If you have had RTT, you will usually have a personalised recording to listen to every day for a few weeks or longer. Part of its purpose is repetition: the mind tends to absorb what it hears often, particularly in a relaxed state. Many clients also find that listening becomes a small daily promise kept to themselves, which builds self-trust in its own right. As always, listen only when you can safely relax, and never while driving.

## When old patterns return

At some point after therapy you will probably have a bad week. The old anxiety flares, the habit tugs, you catch yourself in a familiar argument. It can feel like proof that nothing has changed.

It usually is not. Change is rarely a straight line. What often shifts is not that the old pattern never appears, but that you recognise it sooner, understand it better and recover more quickly. Noticing "ah, this is the old thing again" is itself evidence of the work you have done.

When it happens, try to be curious rather than critical. What was going on just before? Were you tired, stretched, or facing something that echoed the past? What helped last time? Shame about a setback tends to make it last longer; understanding tends to shorten it.

## Knowing when to ask for help again

Trusting yourself includes trusting your sense that you need support. Coming back for a follow-up session, or looking for a different kind of help, is not failure. It shows that you are paying attention to yourself and responding sensibly, which is exactly what self-trust looks like.

If things become very difficult, or you feel unsafe, please contact your doctor or your local emergency services rather than waiting. Therapy is one source of support among several, and it is not a substitute for medical care.

Rebuilding self-trust takes time, and it rarely feels dramatic. But many people find that, months after therapy has ended, they are quietly making decisions, setting limits and handling setbacks in ways that once seemed out of reach.""",
        "takeaways": [
            "Self-trust includes trusting your perceptions, your judgement and your ability to cope.",
            "Feeling a little unsteady after therapy ends is normal and does not mean the work has not held.",
            "Keeping small promises to yourself builds evidence that you are reliable.",
            "A setback is not proof of failure; recognising an old pattern sooner is a sign of change.",
            "Asking for help again is itself an act of self-trust.",
        ],
        "faq": [
            (
                "Is it normal to feel anxious when therapy ends?",
                "Yes. Losing a regular source of support can feel unsettling, even when things are much better. This usually eases as you see yourself coping. If it does not, a follow-up session can help.",
            ),
            (
                "How long should I keep listening to my RTT recording?",
                "Most clients are asked to listen every day for at least three weeks, and many choose to carry on for longer. Your therapist will suggest what suits you. Only listen when you can safely relax, and never while driving.",
            ),
            (
                "Does a bad week mean therapy didn't work?",
                "Not usually. Change rarely follows a straight line. Recognising a pattern sooner, and recovering from it more quickly, are signs that something has shifted.",
            ),
        ],
        "days_ago": 31,
    },
    {
        "title": "Your first session: what actually happens",
        "slug": "first-session-what-actually-happens",
        "summary": (
            "A plain account of a first session: the discovery call, screening, the conversation, "
            "what hypnosis and RTT involve, and what to expect afterwards."
        ),
        "category": FIRST_AND_NEXT_STEPS,
        "tags": [FIRST_SESSION, RTT_AND_HYPNOTHERAPY, ONLINE_SESSIONS, CONFIDENTIALITY],
        "body": """Not knowing what will happen is one of the main reasons people put off starting therapy. It is hard to relax into something you cannot picture. So here is a plain account of how a first session usually runs in my practice. Other therapists do things differently, but the broad shape is common.

## Before the session

### The discovery call

Most clients begin with a short, free discovery call by video. This is not therapy and it is not a sales pitch. It is a chance to describe briefly what you would like help with, to ask questions, and to get a feel for whether you would be comfortable working together. If I do not think my approach is a good fit, I will say so honestly, and suggest other kinds of support where they seem more suitable.

There is no obligation to book anything afterwards. Some people book straight away; many take a few days to think it over.

### Forms and screening

When you book a paid session, you will be asked to read and accept a few short documents (the confidentiality notice, the privacy notice, the terms and cancellation policy, and the consent to treatment) and to answer some suitability questions. These ask about things such as epilepsy or seizures, psychosis, current psychiatric care, heart conditions, pregnancy and medication, as well as an emergency contact and where you will be during the session.

The questions are there for your safety, not to screen people out. If an answer means we should talk before going ahead, I will get in touch to discuss it. Your answers are stored encrypted and are seen only by me.

### Preparing your space

On the day, find a private room where you will not be interrupted, with headphones, a charged device and somewhere comfortable to sit or lie down. Keep a glass of water nearby. If you can, leave a little time afterwards rather than going straight into a meeting.

## The first few minutes

We begin with ordinary things. I check that we can see and hear each other clearly, confirm where you are, and agree what we will do if the connection drops. I go briefly over confidentiality and its limits, so that you hear them from me as well as reading them. Then I ask how you feel about being here. Nerves are very common, and it helps to say so if you have them.

## Talking it through

The main part of a first session is a conversation. I will ask what has brought you, how it shows up in your daily life, when it started and what you have already tried. I may ask about your background, your relationships and your work, always with the option to say "I'd rather not go into that yet".

I will also ask what you would like to be different. It sounds simple, but it is often the hardest question. Some people know exactly; others only know what they want less of. Both are fine starting points, and we will shape a clearer goal together.

You do not need to tell your story in order, or well. Many people apologise for rambling. You are not rambling. You are giving me the information I need.

## If the session includes hypnosis

If we have agreed to use hypnosis, I will explain what I am going to do before we begin, and check that you are comfortable.

### What hypnosis feels like

Most people describe hypnosis as a state of focused relaxation, rather like the moment just before sleep, or being absorbed in a good book. Your body tends to feel heavy and calm, and your attention narrows to my voice and to your own thoughts and images. You remain aware throughout. You can hear everything, you can speak, and you can open your eyes at any point.

Some people feel deeply relaxed; others feel they were not "under" at all, and are surprised afterwards at how much time has passed. Both are common, and neither means it has not worked.

### What it does not involve

Hypnosis is not sleep, and it is not a loss of control. You will not say or do anything you do not want to. I will not ask you to do anything embarrassing, and I will not try to change anything you have not asked to change. It is also worth knowing that memories which come up during hypnosis are not a perfect record of the past. We treat them as meaningful, but not as literal fact.

## In an RTT session

An RTT session is longer than an ordinary appointment and follows a more specific structure. After the opening conversation, hypnosis is used to help you explore the feelings and beliefs connected with the issue, and often the earlier experiences in which they took root. We look at how those beliefs formed and whether they still serve you, and then work on newer, kinder ways of understanding yourself.

It can be emotional. Tears are common and entirely welcome. You stay in charge of the pace, and we can pause whenever you need to.

Afterwards you receive a personalised audio recording to listen to every day, usually for at least three weeks. It is for your personal use only, and must never be played while you are driving or doing anything that needs your full attention.

## The end of the session

I always leave time at the end to bring you back gently, check how you feel, and talk about what came up. We agree any next steps: listening to a recording, noticing something during the week, or booking a follow-up. If you would rather not decide about further sessions straight away, that is completely fine.

## Afterwards

After a first session people feel a range of things: lighter, tired, unsettled, thoughtful, sometimes all of these at once. It is common to sleep well that night, and also common for thoughts and memories to keep surfacing for a day or two. Be kind to yourself. Drink water, get some fresh air, and avoid planning anything demanding straight afterwards if you can.

If anything worries you between sessions, you can send me a message. Please remember, though, that messages are not an emergency service: if you feel unsafe, contact your doctor or your local emergency services.

## Questions people often ask themselves

- *Will I have to talk about my childhood?* Only if it seems relevant, and only at your pace.
- *What if I cry?* That is fine. It happens often, and it does not trouble me.
- *What if I can't be hypnotised?* Most people can experience hypnosis to some degree, and we can adjust the approach if it does not suit you.
- *What if I decide it isn't for me?* Then you stop. You never owe anyone further sessions.

A first session is mostly about two people beginning to understand a problem together. Nothing needs to be solved that day. It only needs to begin.""",
        "takeaways": [
            "A free discovery call comes first, with no obligation to book.",
            "Screening questions are there for your safety; an answer that needs discussion leads to a conversation, not a silent refusal.",
            "Most of a first session is conversation, at your own pace.",
            "In hypnosis you stay aware and in control, and you can stop at any time.",
            "Allow time to rest afterwards, and remember that messages are not an emergency service.",
        ],
        "faq": [
            (
                "How long is a first session?",
                "A discovery call is short. A hypnotherapy session usually lasts about an hour. An RTT session is longer, often up to two hours, because it includes a conversation, hypnosis and time to come back gently at the end.",
            ),
            (
                "Do I need to prepare anything?",
                "Just a private, quiet space, headphones, a charged device and a glass of water. You may find it useful to jot down what you would like to be different, but it is not necessary.",
            ),
            (
                "Can I stop partway through?",
                "Yes. You can pause or stop at any time, including during hypnosis, simply by saying so or opening your eyes.",
            ),
        ],
        "days_ago": 16,
    },
]
