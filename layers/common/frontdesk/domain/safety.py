"""The deterministic safety lexicon: emergency and self-harm phrases that force Tier 3.

Rule 1 of INTENTS.md: whatever the model says, a message that matches here is escalated as
``medical_emergency`` or ``mental_health_crisis``; a reported privacy incident (family
``privacy_incident``) as ``records_legal_request``, for compliance. See docs/safety-lexicon.md.

Policy, in short:

* **Recall first.** A false alarm costs a staff minute; a miss can cost a life. Patterns are
  deliberately broad, tolerant of typos, indirect and third-person phrasings, and
  **negation-insensitive by design**: "no chest pain" fires. Words that are ordinary in a
  medical or dental practice ("chest x-ray", "seizure medication", "blood test", "food
  poisoning", "the portal is not responding") are kept out by narrow, named exceptions, never
  by dropping a phrase that a person in danger would write.
* **Precedence.** Every family is tried. If any *medical* family matches, the intent is
  ``MEDICAL_EMERGENCY`` even when a crisis family matches too ("I took all my pills, I want to
  die" -> medical_emergency / overdose): the body is in danger now, emergency services come
  first, and 988's own guidance is to call 911 in that case. The crisis families still appear
  in ``SafetyMatch.rules`` so the caller can show crisis resources and notify behavioural
  health as well. ``privacy_incident`` decides only when no medical or crisis family matches.
  Ideation, plans and self-harm without a physical emergency in progress
  ("I'm going to take all my pills") are ``MENTAL_HEALTH_CRISIS``.
* **What leaves.** A match carries the intent and rule-family names only, never the words
  that matched (they are PHI and go to logs).

Patterns are regular expressions over ``prepare(text)``: ``fold_for_matching(normalize_text(
text))`` with every run of characters other than ``a-z``, ``0-9`` and the apostrophe turned
into one space. So patterns are lowercase ASCII, words are separated by exactly one space,
"chest-pain" reads "chest pain", emoji are gone, a curly apostrophe reads "'", and a word one edit
away from a key word of the patterns reads as that word ("seizrue" -> "seizure", see
``safety_spelling``). Each pattern is
wrapped in ``\\b...\\b``; ``<NAME>`` inserts a shared fragment from ``FRAGMENTS``.

Standard library only, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from frontdesk.domain.intents import Intent
from frontdesk.domain.safety_spelling import correct_token
from frontdesk.domain.text import fold_for_matching, normalize_text

__all__ = [
    "FRAGMENTS",
    "RULES",
    "RuleFamily",
    "SafetyLexicon",
    "SafetyMatch",
    "default_lexicon",
    "prepare",
]

_ME = Intent.MEDICAL_EMERGENCY
_MH = Intent.MENTAL_HEALTH_CRISIS
_RL = Intent.RECORDS_LEGAL_REQUEST

# ---------------------------------------------------------------------------------------------
# Shared fragments, inserted into patterns as <NAME>. Each is wrapped in a non-capturing group.
# ---------------------------------------------------------------------------------------------
_PERSON_NOUNS = (
    "mom|mother|mum|mommy|mama|dad|father|daddy|papa|husband|wife|spouse|partner|son|daughter"
    "|baby|child|kid|toddler|infant|newborn|boy|girl|brother|sister|grandma|grandmother|nana"
    "|grandpa|grandfather|granny|aunt|uncle|cousin|friend|roommate|boyfriend|girlfriend"
    "|fiance|fiancee|neighbor|neighbour|patient|teen|teenager|niece|nephew"
)

FRAGMENTS: dict[str, str] = {
    # "can't" and friends, with and without the apostrophe.
    "CANT": r"can'?t|can t|cannot|can not|couldn'?t|couldn t|could not|unable to",
    # "won't (stop|wake)" and friends.
    "WONT": r"won'?t|won t|will not|doesn'?t|doesn t|does not|didn'?t|didn t|did not"
    r"|isn'?t|isn t|is not|wouldn'?t|would not|hasn'?t|hasn t|has not",
    # limbs whose visible deformity after an injury means a displaced or open fracture
    "LIMB": r"arms?|legs?|wrists?|ankles?|elbows?|knees?|forearms?|shins?|thighs?|hips?"
    r"|shoulders?|collar ?bones?",
    "BREATHE": r"breathe?|breth|brethe|breate|breahte|breat|brath|breathing|breating",
    "CHEST": r"chest|chset|chets|cheast|chst|chesst|chast",
    "PAIN": r"pa+i+n+s?|pi+a+n+s?|pa+y+n+s?|apin|pani|panes?",  # "chest pane" (sound-alike)
    "HURTS": r"hurts?|hurting|hurst|aches?|aching|killing me|is killing",
    "HEART": r"heart|hart|haert|herat",
    "ATTACK": r"at+a+c?k+s?|atach|attach",
    # myself / himself / ..., tolerant of "my self", "my slef".
    "SELF": r"my ?self|my ?slef|myslf|mysefl|my sef|me ?self|him ?self|her ?self"
    r"|them ?sel(?:f|ves)|themselfs|your ?self|our ?selves",
    "KILL": r"kill+(?:ing|in)?|kil(?:ing|in)?|kll|klil",
    # a person, as subject or object: "he", "my husband", "the baby", "grandma's"
    "PERSON": r"(?:(?:my|our|the|his|her|their|your) )?(?:he|she|they|him|her|them|(?:"
    + _PERSON_NOUNS
    + r")(?:'s|s)?)",
    # Quantities that turn "took my pills" into an overdose.
    "QTY": r"all|all of|too many|way too many|too much|way too much|a bottle of|a whole bottle of"
    r"|the whole bottle of|the bottle of|an entire bottle of|a full bottle of|a handful of"
    r"|handfuls of|a bunch of|a lot of|lots of|a ton of|a box of|a pack of|a packet of|a strip of"
    r"|[1-9][0-9]+|twenty|thirty|forty|fifty|a hundred|dozens of|a dozen",
    "DRUGS": r"pills?|tablets?|tabs|meds|medications?|medicines?|capsules?|caps|doses"
    r"|tylenol|advil|ibuprofen|acetaminophen|paracetamol|aspirin|motrin|aleve|benadryl"
    r"|sleeping pills|sleep aids?|xanax|valium|klonopin|ativan|benzos?|oxy\w*|opioids?"
    r"|percocet|vicodin|hydrocodone|fentanyl|morphine|insulin|antidepressants?|painkillers?"
    r"|pain killers?|prescriptions?|lithium|seroquel|ambien|melatonin|gummies|vitamins",
    "POISONS": r"bleach|antifreeze|anti freeze|drano|rat poison|poison|detergent|laundry pods?"
    r"|tide pods?|dishwasher pods?|button batter(?:y|ies)|batter(?:y|ies)|magnets?"
    r"|cleaning (?:products?|fluid|liquid|solution|supplies|spray)|cleaner|lighter fluid"
    r"|gasoline|kerosene|lamp oil|windshield (?:washer )?fluid|pesticide|weed killer"
    r"|insecticide|ammonia|lye|nail polish remover|hand sanitizer",
    # Another person, possessive: "someone else's", "another patient's", "the wrong person's".
    "OTHERS": r"(?:someone|somebody|some one|some body|some1|sum1|somone|somebdy|sombody"
    r"|anyone|any one) else'?s|(?:another|a different|the wrong|a wrong|different|wrong"
    r"|a random|random|a strange|strange) (?:patient|person|woman|man|lady|guy|child|kid"
    r"|family|persons|patients)'?s|(?:another|different) patients'?|a stranger'?s|strangers",
    # What carries health information; not "insurance" ("can I be on someone else's plan").
    "PHI": r"(?:test |lab |blood |biopsy |imaging |x ray |xray |mri |ct |scan |visit )?"
    r"(?:results?|records?|reports?|labs?|charts?|files?|medical information|information|info"
    r"|details|diagnosis|diagnoses|medications?|meds|prescriptions?|paperwork|papers"
    r"|documents?|summary|notes|history|x rays?|xrays?|scans?|images?|bills?|statements?"
    r"|letters?|messages?|date of birth|dob|receipt|discharge papers|after visit summary)",
    # Small words between a verb of ingestion and what was ingested ("ate some of my ...").
    "DET": r"(?:(?:some|a|an|the|my|his|her|their|your|our|of|all|few|bunch|handful|whole"
    r"|bottle|pack|box|several|many|lots|lot|\S+'s) ){0,4}",
    "SEIZURE": r"s(?:ei|ie|e|ee)z(?:ure|ur|er|uer)s?|[sc](?:ei|ie|e|ee|ea)[sz](?:ure|uer)s?",
    "BLEEDING": r"bleeding|ble+[ds]?ing|bleedin|bleeidng",
    # After a breathing phrase: not a service ("can't make the breathing test on Friday").
    "NOTSERVICE": r"(?! (?:tests?|treatments?|machines?|exercises?|clinic|appointments?|study"
    r"|therapy|therapist|class|specialist|doctor))",
    # After "ambulance": not its paperwork ("I need the ambulance bill itemised").
    "NOTBILL": r"(?! (?:bills?|claims?|invoices?|charges?|fees?|company|statement|reimbursement"
    r"|ride (?:bill|claim|charge)))",
}


@dataclass(frozen=True, slots=True)
class RuleFamily:
    """A named family of patterns. ``name`` is stable: it is logged and reported."""

    name: str
    intent: Intent
    patterns: tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# The table. Order matters only for which family is reported first when several match within
# the same intent (first in this table wins). Every pattern is exercised by at least one
# positive in tests/unit/test_safety_lexicon.py (a test checks it); add the test first.
# ---------------------------------------------------------------------------------------------
RULES: tuple[RuleFamily, ...] = (
    RuleFamily("cardiac", _ME, (
        r"<CHEST> ?<PAIN>",                                    # chest pain, chest pian, chestpain
        r"<PAIN> (?:in|on|across|around|behind) (?:my|his|her|their|the) <CHEST>",
        # chest + (hurts|tight|pressure...) within a couple of words: "chest feels really tight"
        r"<CHEST> (?:\S+ ){0,2}?(?:<HURTS>|tight|tightness|tightening|pressure|heavy|heaviness"
        r"|crushing|squeezing|squeezed|discomfort|burning|on fire|caving)",
        r"(?:tight|tightness|pressure|heaviness|heavy|crushing|squeezing) (?:\S+ ){0,2}?"
        r"(?:in|on|across) (?:my|his|her|their|the) <CHEST>",
        r"(?:tight|heavy|crushing) <CHEST>",
        r"elephant (?:\S+ ){0,2}?on (?:my|his|her|their) <CHEST>",
        r"<HEART> ?<ATTACK>",                                  # heart attack, hart attak
        r"cardiac arrest|myocardial infarction",
        r"<HEART> (?:has |just )?stopped|no (?:pulse|heartbeat|heart beat)"
        r"|<CANT> (?:find|feel) (?:a|his|her|their|the) (?:pulse|heartbeat)",
        r"(?:doing|giving|started|starting|performing|do|give|need|needs) cpr"
        r"(?! (?:class\w*|certif\w*|training|course|card))",
        # pain spreading down an arm (not the jaw: toothache radiates to the jaw every day)
        r"(?:<PAIN>|ache|numbness|tingling) (?:\S+ )?(?:going|radiating|spreading|shooting"
        r"|moving|goes|radiates|spreads|shoots) (?:down|up|into|to|through) (?:my|his|her|their"
        r"|the) (?:left )?arm",
        # left arm numb/heavy (not "left arm hurts": every flu shot goes in the left arm)
        r"left arm (?:\S+ ){0,2}?(?:numb|numbness|tingling|tingly|heavy|dead)",
    )),
    RuleFamily("stroke", _ME, (
        r"strokes?(?! of (?:luck|genius|brilliance|fortune))",  # any mention; see docs
        r"(?:face|mouth) (?:\S+ ){0,2}?(?:drooping|droopy|drooped|droops|sagging|saggy"
        r"|dropped|slumped|lopsided|crooked|twisted|paralyzed|paralysed)",
        r"(?:smile|lips?|eyelid) (?:\S+ ){0,2}?(?:drooping|droopy|drooped|droops|sagging)"
        r" (?:\S+ ){0,2}?(?:one|left|right) side",
        r"(?:droopy|drooping|sagging) (?:face|mouth|smile)|face droop\w*",
        r"droop\w* (?:\S+ )?(?:on )?(?:one|the left|the right|left|right|his left|his right"
        r"|her left|her right|my left|my right) side",
        r"(?:one|the left|the right|left|right) side of (?:my|his|her|their|the) face"
        r" (?:\S+ ){0,2}?(?:droop\w*|sagg\w*|dropped|fallen|slumped|paralyzed|paralysed)",
        r"(?:one|the left|the right|left|right) side of (?:my|his|her|their|the) body"
        r" (?:\S+ ){0,2}?(?:numb|weak|limp|paralyzed|paralysed|dead|not moving|won'?t move"
        r"|tingling|heavy)",
        r"(?:numb|numbness|weak|weakness|tingling|paralysis|paralyzed|paralysed) (?:\S+ ){0,2}?"
        r"(?:on|in|down) (?:one|the left|the right|his left|his right|her left|her right"
        r"|my left|my right|their left|their right) side",
        r"slurr\w*|slured|slurd|slurrs",                       # slurred speech, slurring words
        r"(?:speech|words|talking) (?:\S+ ){0,2}?(?:garbled|jumbled|slurred|gibberish|nonsense"
        r"|mixed up|coming out wrong)",
        r"sudden(?:ly)? (?:\S+ ){0,2}?(?:<CANT>) (?:speak|talk|see|walk|move|understand|stand)",
        r"<CANT> (?:lift|raise|move|feel|use) (?:my|his|her|their) (?:left |right )?"
        r"(?:arm|leg|hand|side)",
        r"(?:arm|leg|side) (?:is |went |has gone |just went |suddenly went |feels )?"
        r"(?:limp|paralyzed|paralysed)",
        r"worst headache (?:of|in) (?:my|his|her|their) li(?:fe|ves)|thunderclap headache",
        r"sudden(?:ly)? (?:\S+ ){0,2}?(?:severe|terrible|horrible|excruciating|blinding"
        r"|explosive) headache",
        r"sudden(?:ly)? (?:\S+ ){0,2}?(?:lost|loss of|losing|lose) (?:my |his |her |their )?"
        r"(?:vision|sight|balance|speech|ability to speak)|sudden(?:ly)? (?:went )?blind",
    )),
    RuleFamily("breathing", _ME, (
        # can't breathe / cant breath; not "can't breathe through my nose" (congestion)
        r"<CANT> (?:\S+ ){0,2}?<BREATHE><NOTSERVICE>(?! (?:out of|through|thru|from|in through)"
        r" (?:my|his|her|the|their|one|a) (?:nose|nostril)(?! (?:or|and|either|nor)))",
        r"(?:hard|difficult|struggling|struggle|struggles|trouble|troubles|difficulty|difficulties"
        r"|problems?|labou?red|hard time|fighting) (?:to |with |in |for |when )?<BREATHE>",
        r"(?:not|isn'?t|isn t|wasn'?t|stopped|stop|stops|quit|quits|no longer) <BREATHE>",
        r"short(?:ness)? (?:of|o) (?:<BREATHE>)",
        r"gasp\w* (?:for )?(?:air|<BREATHE>)|gasping",
        r"<CANT> (?:get|catch) (?:\S+ ){0,2}?(?:air|<BREATHE>)<NOTSERVICE>",
        r"choc?k(?:e|es|ing|in|ed)(?! up)",                     # not "choked up" (emotion)
        r"suffocat\w*",
        r"(?:lips?|fingers?|fingernails?|nails|face|skin) (?:\S+ ){0,2}?(?:blue|purple|gr[ae]y)",
        r"(?:turning|turned|going|gone|went) (?:blue|purple)|blue lips",
        r"asthma attack"
        r"|inhaler (?:\S+ )?(?:<WONT>|not) (?:\S+ )?(?:working|helping)",
        r"air ?way (?:\S+ )?(?:closing|blocked|swelling|swollen|obstructed)",
        r"<BREATHE> (?:is |has |got |getting |became )?(?:really |very |so )?(?:shallow"
        r"|labou?red|rattly|rattling|stopped)",
    )),
    RuleFamily("anaphylaxis", _ME, (
        r"ana(?:ph|f)[aiy]?la\w*|anaphlax\w*",                 # anaphylaxis, anaphalaxis
        # throat closing/swelling/tight; not "sore throat and swollen glands"
        r"throat (?:\S+ ){0,3}?(?:closing|closed|tight|tightening|constrict\w*|shut|closes"
        r"|(?:swelling|swollen|swelled)(?! (?:glands?|lymph|tonsils?|nodes?)))",
        r"(?:tongue|lips?|mouth|face|eyes?|neck) (?:and|&) (?:\S+ )?(?:tongue|throat|lips?|face"
        r"|mouth) (?:\S+ ){0,2}?(?:swell\w*|swollen|puff\w*|blow\w* up)",
        r"tongue (?:\S+ ){0,2}?(?:swell\w*|swollen)|swollen tongue"
        r"|swelling (?:of|in) (?:my|his|her|their|the) (?:tongue|throat)",
        r"(?:face|lips?|eyes?) (?:\S+ ){0,2}?(?:swell\w* up|swelled up|blow\w* up|puff\w* up"
        r"|ballooning)",
        r"(?:used|using|gave|giving|injected|injecting|had to use|need to use|needed to use"
        r"|should i use|stabbed|administered) (?:\S+ ){0,2}?(?:epi ?pens?|epinephrine|adrenaline)",
        r"(?:severe|serious|bad|major|terrible|horrible|massive|extreme|really bad) (?:\S+ )?"
        r"allergic reaction",
        r"(?:having|is having|getting|gone into|going into) (?:an |a )?(?:\S+ )?allergic"
        r" reaction",
        r"allergic reaction (?:\S+ ){0,6}?(?:<CANT> <BREATHE>|throat|tongue|swell\w* up)",
    )),
    RuleFamily("bleeding", _ME, (
        r"(?:<BLEEDING>|bleeds|bleed|bled) (?:\S+ )?(?:heavily|profusely|badly|a lot|alot"
        r"|so much|really bad|everywhere|nonstop|non stop|out|to death|like crazy"
        r"|uncontrollabl\w*|through)",
        r"(?:<WONT>|<CANT>|not|never) (?:\S+ ){0,3}?stop\w* (?:the )?(?:bleed\w*"
        r"|blood(?! (?:thinn\w*|pressure|sugar|meds?|medications?)))",
        r"(?:bleed\w*|blood) (?:<WONT>|not) (?:\S+ )?(?:stop\w*|clot\w*|slow\w* down)",
        r"(?:blood|bleeding) (?:is )?(?:everywhere|all over|gushing|spurting|pouring|pumping"
        r"|squirting)",
        r"(?:gushing|spurting|pouring|pumping|squirting|soaked in|covered in|pool of"
        r"|puddle of) blood",
        # "lots of blood" but not "lots of blood work/tests"
        r"(?:so much|lots of|a lot of|alot of|tons of|too much|losing|lost|lose) (?:\S+ )?blood"
        r"(?! (?:work|test|tests|draw|drawn|pressure|sugar|panel|results?|donations?|count"
        r"|cells?|type))",
        r"soak\w* (?:through )?(?:\S+ ){0,2}?(?:pads?|towels?|gauze|bandages?|tampons?)",
        r"(?:coughing|cough|coughed|vomiting|vomited|vomit|throwing up|threw up|puking|puked)"
        r" (?:up )?(?:\S+ )?blood",
        r"ha?e?m+or+h?a?g\w*",                                 # hemorrhage and misspellings
        r"(?:heavy|severe|sever|massive|uncontrolled|uncontrollable|serious|major) <BLEEDING>",
        r"deep (?:cut|gash|wound|laceration)|stabbed|stab wound|been shot|gunshot|gun shot",
        # a wrist already cut (past); "I want to cut my wrists" is a plan: self_harm only
        r"(?<!to )(?<!gonna )(?<!wanna )(?<!will )(?<!might )(?:slit|slashed|sliced|cut)"
        r" (?:open )?(?:my|his|her|their) (?:own )?wrists?",
        r"(?:severed|cut off|chopped off|sliced off) (?:\S+ ){0,2}?(?:finger|toe|hand|arm|leg)",
        r"pregnan\w* (?:\S+ ){0,4}?bleed\w*|bleed\w* (?:\S+ ){0,3}?pregnan\w*",
    )),
    RuleFamily("unconscious", _ME, (
        r"uncon(?:sc|c|s|sh)i?ou?s\w*",                        # unconscious, unconcious
        r"<PERSON> (?:\S+ ){0,2}?(?:unresponsive|non ?responsive|not responsive|not responding"
        r"|isn'?t responding|isn t responding|won'?t respond|doesn'?t respond|not reacting)"
        r"(?! to (?:\S+ )?(?:messages?|emails?|calls?|texts?|voicemails?|requests?|letters?"
        r"|portal|phone))",
        r"found (?:\S+ ){0,2}?(?:unresponsive|unconscious|passed out|on the floor)",
        r"(?:passed|passes|passing|pass) out",
        r"f(?:ai|ei|ia)nt(?:ed|ing|s)|(?:feel|feels|feeling|felt|going to|gonna|about to|almost"
        r"|nearly|could|might) (?:\S+ )?f(?:ai|ei|ia)nt",
        # blacked out; not "blacked out my SSN on the form"
        r"black(?:ed|ing|s)? out(?! (?:the |my |his |her |some |all |part of )?(?:ssn|social"
        r"|numbers?|names?|info\w*|details|account|card|address|personal|sensitive|private"
        r"|dates?|photos?|parts?|pages?|lines?|text|windows))",
        r"collaps(?!ible)\w*(?! (?:the |this |that )?(?:menu|section|tab|panel|window|sidebar))",
        r"(?:lost|losing|loses|lose|loss of) con\w*ness",
        r"(?:<WONT>|not|isn'?t) wak(?:e|ing) (?:\S+ )?up(?! (?:in time|on time|early|earlier"
        r"|for|before|at|by|until|till|that early|so early|in the morning|tomorrow))",
        r"<CANT> (?:wake|rouse|arouse) (?:up )?<PERSON>|<CANT> get <PERSON> to (?:wake|respond)",
        # knocked out (a person, not a tooth: "my tooth got knocked out" is dental trauma)
        r"out cold|knocked unconscious|knocked (?:him|her|them|me|myself|himself|herself) out"
        r"|(?<!tooth )(?<!teeth )(?:got|was|been|were|is|being) knocked out"
        r"(?! (?:\S+ ){0,2}?(?:tooth|teeth|filling|crown))",
    )),
    RuleFamily("seizure", _ME, (
        # "having a seizure", "had a seizure"; not "seizure medication", "seizure disorder"
        r"(?:having|had|has|have|went into|gone into|go into|going into|in|during|another"
        r"|multiple|several|first|big|grand mal|tonic clonic|bad) (?:\S+ )?<SEIZURE>"
        r"(?! (?:disorder|med\w*|drugs?|pills?|history|condition|action plan|doctor|specialist"
        r"|clinic|free|precautions|diary|log|neurologist|refills?|plan))",
        r"s(?:ei|ie|e)z(?:ing|ed)(?! (?:the|this|that|an?) (?:chance|opportunity|moment|day))",
        r"convuls\w*",
        r"(?:having|had) (?:a |an )?(?:epileptic )?fitt?\b|epileptic (?:fit|attack|episode)"
        r"|grand mal|tonic clonic",
        r"(?:shaking|jerking|twitching|convulsing) (?:\S+ ){0,2}?uncontrollabl\w*",
        r"eyes (?:\S+ )?roll\w* back|foaming at the mouth",
    )),
    RuleFamily("overdose", _ME, (
        r"ove?r ?dos\w*",                                      # overdose, over dosed
        r"od'd|od'?ed|od'?ing|od (?:on|from)|(?:an|the|a|possible|accidental|drug|opioid"
        r"|fentanyl|heroin) od",
        # took all my pills / swallowed a bottle of tylenol / took 30 tablets
        r"(?:took|taken|swallowed|ate|eaten|drank|drunk|downed|popped|chugged) (?:<QTY>)"
        r" (?:\S+ ){0,3}?(?:<DRUGS>)(?! as (?:prescribed|directed|instructed))",
        r"took (?:way )?too (?:much|many)(?! (?:time|of (?:my|your|our) time))",
        r"(?:swallowed|ate|eaten|drank|drunk|ingested|got into|chugged|chewed|licked) <DET>"
        r"(?:<DRUGS>|<POISONS>)",
        r"(?<!food )(?<!lead )poison(?:ed|ing|ous)?(?! (?:ivy|oak|sumac))",
        r"carbon monoxide",
        r"(?:gave|giving|used|administered|sprayed|had to give|need to give|needed) (?:\S+ ){0,2}?"
        r"(?:narcan|naloxone)",
    )),
    RuleFamily("explicit_emergency", _ME, (
        r"(?:call|calling|called|dial|dialing|dialed|phone|ring) (?:\S+ )?(?:911|999|112"
        r"|an ambulance|ambulance|ems|the paramedics|paramedics)<NOTBILL>",
        r"(?:need|needs|needed|send|sending|get|getting) (?:\S+ )?(?:an )?ambulance<NOTBILL>",
        r"(?:i'?m|im|i am|he'?s|hes|she'?s|shes|he is|she is|they'?re|they are"
        r"|(?:" + _PERSON_NOUNS + r")(?: is|'s)) (?:\S+ )?dying(?! (?:to|for|of (?:boredom"
        r"|laughter|curiosity|embarrassment))| (?:my|his|her|their|the) (?:hair|beard|clothes))",
        r"feel(?:s|ing)? like (?:i'?m|im|i am|he'?s|she'?s|he is|she is) (?:going to|gonna"
        r"|about to) die",
        r"(?:this is|it'?s|its|it is|having) an? (?:medical )?emergency",
    )),
    RuleFamily("pregnancy", _ME, (
        # waters breaking, at term or before it: labour and delivery now, not a message queue
        r"(?:my|her|wife'?s|wifes|partner'?s|daughter'?s) waters? (?:just |has |have |had )?"
        r"(?:broke|broken|breaking|burst|went)",
        # the baby in the womb moving less; not "moving house" or a newborn's bowels
        r"(?:baby|babys|baby'?s) (?:\S+ ){0,2}?(?:stopped moving|isn'?t moving|not moving|hasn'?t"
        r" moved|moving less|not kicking|stopped kicking|hasn'?t kicked)(?! (?:house|her bowels"
        r"|his bowels))",
        r"(?:no|less|reduced|decreased|fewer) (?:fetal|foetal|baby) (?:movements?|kicks)",
        r"pregnan\w* (?:\S+ ){0,4}?(?:severe|terrible|worst) (?:headache|pain|cramp\w*)"
        r"|pregnan\w* (?:\S+ ){0,4}?(?:blurry|blurred) vision",
    )),
    RuleFamily("injury", _ME, (
        # a head injury with red flags (vomiting, confusion, drowsiness, unequal pupils)
        r"(?:hit|bumped|banged|smacked|hurt|cracked) (?:\S+ ){0,2}?head (?:\S+ ){0,8}?"
        r"(?:vomit\w*|throw\w* up|threw up|puk\w*|confused|confusion|drowsy|won'?t stay awake"
        r"|can'?t stay awake|pupils?|not making sense|slurr\w*)",
        r"head (?:injury|trauma) (?:\S+ ){0,6}?(?:vomit\w*|throw\w* up|threw up|confused|drowsy"
        r"|pupils?)",
        # severe burns; not a sunburn or "heartburn"
        r"(?:bad|badly|severe|severely|serious|seriously|major|third degree|3rd degree|second"
        r" degree|2nd degree) (?:\S+ )?(?:burns?|burned|burnt|scald\w*)",
        r"(?:burned|burnt|scalded) (?:\S+ ){0,3}?(?:face|whole arm|whole hand|chest|all over)",
        # a permanent tooth knocked out: reimplantation works within the hour
        r"(?:tooth|teeth|front tooth) (?:\S+ ){0,2}?(?:knocked out|fell out after|came out after"
        r" (?:a |the )?(?:fall|hit|accident))|knocked (?:\S+ ){0,2}?(?:tooth|teeth) out",
        # an obviously broken limb: bone through the skin, a limb bent the wrong way or at an
        # angle, a deformed wrist or ankle (open or displaced fractures go to an emergency room)
        r"bones? (?:\S+ ){0,2}?(?:sticking|poking|coming|came|sticks|pokes|protruding|jutting)"
        r" (?:\S+ )?(?:out|through)",
        r"(?:see|seeing|can see|showing|exposed) (?:the |his |her |my |their )?bone(?! (?:density"
        r"|scan|graft\w*|loss|age))",
        r"<LIMB> (?:\S+ ){0,3}?(?:bent|bends|bending|twisted|pointing|points|facing|turned"
        r"|sticking out) (?:\S+ ){0,2}?(?:wrong way|wrong direction|backwards?|sideways)",
        r"<LIMB> (?:\S+ ){0,3}?(?:at|in) an? (?:weird|odd|strange|funny|unnatural|wrong|awkward"
        r"|crazy|bad) (?:angle|direction)",
        r"<LIMB> (?:is |looks |looking |seems )?(?:deformed|misshapen)",
    )),
    RuleFamily("infant_fever", _ME, (
        # a fever in a baby under three months: an emergency by paediatric guidance
        r"(?:newborn|new born|(?:[1-9]|1[0-2]) ?(?:weeks?|wks?|days?) old|(?:1|one|2|two)"
        r" ?(?:months?|mo) old|(?:[1-9]|1[0-2]) ?(?:week|day)) (?:\S+ ){0,6}?(?:fever|feverish"
        r"|temp\w* (?:of |is |was )?(?:100\.[4-9]|10[1-9]|3[89]))",
    )),
    RuleFamily("low_blood_sugar", _ME, (
        r"(?:blood )?(?:sugar|glucose|bg|bs)(?: levels?)? (?:is |was |at |of |reads |reading "
        r"|reading is |reading of |dropped to |down to |went down to |just |now |only |is only "
        r"|is at |was at |was only |is now )?(?:[1-4][0-9]|50)(?![0-9.])"
        r"(?! (?:units?|minutes?|mins?|hours?|years?|days?|percent|%|carbs?|grams?|g\b))",
        r"(?:low|dropping) (?:blood )?sugar (?:\S+ ){0,4}?(?:confused|passing out|passed out"
        r"|won'?t wake|shaking (?:and|&) sweating|unresponsive|not making sense)",
    )),
    RuleFamily("severe_pain_or_swelling", _ME, (
        r"(?:severe|worst|excruciating|unbearable|stabbing|agonizing|agonising) (?:\S+ ){0,2}?"
        r"(?:abdominal|stomach|belly|abdomen|tummy) (?:pain|ache|cramps?)",
        # facial swelling spreading (a dental abscess reaching the eye, neck or airway)
        r"swell\w* (?:\S+ ){0,4}?(?:spread\w*|going|moving|up) (?:\S+ ){0,2}?(?:to|into|toward"
        r"|towards|under) (?:my |his |her |their |the )?(?:eye|eyes|neck|throat|jaw and neck)",
        r"(?:face|jaw|cheek) (?:is |so )?(?:\S+ )?swollen (?:\S+ ){0,4}?(?:fever|can'?t swallow"
        r"|can'?t open (?:my |his |her )?(?:mouth|eye))",
    )),
    RuleFamily("suicide", _MH, (
        r"su[ie]{0,2}c[iey]{0,2}d\w*|su[ie]{0,2}s[iey]{1,2}d\w*",  # suicide, suicidal, sucidal
        r"<KILL> (?:<SELF>)|kms",
        r"(?:end|ending|ended|take|taking|took) (?:my|his|her|their|your) (?:own )?"
        r"(?:li(?:fe|ves)|lfie|lfe)"
        r"(?! (?:savings|insurance))",
        r"(?:end|edn)(?:ing)? (?:it all|everything)",
        r"(?:thinking|thought|think|thinkin|considering|planning|plan|want|wanting|wanna|ready"
        r"|decided|trying|tried) (?:\S+ ){0,2}?(?:end|ending) (?:it|things)"
        r"(?! (?:with|early|now with|between|for today|here))",
        r"(?:want|wants|wanted|wanna|wish|wishing|ready|rather|prefer|deserve) (?:\S+ ){0,2}?"
        r"(?:to |2 )?di+e(?! down| off| out| (?:my|his|her|your|the|it|them|this|that) (?:hair"
        r"|beard|clothes|eyebrows?|roots))",
        r"(?:want|wants|wanna|wish|wishing) (?:to )?be dead",
        r"wish (?:i|he|she)(?: was| were| had|'d| could) (?:\S+ ){0,2}?(?:dead|die|never been born"
        r"|not born|disappear|not wake up|sleep forever)",
        r"(?:don'?t|do not|dont|doesn'?t|does not) (?:\S+ )?(?:want|wanna|wish) (?:to )?"
        r"(?:live|be alive|exist)",
        r"(?:don'?t|do not|dont|doesn'?t|does not) (?:\S+ )?(?:want|wanna) (?:to )?be (?:here"
        r"|around|on this earth|in this world) (?:\S+ ){0,2}?(?:anymore|any more|no more"
        r"|much longer)",
        r"(?:don'?t|do not|dont) (?:\S+ )?(?:want|wanna) (?:to )?wake up (?:\S+ )?(?:anymore"
        r"|any more|again|ever)",
        r"better off (?:\S+ ){0,2}?(?:dead|without (?:me|him|her)|if (?:i|he|she) (?:was|were"
        r"|wasn'?t|weren'?t|died|disappeared)|when i'?m gone)",
        r"(?:no|nothing|not any|not one) (?:\S+ )?(?:reason|point|will) (?:\S+ )?(?:to|in)"
        r" (?:live|living|go on|going on|keep going|be alive|being alive)",
        r"no (?:\S+ )?point (?:in )?(?:going on|living|carrying on|being alive)",
        # hopelessness said of oneself; not "hopeless at" a chore or "with" computers
        r"(?:i'?m|im|i am|i feel|feel|feeling|felt) (?:so |very |really |completely |totally "
        r"|utterly |just )?hopeless(?! (?:at|with|when it comes to))",
        r"(?:want|wanna|wish|wishing|trying) (?:\S+ ){0,2}?(?:to )?(?:stop existing|not exist"
        r"|cease to exist)",
        # a plan's means: "saving up enough pills to end it"
        r"enough (?:\S+ ){0,3}?to (?:end it|end things|end my life|die|not wake up|kill myself"
        r"|overdose|od)",
        # passive ideation; not "I won't be around next week" (a trip) or "here tomorrow"
        r"(?:won'?t|will not|not going to|not gonna|might not|may not|not sure i'?ll"
        r"|don'?t think i'?ll|doubt i'?ll) (?:still )?be (?:around|alive|here) (?:by then"
        r"|much longer|for much longer|for long|anymore|any more|to see)",
        r"nothing (?:\S+ )?(?:left )?to live for",
        r"worth (?:living|being alive)|will to live",
        r"(?:hang|hanging|hung|shoot|shooting|drown|drowning|poison|poisoning|stab|stabbing"
        r"|electrocute|suffocate|gas|overdose on purpose|off) (?:<SELF>)",
        r"(?:jump|jumping|throw myself|throwing myself) (?:off|from|in front of|into) (?:a |the "
        r"|this |my )?(?:bridge|building|roof|balcony|cliff|train|car|bus|traffic|overpass"
        r"|window|tower|parking garage)",
        r"(?:plan|planning|going|gonna|want|wanna|thinking|thought|think|tempted|urge|decided"
        r"|ready) (?:\S+ ){0,3}?(?:take|taking|swallow|swallowing|od|overdos\w*) (?:on )?"
        r"(?:<QTY>) (?:\S+ ){0,3}?(?:<DRUGS>)",
        # "can't go on" at the end or with "anymore"; not "I can't go on Tuesday"
        r"<CANT> (?:go on|keep going|keep living)(?= ?$| anymore| any more| like this| living"
        r"| with (?:this|my life|life))|<CANT> (?:live like this|take it anymore|take it any more"
        r"|take this anymore)",
        r"(?:goodbye|good bye) (?:\S+ ){0,3}?(?:forever|cruel world|for good)|final goodbye",
        r"(?:give|giving|gave) away (?:all )?(?:my|his|her) (?:stuff|things|belongings"
        r"|possessions)",
        r"(?:want|wanna|wish i could) (?:to |2 )?(?:just )?disappear",
        r"(?:sleep|go to sleep) and (?:never|not) wake up",
    )),
    RuleFamily("self_harm", _MH, (
        r"s(?:el|le)f ?harm\w*|self ?injur\w*|self ?mutilat\w*",
        r"(?:cut+(?:ing|in|ign)?|harming|harm|injuring|burning|punishing|starving|scratching"
        r"|hitting|banging) (?:<SELF>)",
        r"(?:want|wanna|going|gonna|thinking|thought about|thought of|urge|urges|tempted|feel like"
        r"|scared i'?ll|afraid i'?ll|will|plan|planning|trying|tried|stop myself from)"
        r" (?:\S+ ){0,2}?(?:hurt|hurting|cut+(?:ing|in|ign)?|burn|burning|harm|harming) (?:<SELF>)",
        r"(?:cut|cutting|cuts|slit|slitting|slice|slicing) (?:\S+ )?(?:my|his|her|their) (?:own )?"
        r"wrists?",
        r"(?:cutting|slitting|slicing) (?:\S+ )?(?:my|his|her|their) (?:own )?(?:arms?|thighs?"
        r"|legs?|skin)",
        r"(?:hurt|hurting|cut|burn|burned|burnt|harmed|hit|hitting) (?:<SELF>) on purpose",
        r"cutting again",
        r"(?:razor|blade) (?:\S+ ){0,3}?(?:wrists?|arms?|skin|thighs?)",
    )),
    # Not a danger to life but a clock: a patient who was shown or sent another person's
    # health information, or whose own was opened or shared without consent, is reporting a
    # possible breach, which the compliance officer must assess (HIPAA breach notification,
    # 45 CFR 164.400-414). The model reads "someone else's test results in my portal" as
    # lab_results (see docs/safety-lexicon.md).
    RuleFamily("privacy_incident", _RL, (
        r"(?<!pick up )(?<!pickup )(?<!picking up )(?<!collect )(?<!refill )(?:<OTHERS>)"
        r" (?:\S+ ){0,3}?(?:<PHI>)",
        r"(?:<OTHERS>) name (?:on|in|at|printed|written|and)",
        r"(?:<PHI>) (?:\S+ ){0,5}?(?:are|is|were|was|are definitely|is definitely) (?:not|for|of)"
        r" (?:mine|me|someone else|somebody else|another (?:patient|person))",
        r"(?:<PHI>) (?:\S+ ){0,4}?(?:aren'?t|isn'?t|arent|isnt|weren'?t|wasn'?t) (?:mine|for me)",
        r"(?:that'?s|thats|that is|this is|these are|those are|it'?s|its) not my (?:<PHI>)",
        r"(?:looked|look|looking|snooped|snooping|went|going|gone|accessed|accessing|opened"
        r"|read|reading|viewed|viewing|pulled up) (?:at |into |through |in |up )?(?:my|his|her"
        r"|our|their) (?:\S+ )?(?:<PHI>) (?:\S+ ){0,4}?without (?:my |his |her |our |their |any )?"
        r"(?:permission|consent|authori[sz]ation|asking|a reason)",
        r"(?:shared|gave|given|sent|disclosed|leaked|told|discussed|released|faxed|emailed|mailed"
        r"|showed|shown|talked about) (?:\S+ ){0,4}?(?:my|his|her|our|their) (?:\S+ )?(?:<PHI>"
        r"|condition|pregnancy|hiv status|status) (?:\S+ ){0,6}?without (?:my |his |her |our "
        r"|their |any )?(?:permission|consent|authori[sz]ation|asking)",
        r"hipaa (?:violation|breach|complaint|violated)|violat\w* (?:\S+ ){0,2}?hipaa"
        r"|privacy (?:breach|violation)|breach of (?:my |our )?(?:privacy|confidentiality)"
        r"|(?:violated|violation of|invaded|invasion of) (?:my |our |his |her )?privacy"
        r"|data breach",
    )),
)  # fmt: skip

_FRAGMENT_REF = re.compile(r"<([A-Z]+)>")
_NOT_TOKEN = re.compile(r"[^a-z0-9']+")


def _expand(pattern: str) -> str:
    return _FRAGMENT_REF.sub(lambda m: "(?:" + FRAGMENTS[m[1]] + ")", pattern)


def _compile(family: RuleFamily) -> re.Pattern[str]:
    alternatives = "|".join("(?:" + _expand(p) + ")" for p in family.patterns)
    return re.compile(r"\b(?:" + alternatives + r")\b")


def prepare(text: str) -> str:
    """The form the patterns see: folded, only ``[a-z0-9']`` words separated by one space,
    one-edit misspellings of the patterns' key words spelled out (``safety_spelling``)."""
    words = _NOT_TOKEN.sub(" ", fold_for_matching(normalize_text(text))).split()
    return " ".join(correct_token(w) for w in words)


@dataclass(frozen=True, slots=True)
class SafetyMatch:
    """The lexicon fired. Names only: never the matched words (this goes to logs)."""

    intent: Intent
    rule: str  # the deciding family (see precedence in the module docstring)
    rules: tuple[str, ...] = ()  # every family that matched, in table order


class SafetyLexicon:
    """Scans a message for emergency and self-harm phrases. Pure and thread-safe."""

    _FAMILY_INTENTS: ClassVar[dict[str, Intent]] = {f.name: f.intent for f in RULES}

    def __init__(self) -> None:
        self._compiled: tuple[tuple[RuleFamily, re.Pattern[str]], ...] = tuple(
            (family, _compile(family)) for family in RULES
        )

    @classmethod
    def families(cls) -> tuple[str, ...]:
        """Every rule-family name, in table order (medical families first)."""
        return tuple(f.name for f in RULES)

    @classmethod
    def intent_of(cls, family: str) -> Intent:
        """The intent a family forces. KeyError for an unknown family."""
        return cls._FAMILY_INTENTS[family]

    def matched_families(self, text: str) -> tuple[str, ...]:
        """Every family that matches ``text``, in table order (for evaluation reports)."""
        prepared = prepare(text)
        return tuple(f.name for f, rx in self._compiled if rx.search(prepared))

    def scan(self, text: str) -> SafetyMatch | None:
        """``None`` when nothing fires; else the intent, the deciding family and all families.

        Precedence: a medical family beats a crisis family (see module docstring).
        """
        rules = self.matched_families(text)
        if not rules:
            return None
        for intent in (_ME, _MH, _RL):
            deciding = [r for r in rules if self._FAMILY_INTENTS[r] is intent]
            if deciding:
                return SafetyMatch(intent=intent, rule=deciding[0], rules=rules)
        raise AssertionError("unreachable: every family maps to ME, MH or RL")  # pragma: no cover


@lru_cache(maxsize=1)
def default_lexicon() -> SafetyLexicon:
    """The shared instance (compiling the table once per process)."""
    return SafetyLexicon()
