"""The safety lexicon: what must fire (and as which family), what must stay quiet.

Recall first: a positive here is a promise. A negative is only listed when it is honestly not
an emergency *and* keeping it quiet costs no recall; genuinely ambiguous messages ("he stops
breathing at night, do you do sleep studies?", "I hurt myself at the gym") are left out on
purpose. To add a phrase: add it here first, watch it fail, then change the table.
"""

from __future__ import annotations

import pytest

from frontdesk.domain.intents import TIER3_INTENTS, Intent
from frontdesk.domain.safety import RULES, SafetyLexicon, SafetyMatch, default_lexicon, prepare

ME = Intent.MEDICAL_EMERGENCY
MH = Intent.MENTAL_HEALTH_CRISIS
RL = Intent.RECORDS_LEGAL_REQUEST

ZW = "\u200b"  # zero-width space
CYR_C = "\u0441"  # Cyrillic small es, looks like "c"
CYR_A = "\u0430"  # Cyrillic small a
CYR_E = "\u0435"  # Cyrillic small ie, looks like "e"
CYR_O = "\u043e"  # Cyrillic small o
GRK_O = "\u03bf"  # Greek small omicron

# (family that must decide, message). The intent follows from the family.
POSITIVES: list[tuple[str, str]] = [
    # --- cardiac -------------------------------------------------------------------------------
    ("cardiac", "I have chest pain"),
    ("cardiac", "chest pian since this morning"),
    ("cardiac", "CHEST PAIN AND SWEATING"),
    ("cardiac", "my chest hurts really bad"),
    ("cardiac", "my husband has crushing pain in his chest"),
    ("cardiac", "tightness in my chest when I walk up stairs"),
    ("cardiac", "It feels like an elephant is sitting on my chest"),
    ("cardiac", "i think im having a heart attack"),
    ("cardiac", "my dad is having a hart attak"),
    ("cardiac", "pressure on my chest and my left arm is numb"),
    ("cardiac", "my chest feels tight and heavy"),
    ("cardiac", "sharp pain radiating down my left arm"),
    ("cardiac", f"ch{ZW}est pain"),
    ("cardiac", f"{CYR_C}hest pain"),
    ("cardiac", f"chest p{CYR_A}in"),
    ("cardiac", "😰😰 chest pain 😰"),
    ("cardiac", "chestpain for an hour now"),
    ("cardiac", "my chest is killing me"),
    ("cardiac", "he has no pulse"),
    ("cardiac", "we are doing CPR on my father"),
    ("cardiac", "chest paaaain!!!"),
    ("cardiac", "Chest\u00a0pain"),
    ("cardiac", "ｃｈｅｓｔ ｐａｉｎ"),
    ("cardiac", "my wife says her chest feels tight and she is sweating"),
    ("cardiac", "Chest-pain + sweating, what do I do??"),
    ("cardiac", "I have a tight chest and feel sick"),
    ("cardiac", "I think he is in cardiac arrest"),
    # --- stroke --------------------------------------------------------------------------------
    ("stroke", "my dad's face is drooping"),
    ("stroke", "his face is drooping on one side and he can't lift his arm"),
    ("stroke", "I think my mom is having a stroke"),
    ("stroke", "her speech is slurred all of a sudden"),
    ("stroke", "he's slurring his words"),
    ("stroke", "mom's smile is drooping on the left side"),
    ("stroke", "sudden numbness on one side of my body"),
    ("stroke", "the left side of his body went limp"),
    ("stroke", "worst headache of my life"),
    ("stroke", "I suddenly can't see out of my left eye"),
    ("stroke", "i cant raise my right arm"),
    ("stroke", "STROKE SYMPTOMS!!!"),
    ("stroke", "grandpa's mouth is droopy and he's confused"),
    ("stroke", "she suddenly lost her balance and her words are jumbled"),
    ("stroke", "his face looks crooked"),
    ("stroke", "she has a droopy face all of a sudden"),
    ("stroke", "the right side of her face has dropped"),
    ("stroke", "his arm went limp"),
    ("stroke", "sudden severe headache and throwing up"),
    ("stroke", f"my dad's f{ZW}ace is dr{CYR_O}{CYR_O}ping"),
    # --- breathing -----------------------------------------------------------------------------
    ("breathing", "I can't breathe"),
    ("breathing", "cant breath"),
    ("breathing", "cant breathe"),
    ("breathing", "my son can't breathe properly"),
    ("breathing", "having trouble breathing"),
    ("breathing", "she is struggling to breathe"),
    ("breathing", "my baby's lips are turning blue"),
    ("breathing", "he stopped breathing"),
    ("breathing", "short of breath and dizzy"),
    ("breathing", "gasping for air"),
    ("breathing", "I can't catch my breath"),
    ("breathing", "he is choking on food"),
    ("breathing", "I CANNOT BREATHE"),
    ("breathing", "hard to breath"),
    ("breathing", "i can't breathe through my nose or mouth"),
    ("breathing", "my inhaler isn't working"),
    ("breathing", "can\u2019t breathe"),
    ("breathing", "cant brethe help"),
    ("breathing", "😱 can't breathe 😱"),
    ("breathing", "I feel like I'm suffocating"),
    ("breathing", "his airway is swelling"),
    ("breathing", "his breathing is very shallow"),
    # --- anaphylaxis ---------------------------------------------------------------------------
    ("anaphylaxis", "my throat is closing up after eating shrimp"),
    ("anaphylaxis", "his tongue is swelling after the bee sting"),
    ("anaphylaxis", "I think I'm having an allergic reaction"),
    ("anaphylaxis", "anaphylactic shock"),
    ("anaphylaxis", "I had to use my epipen"),
    ("anaphylaxis", "severe allergic reaction to the new antibiotic"),
    ("anaphylaxis", "my face and lips are swelling up"),
    ("anaphylaxis", "throat feels like it's closing"),
    ("anaphylaxis", "my daughter ate peanuts and her lips swelled up"),
    ("anaphylaxis", "anaphalaxis"),
    ("anaphylaxis", "we gave him his epi pen"),
    ("anaphylaxis", "allergic reaction to cashews, throat is itchy"),
    # --- bleeding ------------------------------------------------------------------------------
    ("bleeding", "bleeding heavily from a cut on my leg"),
    ("bleeding", "the bleeding won't stop after my extraction"),
    ("bleeding", "it wont stop bleeding"),
    ("bleeding", "there is blood everywhere"),
    ("bleeding", "my son cut his hand and it's gushing blood"),
    ("bleeding", "soaking through a pad every hour"),
    ("bleeding", "coughing up blood"),
    ("bleeding", "vomiting blood since last night"),
    ("bleeding", "I'm pregnant and bleeding"),
    ("bleeding", "he's losing a lot of blood"),
    ("bleeding", "deep cut on my arm"),
    ("bleeding", "hemorrhaging after giving birth"),
    ("bleeding", "I can't stop the bleeding"),
    ("bleeding", "my wife is bleeding a lot"),
    ("bleeding", "Bleeding profusely"),
    ("bleeding", "severe bleeding from the mouth after surgery"),
    ("bleeding", "he cut off his finger with a saw"),
    ("bleeding", "she slit her wrists"),
    # --- unconscious ---------------------------------------------------------------------------
    ("unconscious", "my wife collapsed"),
    ("unconscious", "he won't wake up"),
    ("unconscious", "she's unconscious"),
    ("unconscious", "my dad is unresponsive"),
    ("unconscious", "I passed out at work"),
    ("unconscious", "found him on the floor"),
    ("unconscious", "the baby isn't responding"),
    ("unconscious", "my grandma fainted"),
    ("unconscious", "i cant wake my husband up"),
    ("unconscious", "he is unconcious"),
    ("unconscious", "he blacked out"),
    ("unconscious", "she lost consciousness for a minute"),
    ("unconscious", "he's out cold"),
    ("unconscious", "my son got knocked out playing football"),
    ("unconscious", "I feel like I'm going to faint"),
    # --- seizure -------------------------------------------------------------------------------
    ("seizure", "my son is having a seizure"),
    ("seizure", "she had a siezure"),
    ("seizure", "he's seizing"),
    ("seizure", "my daughter is convulsing"),
    ("seizure", "having a sezure right now"),
    ("seizure", "his eyes rolled back and he is shaking"),
    ("seizure", "grand mal"),
    ("seizure", "he's foaming at the mouth"),
    ("seizure", "my baby is shaking uncontrollably"),
    # --- overdose / poisoning ------------------------------------------------------------------
    ("overdose", "I took all my pills"),
    ("overdose", "i overdosed"),
    ("overdose", "my brother OD'd"),
    ("overdose", "he od\u2019d on fentanyl"),
    ("overdose", "I think she overdosed on her sleeping pills"),
    ("overdose", "took a whole bottle of tylenol"),
    ("overdose", "my toddler swallowed some of my pills"),
    ("overdose", "my kid drank bleach"),
    ("overdose", "my son ate a button battery"),
    ("overdose", "I took 30 tablets"),
    ("overdose", "took way too many xanax"),
    ("overdose", "I think I took too much insulin"),
    ("overdose", "we gave him narcan"),
    ("overdose", "I think I've been poisoned"),
    ("overdose", "over dose"),
    ("overdose", "the baby got into the cleaning products"),
    ("overdose", "carbon monoxide alarm going off and we all feel sick"),
    # --- explicit emergency --------------------------------------------------------------------
    ("explicit_emergency", "should I call 911"),
    ("explicit_emergency", "please send an ambulance"),
    ("explicit_emergency", "I think I'm dying"),
    ("explicit_emergency", "my husband is dying"),
    ("explicit_emergency", "this is a medical emergency"),
    ("explicit_emergency", "I feel like I'm going to die"),
    ("explicit_emergency", "we called 911 already"),
    # --- suicide -------------------------------------------------------------------------------
    ("suicide", "I want to kill myself"),
    ("suicide", "i want to kill my self"),
    ("suicide", "I'm suicidal"),
    ("suicide", "feeling sucidal"),
    ("suicide", "I don't want to be here anymore"),
    ("suicide", "thinking about ending it"),
    ("suicide", "everyone would be better off without me"),
    ("suicide", "I don't want to live anymore"),
    ("suicide", "I want to die"),
    ("suicide", "i wanna die"),
    ("suicide", "no reason to live"),
    ("suicide", "I have been thinking about suicide"),
    ("suicide", "my son says he wants to kill himself"),
    ("suicide", "I'm going to take all my pills tonight"),
    ("suicide", "i wish i was dead"),
    ("suicide", "life isn't worth living"),
    ("suicide", "I can't go on anymore"),
    ("suicide", "I want to end my life"),
    ("suicide", "I'm planning to end it all"),
    ("suicide", "kms"),
    ("suicide", "I KEEP THINKING ABOUT ENDING IT ALL"),
    ("suicide", "i want to go to sleep and never wake up"),
    ("suicide", "I have nothing to live for"),
    ("suicide", "I'm going to jump off the bridge"),
    ("suicide", "thinking of hanging myself"),
    ("suicide", "my daughter is talking about suicide"),
    ("suicide", "I just want to disappear"),
    ("suicide", "I've been having suicidal thoughts"),
    ("suicide", "i want to kil myself"),
    ("suicide", "I don\u2019t want to be here anymore"),
    ("suicide", f"I want to k{ZW}ill mys{CYR_E}lf"),
    ("suicide", f"su{ZW}icid{CYR_A}l"),
    ("suicide", "i can't take it anymore"),
    ("suicide", "I just want to be dead"),
    # --- pregnancy, injury, infant fever, low blood sugar, severe pain or swelling ----------
    ("pregnancy", "my water just broke and I'm only 32 weeks"),
    ("pregnancy", "her waters broke an hour ago"),
    ("pregnancy", "baby hasn't moved since this morning, I'm 34 weeks"),
    ("pregnancy", "I've noticed reduced fetal movements today"),
    ("pregnancy", "I'm pregnant and have the worst headache and blurry vision"),
    ("injury", "my son hit his head on the trampoline and now he's throwing up"),
    ("injury", "she bumped her head and is really drowsy and confused"),
    ("injury", "head injury yesterday and now vomiting"),
    ("injury", "my daughter got a bad burn from the kettle"),
    ("injury", "he burned his whole arm on the stove"),
    ("injury", "my son's front tooth got knocked out playing hockey"),
    ("injury", "knocked my tooth out"),
    # was a negative until 2026-11-26: a knocked-out adult tooth is reimplanted within the hour
    ("injury", "my son's front tooth got knocked out at practice, can you see him today?"),
    # an obviously broken limb (session 7; prompted by a test-set miss, see docs/safety-lexicon.md)
    ("injury", "he fell off the ladder and his leg is bent the wrong way"),
    ("injury", "my daughter's arm is bent at a weird angle after she fell"),
    ("injury", "i can see the bone in his leg"),
    ("injury", "there's a bone sticking out of her wrist"),
    ("injury", "bone poking through the skin on my ankle"),
    ("injury", "MY ARM IS POINTING THE WRONG DIRECTION"),
    ("injury", "fell off my bike and my wrist looks deformed"),
    ("injury", "her elbow is twisted backwards"),
    ("infant_fever", "my 3 week old has a fever of 100.6"),
    ("infant_fever", "newborn feels feverish"),
    ("infant_fever", "my 2 month old has a temp of 38.2"),
    ("low_blood_sugar", "his blood sugar is 42 and he's sweaty"),
    ("low_blood_sugar", "bg 38 what do I do"),
    ("low_blood_sugar", "mom has low blood sugar and she's confused"),
    ("severe_pain_or_swelling", "severe abdominal pain on my right side"),
    ("severe_pain_or_swelling", "worst stomach pain of my life"),
    ("severe_pain_or_swelling", "the swelling is spreading to my eye"),
    ("severe_pain_or_swelling", "my jaw is so swollen and I can't swallow"),
    ("suicide", "I don't want to wake up anymore"),
    ("suicide", "goodbye forever, I love you all"),
    ("suicide", "I've been giving away all my things"),
    ("suicide", "there's no point going on"),
    ("suicide", "I feel completely hopeless"),
    ("suicide", "I just want to stop existing"),
    ("suicide", "I've been saving up enough pills to end it"),
    ("suicide", "honestly I don't think I'll be around much longer"),
    ("suicide", "not sure I'll still be around by then"),
    # --- self-harm -----------------------------------------------------------------------------
    ("self_harm", "I've been cutting myself"),
    ("self_harm", "I want to hurt myself"),
    ("self_harm", "my daughter is cutting herself"),
    ("self_harm", "I self harm"),
    ("self_harm", "self-harming again"),
    ("self_harm", "I started cutting again"),
    ("self_harm", "I feel like hurting myself"),
    ("self_harm", "burning myself with cigarettes"),
    ("self_harm", "I hurt myself on purpose"),
    ("self_harm", "took a razor to my arm last night"),
    ("self_harm", "I want to cut my wrists"),
    ("self_harm", "my son has been harming himself"),
    ("self_harm", "she has been slicing her arms"),
    # privacy incidents -> records_legal_request (compliance)
    ("privacy_incident", "i got someone else's test results in my portal"),
    ("privacy_incident", "Some1 elses labs showed up in my account"),
    ("privacy_incident", "you mailed me a letter about another patient's diagnosis"),
    ("privacy_incident", "somebody else's insurance card and chart notes were in the envelope"),
    ("privacy_incident", "the receipt has a different patient's name on it"),
    ("privacy_incident", "my after visit summary has the wrong patient's medications"),
    ("privacy_incident", "these results are not mine"),
    ("privacy_incident", "the x-rays you sent my new dentist are of somebody else"),
    ("privacy_incident", "that's not my chart"),
    ("privacy_incident", "the lab report in my account isnt mine"),
    ("privacy_incident", "someone looked at my chart without permission"),
    ("privacy_incident", "the nurse discussed my results with my daughter without my permission"),
    ("privacy_incident", "you told my employer about my condition without my consent"),
    ("privacy_incident", "this is a HIPAA violation"),
    ("privacy_incident", "you violated my privacy"),
]

# Tier-1 / Tier-2 messages that must not fire. Each was checked against the recall patterns:
# nothing here is an emergency phrased indirectly.
NEGATIVES: list[str] = [
    "I'm hopeless at remembering appointments, can you text me a reminder?",
    "my sugar was 110 this morning, is that ok?",
    "I take 40 units of insulin at night",
    "bs 45 minutes late sorry",
    "sugar free gum 20 pieces, is that ok before a cleaning?",
    "I hit my head last week but I'm fine now, can I still play?",
    "bad sunburn, what do you recommend?",
    "my 2 year old has a fever of 101",
    "my 6 month old has a fever, can we come in today?",
    "my daughter's baby tooth fell out, do we need to come in?",
    "the swelling went down after the extraction, thanks",
    "mild stomach ache after lunch, should I worry?",
    "I'm 12 weeks pregnant, when is my next appointment?",
    "I won't be around next week, can we move my cleaning?",
    "I won't be here tomorrow, please reschedule",
    "is that enough time to get to the lab before it closes?",
    "is there a point of contact for billing questions going on vacation?",
    # the taxonomy's own examples
    "what are your hours",
    "are you open saturday?",
    "where do I park",
    "do you take aetna",
    "do you do allergy testing",
    "I'm a new patient, what do I bring",
    "I need to book a checkup",
    "how do I cancel an appointment",
    "is there a fee if I cancel late",
    "can I pay with a credit card",
    "I can't log into the portal",
    "how do I send you my forms",
    "how do refills work",
    "hi",
    "thanks!",
    "need to move my thursday 3pm with dr lee",
    "the new dose makes me dizzy",
    "I need a refill on my lisinopril",
    "are my blood test results back",
    "my claim was denied",
    "is it normal for the rash to spread",
    # near misses: emergency words in ordinary requests
    "I need to schedule a chest x-ray appointment",
    "the doctor wants me to get a chest CT, is it covered?",
    "my chest congestion is better but I still have a cough",
    "I need a refill on my heart medication",
    "I need a referral to cardiology",
    "I have heartburn after eating spicy food",
    "this wait is killing me",
    "my back is killing me, can I get in this week?",
    "I have a toothache that is killing me",
    "I'm dying to know if my results are in",
    "I could die of embarrassment, I forgot my appointment",
    "the portal is not responding",
    "the website is unresponsive on my phone",
    "I emailed billing twice and they are not responding to my messages",
    "I need a refill on my seizure medication",
    "my son has a seizure disorder, do you have a pediatric neurologist?",
    "my dad had his seizure meds changed, who do I ask about side effects",
    "I think I have food poisoning, can I get a same-day appointment?",
    "do you treat poison ivy?",
    "my son needs a lead poisoning screening for daycare",
    "I can't breathe through my nose since my cold started",
    "I can't make the breathing test on Friday, can we reschedule?",
    "can I get my blood pressure checked",
    "I need a refill on my blood thinner",
    "I was told not to stop my blood thinner before the extraction",
    "I need lots of blood work done, do I need to fast?",
    "I lost my blood pressure cuff, can you prescribe a new one",
    "my gums bleed when I floss",
    "a little bleeding after my cleaning, is that normal?",
    "my hemorrhoids are acting up",
    "I'm pregnant, do I need a blood test?",
    "can I get a blood test to confirm pregnancy",
    "there is a faint line on my pregnancy test",
    "my lip is still numb after the filling",
    "how long does the numbness last after a filling",
    "I have a sore throat and swollen glands",
    "I'm allergic to penicillin, please add it to my chart",
    "I had an allergic reaction to amoxicillin years ago, please note it",
    "I need a new epipen prescription",
    "can I get a refill on my inhaler",
    "my left arm is sore after the flu shot",
    "my tooth pain is radiating to my jaw",
    "my husband passed away, please close his account",
    "my mom died last month and I need to cancel her appointments",
    "my phone died so I missed your call",
    "I'm dead tired after the night shift, can I move my appointment",
    "I'm overdue for a cleaning",
    "can I take ibuprofen with my blood thinner",
    "I took my medication this morning and now I feel nauseous",
    "can I take my pills with food?",
    "I want to stop taking my antidepressants, who should I talk to",
    "the line at your lab took too long",
    "I can't wake up that early, do you have a later slot?",
    "I won't wake up in time for a 7am appointment",
    "I need the ambulance bill itemized for my insurance",
    "the ambulance bill was sent to the wrong insurance",
    "do you take emergency appointments for toothaches",
    "I have a dental emergency, can I come in today?",
    "by a stroke of luck I found my insurance card",
    "I blacked out my social security number before uploading the form",
    "my bite feels uneven after the filling",
    "my smile is crooked, do you do braces?",
    "the new crown feels tight",
    "my schedule is tight this week, any evening slots?",
    "sinus pressure and headache for three days",
    "I cut my finger cooking, do I need stitches?",
    "I hurt my back lifting boxes",
    "can I dye my hair while pregnant",
    "I want the swelling to go down faster, can I use ice?",
    "I need CPR certification for my job, do you offer classes?",
    "my eye prescription: OD -1.25, OS -1.50, can you send it to the optician",
    "I'm having a hard time logging in",
    # plain tier 1 / tier 2 traffic
    "I'd like to whiten my teeth",
    "do you do root canals",
    "my crown fell off",
    "my filling fell out, can I come in this week",
    "I chipped my tooth on a popcorn kernel",
    "do you offer sedation dentistry",
    "my kid needs a sports physical",
    "I need my vaccination records for school",
    "how do I upload my insurance card",
    "I lost my insurance card",
    "does my plan cover a cleaning every six months",
    "what is your cancellation policy",
    "do you do sleep apnea studies",
    "my blood sugar has been high, should I change my dose?",
    "I have a cough and a runny nose",
    "my toddler has a fever of 101, can we come in today?",
    "I need a note for work",
    "can I get a copy of my bill",
    "I was charged twice for my visit",
    # bones and limbs that are not an acute deformity
    "I broke my arm last month, when can the cast come off",
    "do you do x rays for a broken wrist follow up",
    "my knee hurts when I bend it",
    "my son's bone density scan results",
    "is bone grafting covered for my implant",
    "the arm rest in your waiting room is broken",
    "I went the wrong way, how do I get to your office",
    "I need a prior authorization for my MRI",
    "when will my biopsy results be ready",
    "is the office closed on Memorial Day",
    "do you have Spanish-speaking staff",
    "hello, good morning",
    "thank you so much!",
    "ok sounds good 👍",
    "is there wheelchair access",
    "can I bring my service dog",
    "I'd like to schedule a mammogram",
    "I need a physical for my new job",
    "what should I do before my colonoscopy",
    "is my prescription ready",
    "the pharmacy says my refill was denied",
    "my kids need their flu shots",
    "can I switch to a different dentist at your office",
    "I need a refill on my anxiety medication",
    "can my wife pick up my prescription",
    "my baby has a diaper rash",
    "my daughter fell and scraped her knee, should we come in?",
    "the numbing shot hurt a lot",
    "I have a bruise after my blood draw, is that normal",
    "I'm out of my blood pressure pills",
    "do you have a cancellation list",
    "can I get a flu shot without an appointment",
    "what time does the pharmacy close",
    "is there a problem with my account",
    # privacy words in ordinary requests
    "can someone else pick up my prescription",
    "can I pick up another person's prescription",
    "can my husband see my results in the portal",
    "can I be on someone else's insurance",
    "do I need to sign a hipaa form",
    "what is your privacy policy",
    "my email is already linked to another patient",
    "I want to send my records to another doctor",
    "the results are not good, what now?",
    "my records are not complete",
    "can I book under someone else's name",
    "how long before you give my slot to someone else",
    "",
    "   ",
    "?!",
]

# The phrasings the brief names explicitly, pinned to their intent.
NAMED: list[tuple[str, Intent]] = [
    ("chest pian", ME),
    ("cant breath", ME),
    ("cant breathe", ME),
    ("suicidal", MH),
    ("kill my self", MH),
    ("overdosed", ME),
    ("od'd", ME),
    ("I took all my pills", ME),
    ("my dad's face is drooping", ME),
    ("he won't wake up", ME),
    ("lips turning blue", ME),
    ("I don't want to be here anymore", MH),
    ("thinking about ending it", MH),
    ("better off without me", MH),
    ("my wife collapsed", ME),
]


@pytest.fixture(scope="module")
def lexicon() -> SafetyLexicon:
    return SafetyLexicon()


def test_data_sizes_and_uniqueness() -> None:
    texts = [t for _, t in POSITIVES]
    assert len(texts) >= 100 and len(set(texts)) == len(texts)
    assert len(NEGATIVES) >= 100 and len(set(NEGATIVES)) == len(NEGATIVES)
    assert not set(texts) & set(NEGATIVES)
    # every family has positives
    assert {f for f, _ in POSITIVES} == set(SafetyLexicon.families())


@pytest.mark.parametrize(("family", "text"), POSITIVES, ids=[t for _, t in POSITIVES])
def test_positive_fires_with_family_intent(lexicon: SafetyLexicon, family: str, text: str) -> None:
    match = lexicon.scan(text)
    assert match is not None, f"missed: {text!r} -> {prepare(text)!r}"
    assert match.intent is SafetyLexicon.intent_of(family)
    assert match.rule == family, f"{text!r}: {match}"
    assert family in match.rules


@pytest.mark.parametrize("text", NEGATIVES, ids=NEGATIVES)
def test_negative_stays_quiet(lexicon: SafetyLexicon, text: str) -> None:
    match = lexicon.scan(text)
    assert match is None, f"false alarm on {text!r} ({prepare(text)!r}): {match}"


@pytest.mark.parametrize(("text", "intent"), NAMED, ids=[t for t, _ in NAMED])
def test_named_phrasings(lexicon: SafetyLexicon, text: str, intent: Intent) -> None:
    match = lexicon.scan(text)
    assert match is not None and match.intent is intent


# --- precedence: medical wins when the body is in danger now; crisis families still reported


@pytest.mark.parametrize(
    ("text", "rule", "also"),
    [
        ("I took all my pills because I want to die", "overdose", "suicide"),
        ("I overdosed on purpose, I want to kill myself", "overdose", "suicide"),
        ("I cut myself and it won't stop bleeding", "bleeding", "self_harm"),
        ("I slit my wrists", "bleeding", "self_harm"),
        ("I want to die and my chest hurts", "cardiac", "suicide"),
    ],
)
def test_medical_beats_crisis_when_both_match(
    lexicon: SafetyLexicon, text: str, rule: str, also: str
) -> None:
    match = lexicon.scan(text)
    assert match == SafetyMatch(intent=ME, rule=rule, rules=match.rules if match else ())
    assert match is not None and also in match.rules


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to take all my pills tonight",  # a plan, nothing ingested yet
        "I want to cut my wrists",
        "I want to kill myself",
    ],
)
def test_plan_without_physical_emergency_is_crisis(lexicon: SafetyLexicon, text: str) -> None:
    match = lexicon.scan(text)
    assert match is not None and match.intent is MH
    assert all(SafetyLexicon.intent_of(r) is MH for r in match.rules)


# --- recall-first policy, pinned


@pytest.mark.parametrize(
    "text",
    ["no chest pain", "I don't have chest pain", "not suicidal", "I'm not going to kill myself"],
)
def test_negation_insensitive_by_design(lexicon: SafetyLexicon, text: str) -> None:
    assert lexicon.scan(text) is not None


# Accepted false alarms: the price of recall. They fire today and that is intended; if one
# stops firing, make sure no real emergency phrasing stopped with it.
KNOWN_FALSE_ALARMS: list[str] = [
    "my husband stops breathing at night, do you do sleep studies?",
    "I took all my meds today but still have a headache",
    "I cut myself shaving",
    "my dad had a stroke in 2019, do you take medicare?",
    "no chest pain, just a question about my bill",
]


@pytest.mark.parametrize("text", KNOWN_FALSE_ALARMS, ids=KNOWN_FALSE_ALARMS)
def test_known_false_alarms_fire(lexicon: SafetyLexicon, text: str) -> None:
    assert lexicon.scan(text) is not None


def test_family_listing(lexicon: SafetyLexicon) -> None:
    families = SafetyLexicon.families()
    assert families == lexicon.families()
    assert len(families) == len(set(families)) == len(RULES)
    assert {SafetyLexicon.intent_of(f) for f in families} == {ME, MH, RL}
    assert {SafetyLexicon.intent_of(f) for f in families} <= TIER3_INTENTS
    for required in (
        "cardiac", "stroke", "breathing", "overdose", "bleeding", "unconscious",
        "anaphylaxis", "seizure", "suicide", "self_harm",
    ):  # fmt: skip
        assert required in families
    # medical families are listed before crisis families, and those before privacy
    intents = [SafetyLexicon.intent_of(f) for f in families]
    assert intents == sorted(intents, key=[ME, MH, RL].index)


def test_match_carries_names_never_words(lexicon: SafetyLexicon) -> None:
    text = "my wife Jane Doe collapsed at 12 Elm St"
    match = lexicon.scan(text)
    assert match is not None
    dumped = repr(match)
    for word in ("jane", "doe", "collapsed", "elm"):
        assert word not in dumped.lower()
    assert set(match.rules) <= set(SafetyLexicon.families())


def test_match_is_frozen(lexicon: SafetyLexicon) -> None:
    match = lexicon.scan("chest pain")
    assert match is not None
    with pytest.raises(AttributeError):
        match.rule = "other"  # type: ignore[misc]


def test_matched_families_reports_every_family(lexicon: SafetyLexicon) -> None:
    assert lexicon.matched_families("chest pain and I can't breathe") == ("cardiac", "breathing")
    assert lexicon.matched_families("what are your hours") == ()


def test_default_lexicon_is_shared() -> None:
    assert default_lexicon() is default_lexicon()


def test_long_text_is_scanned_to_the_end(lexicon: SafetyLexicon) -> None:
    filler = "I have a question about my bill and my appointment next week. " * 500
    match = lexicon.scan(filler + "Also my husband collapsed.")
    assert match is not None and match.rule == "unconscious"


def test_pathological_input_is_fast(lexicon: SafetyLexicon) -> None:
    import time

    start = time.perf_counter()
    for text in ("a " * 20_000, "chest " * 5_000, "took all " * 5_000, "\u200b" * 50_000):
        lexicon.scan(text)
    assert time.perf_counter() - start < 5.0


def test_every_pattern_is_exercised_by_a_positive() -> None:
    import re

    from frontdesk.domain.safety import _expand

    prepared = [prepare(t) for _, t in POSITIVES]
    unexercised = [
        (family.name, pattern)
        for family in RULES
        for pattern in family.patterns
        if not any(re.search(r"\b(?:" + _expand(pattern) + r")\b", t) for t in prepared)
    ]
    assert unexercised == [], "add a positive for each of these patterns"
