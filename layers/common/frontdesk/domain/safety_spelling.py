"""Typo tolerance for the safety lexicon: one-edit misspellings of its key words are spelled out.

People write emergencies in a hurry on a phone: "my son is having a seizrue", "she's
unrespnsive", "thoughts of killng myself". Listing every misspelling in the patterns does not
scale, so before the patterns run, ``correct_token`` maps a word that is exactly one edit
(insert, delete, substitute, or swap two neighbouring letters) away from one of ``ANCHORS``
to that anchor. The patterns still decide: a corrected word only fires where the correctly
spelled one would.

A word is left alone when it is, or could be, a different real word:

* it is itself an anchor or a real English word near one ("cooking" is not "choking",
  "breeding" is not "bleeding", "dropping" is not "drooping");
* it is also one edit from such a real word ("droping" could be "dropping" as well as
  "drooping", so it stays as written);
* it is shorter than ``MIN_LENGTH`` letters or holds a digit or an apostrophe.

``REAL_WORDS_NEAR_ANCHORS`` is every whole word of the all-MiniLM-L6-v2 (BERT uncased)
word-piece vocabulary within two edits of an anchor: exactly the real words that the first
two checks need. It is generated (``layers/classifier/build/lexicon_words.py``), and
``tests/unit/test_safety_spelling.py`` fails when it is out of date with ``ANCHORS``.

Standard library only, no I/O.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = [
    "ANCHORS",
    "MIN_LENGTH",
    "REAL_WORDS_NEAR_ANCHORS",
    "correct_token",
    "within_one_edit",
]

MIN_LENGTH = 5

# Words the patterns in safety.py depend on, as the patterns spell them. Five letters or more:
# below that, one edit turns most words into other words.
ANCHORS: tuple[str, ...] = tuple(
    """
    seizure seizures seizing seized convulsing convulsion convulsions
    breathe breathing breath choking choked choke suffocating gasping
    unconscious unresponsive responding fainted fainting collapsed collapse
    chest pressure tightness crushing heart attack cardiac pulse heartbeat
    stroke drooping droopy slurred slurring paralyzed numbness
    bleeding blood hemorrhage gushing spurting pouring severe heavily pregnant
    overdose overdosed overdosing poison poisoned poisoning swallowed carbon monoxide
    throat closing swelling swollen tongue allergic reaction anaphylaxis anaphylactic
    epipen ambulance emergency dying
    suicide suicidal myself himself herself themselves killing cutting harming hurting
    hopeless existing exist wrists ending anymore alive living goodbye hanging
    """.split()
)

# BEGIN GENERATED: REAL_WORDS_NEAR_ANCHORS (layers/classifier/build/lexicon_words.py)
REAL_WORDS_NEAR_ANCHORS: frozenset[str] = frozenset(
    """
    aaron aback above aches acing action active adding agile aging aide aiding aiming airing
    aisling alarming ale algae ali alias alice alien align alike alison allie allowed alone
    aloud alpine alvin amending amore analyzed andring angling anime anted anting anyone apart
    aping apping arbor arcing aring arise arises arming armying arrive arson art arting artists
    ashing aside asking attach attache attacked attacker attacks attain attic attract ave aviv
    awoke axing axis badging bagging balling banding banging banking banning barging baring
    barking barning baron barring barron bart barton basing bath bathing batting baying beach
    beaching bear beard bears beast beat beating beats bedding beering beijing being belling
    bending beneath bert berth best beth betting biking billing billings binding bing bison
    biting bitting blading bland bled bleed blend blending blessing blind blinding bloc block
    blog blogs blond blonde blooded blooding bloods bloody bloom bloomed blooms blow blowed
    blowing blown blows blued blurred blurring blurted blushing bodo bodying bold bond bonding
    boo book booked booking boom boon boot boring bouting boyd boying brat breach breached
    breaches breaching bread breadth break breaking breaks breast breasting breasts breathed
    breathes breaths breeding brent brest bret brett brightness bring broad broed broke brood
    brooding broods brook brooking broom brushing bulge bulling burning bursting burying bushing
    busing busting buying byting cabin caging cake caked caking calling calming camping canning
    cannon canon canton canyon capping cardiff cardinal carding cargo caring carlo carlos
    carlson carlton carmen carmine carol carring carrot carson cart carting cartoon carving
    casing cast casting catting causing caving ceasing ceiling celling cent centing chancing
    changing chant chanting chaoed chaoing charging charming charring chart charting chase
    chased chasing chat chats chatting che cheap cheat cheats check checked checking ched cheek
    cheeked cheeking cheer cheese chef chefs chemist chen cheng cher ches chess chested chester
    chests chet chevy chew chewed chewing chews chicked chicking chile chilling chimed ching
    chloe cho choi choice choiced choicing choir choired choiring chokes chong choose choosed
    choosing chop chopin chopped chopping chops chord chorded chording chores chose chosen chow
    christ chrome chunked chunking churning citing citying clashing clasping classing clausing
    clawing clive clocked clocking clone cloned cloning close closed clothing cloud clouding
    cluing coast coating cocked cocking code coded coding coe coke cole collapses coloring
    colting come comed coming compulsion conclusion conclusions concussion cone coned confusing
    confusion coning conscious consulting conversion conversions cook cooke cooked cookes cookie
    cookied cookiing cooking cooks cooled cooling cope coped coping corbin core cored coring
    cost costing cote coughing counting coursing courting cove cowed cowing crashing crating
    create creating creation crept crest cresting crests crises crisis crooked crooking cropping
    crore crossing crouching crowe crowed crowing cruising crust crying cubbing cues cuffing
    cuing cunning cupping curating curing curling curse cursing curving damming dancing dangling
    daning danning daring darling dart darting dashing dating davying daying dazing dealt dear
    death deathing deeding deing deng denying depart dialing dig diing din dina ding dining dino
    dishing dive divine diving dobson doin doing dolling doming dong dooming dooring doping
    dosing dotting drifts drilling drink dripping drive driving droning drop dropping drops
    drowning drying dueting duking dung duning during dutying dvding dwelling dwellings ear
    earing earl earling earn earning ears earth easily easing east eat eating echoed echoing
    edging edict edison edit editing edits eeling egging eliot elisa elise elite eliting else
    emergence encoding endinged endings enduring engine enlist enlisting ensign ensuing eraing
    erection ernst est euroing ever every ewing exact exciting exile exiling existed existent
    exists exit exiting exits eyeing eying facted facting faction fading failed failing faint
    faintly faired fairied fairing fairying falling false faming fanged fanging fanned fanning
    faring farming fated fating faulted faulting fear fears feast feat feeding feing fencing
    fest fever filing filling filming finded finding fined fining finned finning firing firming
    fishing fist fisted fisting fists fitted fitting five fixing fleeing fleeting fling flirted
    flirting flood floods floor flowing floyd flushing flying food forming forting fouring
    fraction framing fronted fronting frying funding fuse fusing gabling gabon gained gaining
    gaming ganging gaping gapping garion gasing gating gazing gear gears gening genring getting
    ghent ghost gianted gianting gilling girling give giving glassing glide gliding gloom glove
    gloving glowing going good graping grasping grassing great grits grooving grouping guessing
    guest guesting guiding guise gulping gunning gutting guying hacking hailing hairing halling
    halt halting handing handling hanning hara harbor hard hardin harding hare hari harm harmon
    harmony harp hart harta hat hating hatting hauling haunted haunting having hawking haying
    head heading heads heal heals health healy heap hear heard heared hearing hears hearst
    heartbreak hearted hearth hearting hearts heat heath heating heats heavenly heavier heaving
    heavy hedging heir heired heiring heirs henri henry her herb herbing herd herding here hero
    herr herring herrs hers hess het hiding highness hike hiked hiking hilling hinted hinting
    hiring hitting hive hobart hodging hole holed holing home homed homeless homing hood hooked
    hooking hope hoped hoping horning horsing hose host hosting houring housing hove howe
    huffing hugging humming hunting hurdling hurling hurrying hurt hushing hutting icing impulse
    indiing indying ing inning irving isling ist itself jamming jarring jaying jenning jetting
    jing jointed jointing joke joked joking jules julie keying kicking kidding killering
    killinged killings kinding king kinging kissing kitting kneing lacing ladying laking lamping
    landing laning lansing laoing lapping larson lashing lasting lawing laying leading leapt
    lear learn learnt leary least leaving leisure lending lenning lensing lest letting lever
    levin levine liang licking lidding lie life lifting liing like liking limbing lime line ling
    lining linking lioning lipping list listing lists litring liv live lived liver lives lloyd
    load lobing longing look looked looking loop looping lord losing lossing lotting loud love
    loving lunging lured luring lurking lying maison malice malling managing manning mapping
    mariing marion marking marlon maroon marring mart masking massing matting meant meat meath
    metting miling milling miloing minding ming mining mist mixing moding moist mood mooring
    mourning moving mule muse musing muting naive naming nanjing native near nears neat needing
    neing nest netting never newing noding norming nosing nouning numbers nurse nursing nutting
    odding oiling olding olive oliver olson oning orson ouring outing overcome overcomed
    overcoming overdo overdoes overdoing overdone owing padring paging pained paining painted
    painter painting paintings pairing pale palming panted panting pardon parking part parting
    passing patting pause pausing paving paying pear pearl peat peering pending pennant penning
    person personed personing pest petting phase phone phoned phoning piering pile piles piling
    pilling ping pining pipe piped piper pipes piping piston pistoned pistoning pitting pleading
    pleasure plume plus plush podding poeming poeting pointed pointing poised poisons poke poked
    poking pole poles poling pollen polling pols ponding pooling popping porting pose posing
    posse posting potion potting pounding powering preach preaching pregnancy pressured
    pressures priests printed printing prints prison prisoned prisoner prisoning prisons prized
    prizing propping prose pubs pull pulled pulling pulls pulp pulsed pulses pune pure purge
    purse pursed purses pursing pursue push pushing pussy puts putting qing quest quoting
    ragging raging rained raining ramming ramping ranging ranking raping ratting raying reach
    reaching react reacting reactioned reactions reactive reactor readily reading rear rears
    reassure redding reduction reined reining rejection relation remnant renting resist
    resisting responsing responsive rest rests revered reverse rhode rhoded rhoding rhone
    richest riding rifling ring ringing rioing riots rises rising risks riting roaring robson
    rogue rolling roofing rooming rooting roping rosing rotting routing rule rules ruse rushing
    sailed sailing sainte sainted sainting saline saliva sanding sanning saving saying scarred
    scarring scooping seaed seaing sealed sealing searing sears seat seated seating section
    secure secures seed seeded seeding seeing seeked seeking seemed seeming seine seing seize
    seizes seizured seizuring self selled selling sended sending sensed sensing serbed serbing
    serene seried seriing served server servered servers serving setted setting seven sevened
    sevens several severed severely severes severn sewer sewing sexed sexing shake shaked
    shaking sharing sharking shear sheath sheet shelling shes shined shing shining shirting
    shocked shocking shoe shoed shoing shone shore shored shoring shorting shove shoved shoving
    showed showing shutting sibling sided siding sing singing sired siring sited siting sitting
    size sized sizes sizing skied skiing skilling skirting skulling skying slave slaving
    sleeping sleeving slice sliced slicing slide slided sliding sling sloop sloping slowing
    slumped slumping smart smelling smiled smiling smoke smoked smoking snorting soaring soiled
    soiling songing sorting souling sourced sourcing sparing sparking speeding spelling spending
    sphere spiced spicing spied spiked spiking spilling spined spining spiriting spitting spoke
    sporting spotting spring spurred spurring spying squared squaring stack stake stalling
    starred starring start starting stealing sterling stilling sting stirred stirring stoke
    stoked stokes stoking stole stolen stone stood store stove stride strife strike striked
    striker strikes stripe strive strode stroked strokes stroll strong stryker stunting
    subconscious suing suited suiting surfed surfing surged surging surrey swallow swallows
    swearing sweating sweeping sweeting swelled swing swiped swirling tack tagging tainted
    tangle tangling tanking tanning taping tapping tasking tasting taunting tear tears telling
    tending tenning tensing tenting terming test thanking that theft thes these thing thinging
    those thread threat threats throne throw thrown throws thrust tiding tightens tiing tiling
    tilting timing ting tinging tingle tinted tiring titling toing tone tong tonga tongued
    tongues torque torring touring toying track traction treasure treat treating treats treaty
    treatying trending tring troop trooping troops trout trusting trusts truthing trying tulsa
    turing turking turning turtling twist twisting twists tying typing tyring unison urging use
    using valve vamping vanning varying veined veining venting venuing vest viking villaing
    vining vogue volling waging waist waited waiting waits walling wanted wanting warding
    warming warning warping warring washing wasping wasting watting waving waying wear wears
    weary wedding weeding weing weiss welding welling west wheat whole whore whose willing
    winding wing winging wining wiping wiring wishing wits witting woke wood worming wrath
    wreath wrist wristed wristing writ write writes yang yanking yarding year years yeast
    yelling yin ying yong youring
    """.split()
)
# END GENERATED


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion, substitution or swap of
    two neighbouring characters (optimal string alignment distance 1)."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if abs(la - lb) != 1:
        return False
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class _Index:
    """Candidate lookup by shared single deletions (every pair one edit apart shares a key)."""

    def __init__(self, words: frozenset[str] | tuple[str, ...]) -> None:
        self._by_key: dict[str, set[str]] = {}
        for w in words:
            for key in _deletions(w) | {w}:
                self._by_key.setdefault(key, set()).add(w)

    def within_one_edit(self, token: str) -> set[str]:
        found: set[str] = set()
        for key in _deletions(token) | {token}:
            found |= self._by_key.get(key, set())
        return {w for w in found if within_one_edit(token, w)}


@lru_cache(maxsize=1)
def _indexes() -> tuple[frozenset[str], _Index, _Index]:
    anchors = frozenset(ANCHORS)
    return anchors, _Index(anchors), _Index(REAL_WORDS_NEAR_ANCHORS)


@lru_cache(maxsize=4096)
def correct_token(token: str) -> str:
    """The anchor ``token`` is an unambiguous one-edit misspelling of, else ``token``."""
    if len(token) < MIN_LENGTH or not token.isalpha():
        return token
    anchors, anchor_index, real_index = _indexes()
    if token in anchors or token in REAL_WORDS_NEAR_ANCHORS:
        return token
    candidates = anchor_index.within_one_edit(token)
    if not candidates or real_index.within_one_edit(token):
        return token
    # Two anchors one edit away are forms of one word ("seizurs": seizure, seizures); the
    # patterns treat them alike. Pick one deterministically.
    return min(candidates, key=lambda a: (abs(len(a) - len(token)), a))
