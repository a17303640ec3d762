# ruff: noqa: E501, RUF001
"""Hand-written seed phrasings for the intent corpus (read by build_corpus.py).

One line = one group (all its variants share a split). Phrasings that are near
duplicates of each other are written on ONE line separated by `` || `` so they
form one family and can never straddle train and test. Lines starting with
``#`` are comments. ``{slot}`` fields are filled from POOLS with fake values
(``{relm}`` takes he/his, ``{relf}`` takes she/her; a trailing digit asks for a
second, different value from the same pool).

Labels follow /work/shared/design/INTENTS.md. A message that carries several
intents is labelled with the highest tier (3 > 2 > 1); such lines are marked
``# multi`` in a comment above them. Everything here (names, doctors, dates,
streets, towns) is invented; drug and insurer names are common public names.
"""

from __future__ import annotations

POOLS: dict[str, tuple[str, ...]] = {
    "doctor": (
        "Dr. Patel", "Dr. Lee", "Dr. Nguyen", "Dr. Okafor", "Dr. Kim", "Dr. Alvarez", "Dr. Goldberg",
        "Dr. Hassan", "Dr. Brennan", "Dr. Moreau", "Dr. Sato", "Dr. Whitfield", "Dr. Castillo",
        "Dr. Iverson", "Dr. Mensah", "Dr. Ruiz", "dr lee", "Dr Patel", "dr. kim", "Doctor Alvarez",
    ),
    "drug": (
        "lisinopril", "metformin", "atorvastatin", "amlodipine", "levothyroxine", "sertraline",
        "omeprazole", "albuterol inhaler", "losartan", "gabapentin", "amoxicillin", "prednisone",
        "hydrochlorothiazide", "escitalopram", "montelukast", "pantoprazole", "Eliquis", "Synthroid",
        "Lipitor", "Zoloft", "insulin", "Jardiance", "birth control", "blood pressure pills",
        "thyroid medicine", "cholesterol meds", "Ozempic", "Adderall", "Wellbutrin", "Flonase",
    ),
    "insurer": (
        "Aetna", "Cigna", "Blue Cross", "BCBS", "UnitedHealthcare", "United", "Humana", "Medicare",
        "Medicaid", "Kaiser", "Anthem", "Tricare", "Delta Dental", "MetLife", "Guardian", "Oscar",
        "Ambetter", "Molina", "Highmark", "Medicare Advantage", "aetna", "cigna", "blue cross blue shield",
        "UHC", "Wellcare", "Caresource",
    ),
    "day": ("monday", "Tuesday", "wednesday", "Thursday", "friday", "Saturday", "Monday", "thursday", "Friday", "tues", "weds", "thurs"),
    "time": ("8am", "9:15", "10:30am", "11", "1pm", "2:45", "3pm", "4:30 pm", "noon", "3:30", "9 am", "11:15"),
    "date": (
        "Jan 3", "Feb 12th", "March 7", "April 22", "May 30th", "6/14", "7/2", "Aug 19", "Sept 5th",
        "Oct 11", "Nov 20", "Dec 8th", "the 15th", "the 28th", "next tuesday", "3/9",
    ),
    "name": (
        "Maria", "James", "Keisha", "Tom", "Priya", "Luis", "Hannah", "Derek", "Mei", "Omar",
        "Brittany", "Frank", "Aisha", "Carlos", "Jenna", "Walt", "Rosa", "Kevin", "Dana", "Ngozi",
    ),
    "kid": ("Emma", "Noah", "Liam", "Sophie", "Jayden", "Ava", "Mateo", "Zoe", "my son", "my daughter"),
    "relm": ("dad", "husband", "son", "grandpa", "brother", "father", "boyfriend", "father-in-law", "uncle"),
    "relf": ("mom", "wife", "daughter", "grandma", "sister", "mother", "girlfriend", "mother-in-law", "aunt"),
    "town": ("Riverside", "Maple Grove", "Fairview", "Oakdale", "Cedar Falls", "Westbrook", "Lakewood", "Millbrook"),
    "street": ("Elm St", "Main Street", "5th Ave", "Oak Rd", "Harbor Blvd", "Pine St", "Route 9", "Walnut Ave"),
    "test": (
        "blood work", "A1c", "cholesterol panel", "thyroid test", "urine test", "biopsy", "MRI", "CT scan",
        "mammogram", "pap smear", "strep test", "covid test", "x-rays", "ultrasound", "allergy test",
        "labs", "blood test", "vitamin D test",
    ),
}  # fmt: skip

STYLE_OF: dict[str, str] = {
    "office_hours": "routine",
    "location_directions": "routine",
    "insurance_accepted": "routine",
    "services_offered": "routine",
    "new_patient_intake": "routine",
    "schedule_appointment": "routine",
    "cancel_appointment_howto": "routine",
    "cancellation_policy": "routine",
    "billing_payment_methods": "routine",
    "portal_login_help": "routine",
    "document_submission": "routine",
    "refill_process": "routine",
    "small_talk": "small",
    "appointment_change": "routine",
    "prescription_question": "routine",
    "lab_results": "routine",
    "insurance_claim_issue": "routine",
    "clinical_question": "routine",
    "medical_emergency": "urgent",
    "mental_health_crisis": "crisis",
    "complaint_about_care": "complaint",
    "records_legal_request": "records",
    "unknown": "unknown",
}

SEEDS: dict[str, str] = {}

# --------------------------------------------------------------------------- tier 1
SEEDS["office_hours"] = """
are you open saturday? || are you guys open on saturdays
what are your hours || what are ur office hours
what time do you open tomorrow
what time do you close on {day}
are you open on sundays at all
are you open on memorial day || are you open the day after thanksgiving || what are your holiday hours
what are the pharmacy's hours
what time does the lab open for blood draws
chest x-ray hours?
do you have any evening hours for people who work 9 to 5
are you open during lunch or do you close from 12 to 1
how late are you open on {day}s
what days is {doctor} in the office
are you open right now
whats ur hours today
do you open before 8? I start work at 8:30 and want to come by first
what time does the front desk start answering the phone in the morning
is the dental office open on fridays, my last dentist was closed fridays
are you closed for the holidays between christmas and new years
what's the latest time in the day you see patients
do you have weekend hours
when does the walk-in clinic open
what are your hours at the {town} location
is the office closed today because of the snow
what time do you stop taking walk-ins
what are urgent care hours on the weekend
what hours is the billing department available by phone
I'm dying to know if you're open saturday lol
when do you reopen after lunch
hey are yall open on presidents day
are you open late on thursdays
what time do the doors open in the morning
what are the hours for the flu shot clinic
office hours pls
is the lab open saturdays for fasting blood work
I heard you have reduced hours this summer, what are they now
what are the hours for the x-ray department
do you close early on fridays
is anyone there on new year's eve
what time does the dentist open
are you open at 7 am? trying to come in before my shift
HOURS?
is the pediatric side open on saturdays too
what days of the week are you open
what time do you open, I want to stop by and pick up a form
is the office open on columbus day or is that a closed day
how late is the imaging center open on weeknights
are your hours different in the summer
# long, multi-sentence
Hi, I work nights at the hospital so my schedule is weird. I usually get off around 7am. Are you open that early on weekdays, or do you only open at 9? Trying to figure out if I can come straight from work
so my mom is visiting next week and she wants to come with me, she can only do mornings because of her bus. what time does the office actually open, and are you open on the friday after the holiday?
I know this is a silly question but your website says one thing and google says another. Are you open until 5 or until 6 on {day}s?
"""

SEEDS["location_directions"] = """
where do I park || where should I park when I come in
what's your address || what is the address of the office
is there parking validation
which floor is {doctor}'s office on
how do I get to your office by bus
what's the closest train station to the office
is the entrance on {street} or around the back
what suite number are you in
I'm in the parking garage, which elevator do I take
is there handicap parking near the door
do you have a wheelchair accessible entrance
how much does parking cost
where is the {town} office
are you in the same building as the hospital
I'm at the medical plaza and there are like 4 buildings, which one are you in
is there street parking nearby
what's the cross street
can you send me the address so I can put it in my GPS
is the dental office upstairs or downstairs
do you have a second location closer to {town}
did you move? the old address on {street} looks empty
where do I go for the lab, is it in a different building
what's the zip code for the office
is there a drop off area in front, my mom uses a walker
how far are you from the highway exit
google maps keeps taking me to a parking lot behind a bank, where exactly are you
is radiology in the same building as your office
which door do I use after 5pm
can I bike there, is there a bike rack
is the parking lot free for patients
where do I check in when I get to the building
directions from the airport please
what bus line stops near you
are you the office next to the grocery store on {street}?
how do I find the pediatric entrance
is there a good spot for an uber to drop me off
where is the pharmacy in your building
the parking lot is full, where else can I park
what's the address of the urgent care
do you validate for the garage across the street
is the office near the {town} library
which entrance is for the imaging center
address?
what's the best way to get to you from downtown
is there an elevator, I can't do stairs
where is the oral surgeon's office, same building?
I'm outside, where's the door
what's the nearest cross street to the {town} clinic
is there a shuttle from the parking lot to the building
# long, multi-sentence
Hi, my appointment is at {time} and I've never been to your office before. I'll be coming from {town} and I don't drive, so I'm taking the bus. Which stop is closest, and is it a long walk from there?
ok so I'm in the parking lot right now and I see the pharmacy and a bank but no sign for you guys. is your entrance around the side of the building or am I at the wrong address entirely
My dad is in a wheelchair and last time we came it was a nightmare getting him in. Is there an accessible entrance with an automatic door, and where is the closest parking to it?
"""

SEEDS["insurance_accepted"] = """
do you take {insurer} || do you accept {insurer}
are you in network with {insurer}
I'm dying to know if you take {insurer}
does {doctor} accept medicaid
I just switched to {insurer}, are you still in network
what insurance plans do you accept || which insurances do you take
do you take dental insurance? I have {insurer}
is {insurer} PPO accepted at your office
do you accept medicare advantage plans
my job changed our insurance to {insurer}, can I still see you
are you an in-network provider for {insurer} HMO
do you take CHIP for kids
do you accept tricare for military families
which dental plans are you in network with
will you take my insurance if it's from out of state
is my insurance accepted? it's {insurer} through the marketplace
do you take {insurer} for behavioral health visits too
do you accept out of network insurance at all
I have {insurer} and {insurer2} as secondary, do you take both
does the {town} location take {insurer} too
is {doctor} in network for {insurer}
do you take workers comp insurance
do you bill {insurer} directly or do I have to file myself
do u take {insurer}??
do you participate with {insurer}
is the whole office in network with {insurer} or just some of the doctors
my card says {insurer} choice plus, is that one you take
is there a list somewhere of the insurances you take
do you accept VA community care
I'm going on medicare next month, do you take medicare patients
does your dentist take {insurer} dental
accept {insurer}?
we have {insurer} through my husband's job, would we be covered at your office
are you contracted with {insurer} for next year
do you accept {insurer} for the lab work too
before I book anything: do you take {insurer}?
my daughter has medicaid, can she be seen there
do you take ambetter from the exchange
do you take any HMO plans
does the practice accept {insurer} medicare supplement plans
I called {insurer} and they said you're in network, is that right
are you still taking {insurer}? I heard you dropped them
is {insurer} considered in network for the specialists there
I have insurance through my school, {insurer} student plan, do you take it
we're losing our insurance and getting {insurer} in {date}, will that work with you
# long, multi-sentence
Hi, I'm starting a new job on the 1st and they gave me a choice between {insurer} and {insurer2}. I really want to keep seeing {doctor}, so before I pick, can you tell me which of those you're in network with?
we're shopping for a dentist for the whole family (me, my husband, two kids). we have {insurer} dental through his work. before we even look at appointments I just need to know if you take it
my mom just turned 65 and is switching over to medicare with a supplement plan. she's been coming to you for years and is worried she'll have to find a new doctor. do you accept medicare?
"""

SEEDS["services_offered"] = """
do you do allergy testing
do you offer flu shots
do you do teeth whitening
do you see kids? what age do you start seeing children
do you offer telehealth visits || can I do a video visit instead of coming in
do you do Invisalign
can I get a TB test at your office
do you have a lab on site for blood work
do you do x-rays in the office or do I have to go somewhere else
do you do sports physicals
do you do root canals or refer them out
is the covid vaccine available there
does anyone there do skin checks
can I get a DOT physical with you
do you do wisdom teeth removal
do you do IUD insertions
does {doctor} do botox
do you offer sedation dentistry for anxious patients
do you offer counseling or therapy
do you do ear wax removal
do you do travel vaccines like yellow fever
do you do pre-employment drug screens
is there a nutritionist at your practice
do you do mole removal
is there a diabetes educator I could see
do you do implants or just dentures
do you do EKGs in the office
do you do prenatal care or only gyn
do you treat adults with ADHD
do you make night guards for teeth grinding
can you do a hearing test
do you do vasectomies
do you offer weight loss programs
do you have physical therapy there
can I get my kid's school vaccines there
do you do emergency dental visits same day
do you do pediatric dentistry
do you offer sleep apnea testing
can you take out stitches that were put in at the ER
do you do fillings for kids
do you do home visits for elderly patients
do you offer std testing
does your office do ultrasounds
do you do bone density scans
do yall do deep cleanings
do you treat migraines
do you have interpreters or spanish speaking staff
do you do covid tests for travel
do you do veneers
do you offer shingles vaccines
# long, multi-sentence
My son has really bad seasonal allergies and our old pediatrician always sent us to a specialist for testing, which took forever. Do you do allergy testing in your office, or would we still need to go somewhere else?
I've been grinding my teeth at night and my jaw is sore in the mornings. A friend said her dentist made her a custom night guard. Is that something your office does, and do you also do teeth whitening while I'm there?
Hi, I'm trying to find one place that can do all of my dad's care. He needs a yearly physical, his flu and shingles shots, and someone to check his hearing. Do you offer all of that at your office?
"""

SEEDS["new_patient_intake"] = """
I'm a new patient, what do I bring
are you accepting new patients || are you taking new patients right now || are you accepting new pediatric patients
how do I become a patient at your office
first visit next week, what paperwork do I need to fill out
do I need to arrive early for my first appointment
I'm switching from another dentist, how do I register with you
do new patients need to bring ID and their insurance card?
where can I find the new patient forms
is {doctor} taking new patients
we just moved to {town}, how do we sign up the whole family
do I need a referral to become a new patient
can I fill out the new patient paperwork online before I come
how long does a new patient visit take
what happens at the first appointment
I've never been to your office, do I need to bring a list of my medications
is there a waitlist for new patients
new patient here, what should I expect
do new patients have to get a full exam and x-rays first
does my son need his vaccine records for his first visit
I want to transfer my care to your practice, what's the process
what info do you need from me to register
how early should I get there for a new patient appointment
do you have a new patient special for cleanings
my mom wants to become a patient too, what does she need to do
can I become a patient if I only need a cleaning
new pt forms?
do I have to bring my old x-rays as a new patient
I got the welcome packet, do I need to fill out all of it before my first visit
is there a health questionnaire for new patients
do I need a photo ID for my first visit
first time patient, do I check in at the front desk or a kiosk
what's the intake process for new patients
do I need to establish care before I can get a prescription from you
how do I establish care with {doctor}
I'm a new patient, should I fast before my first appointment
just moved here and looking for a new family doctor, how do I get started
is the new patient appointment longer than a regular one
can new patients see the nurse practitioner instead of a doctor
do you need my previous doctor's info when I register
how do I register my newborn as a patient
what should I bring to my first dental visit
my kids have never been to a dentist, how do they become patients
is the new patient packet something I print or fill out when I get there
does a new patient need to come in person first or can it be virtual
my dad had a stroke last year and needs a new primary doctor, how does he become a patient
# long, multi-sentence
Hi! We just moved to {town} from out of state and I'm trying to get our family set up with a new doctor. I've never switched practices before. What do I need to do to become a patient, and what should I bring the first time?
I have my first appointment with {doctor} next week and I'm kind of anxious about it. Should I bring my old records, my pill bottles, my insurance card? How early should I show up to do the paperwork?
my last dentist retired and the office closed, so I need a new one. I haven't been in about 2 years. are you taking new patients, and what does the first visit usually involve?
"""

SEEDS["schedule_appointment"] = """
I need to book a checkup || I'd like to book a check up
can I get an appointment next week
I need a cleaning
I'd like to schedule a physical
any openings on {day}?
book my son for a sports physical
I'd like to see {doctor}
can I make an appointment online
earliest available appointment?
how do I book an appointment
I need to get in for my 6 month cleaning
can I schedule a flu shot
I'd like an appointment for my annual exam
need an appt with {doctor} asap
can I book a new appointment for {kid}
when is the next available with {doctor}
I want to make an appointment for a crown consult
can you set me up with a telehealth visit
I need to schedule my follow up from last week
can I come in tomorrow morning
book me for a cleaning around {date}
schedule a well-child visit for {kid}
I need to see someone about my back, it's been bugging me, when can I come in
hi I'd like an appointment please
appointment?
can I get a same day appointment
I need a physical for work before {date}
how far out are you booking new cleanings
I'd like to book my wife and me back to back
can I schedule an appointment for my blood work
I need to book a mammogram
I want to schedule a consultation for implants
do you have saturday appointments available
book a checkup for me and my 2 kids
I'm due for my annual, can I get in {day}
looking for an appointment with a female doctor
put me on the schedule for a filling, the dentist said I need one
need to book a med check with {doctor}
I'd like to make an appointment to talk about my anxiety
can I book my 3 month diabetes follow up
is there any way to get seen this week
schedule me pls
want to book a teeth cleaning for my daughter, she's 6
I need an appointment to get a mole looked at
I need to book a checkup, it's killing me that I keep forgetting
can I get an appointment with the hygienist only
do you have any openings for a new baby visit next month
I'd like to make an appointment for my dad, he's 80
I was in the ER last weekend for chest pain and they said to follow up with my doctor this week, can I get in
# long, multi-sentence
Hi, it's been way too long since my last checkup, probably 3 years, and my wife keeps nagging me about it. I'd like to get a physical sometime in the next few weeks. Mornings are best for me. What do you have?
I'm trying to get both of my kids in for their back to school physicals before {date}. They're 8 and 11. Ideally the same day, back to back, after 3pm because of school. Is that possible?
Hello, I had a cleaning about six months ago and the reminder card said to book the next one. I lost the card though. Can I get a cleaning scheduled with the same hygienist sometime next month?
"""

SEEDS["cancel_appointment_howto"] = """
how do I cancel an appointment || how can I cancel an appointment || how do I cancel a telehealth appointment || how do I cancel a lab appointment
can I cancel online
what number do I call to cancel
can I cancel through the portal
if I ever need to cancel how do I do that
can I cancel by replying to the reminder text
is there a way to cancel without calling
how do I cancel my kid's appointment in the app
who do I contact to cancel
can I cancel by email
do I need to call to cancel or can I text
what's the process for cancelling
can I cancel after hours, like leave a voicemail
where's the cancel button in the portal
if I reply C to the reminder does that cancel it
can someone else cancel for me, like my husband
the app won't let me cancel, how else can I do it
how to cancel appt?
I might need to cancel next week, what's the easiest way to do that
can I cancel a dental appointment online or only by phone
how do I cancel one appointment in a recurring series
what email do I send cancellations to
do you have an online form for cancelling
how can I cancel if your phones are always busy
is texting STOP the same as cancelling my appointment
can I cancel from the link in the confirmation email
where do I go to cancel on the website
what do I do if I need to cancel on the weekend when you're closed
how do I let you know if I can't make it to an appointment
I booked online, can I cancel online too
can I cancel over text message
how do I cancel a booking I made by phone
is there an automated line for cancelling appointments
do I cancel with the front desk or with the doctor's nurse
can I cancel my appointment through the patient app
how do I cancel an appointment the hospital made for me with you
what's the fastest way to cancel
is there a voicemail box for cancellations
need to know how to cancel, not sure I can make it yet
cancelling - how?
do I have to talk to a person to cancel
what's the cancel link, I can't find it in the reminder email
can I cancel through the scheduling website
# long, multi-sentence
I have an appointment coming up and there's a chance my work trip gets moved to that week. I don't want to cancel yet, but if I have to, what's the easiest way to do it? Can I just reply to the reminder text or do I need to call?
The reminder email says to call to cancel but I'm deaf and phone calls are hard for me. Is there another way to cancel an appointment, like through the website or by text?
Hi, I made an appointment through the online booking page for my daughter. If something comes up, where do I go to cancel it? I don't see a cancel option anywhere on the confirmation page.
"""

SEEDS["cancellation_policy"] = """
is there a fee if I cancel late || is there a fee for cancelling late || is there a fee for arriving late
what's your cancellation policy
how much notice do you need if I cancel
do you charge for no shows
will I be charged if I miss my appointment
what happens if I'm 15 minutes late
is it 24 or 48 hours notice for cancelling
how much is the late cancellation fee
is there a penalty for rescheduling the same day
does insurance cover the no-show fee
if I cancel because I'm sick do I still get charged
how many no shows before you dismiss a patient
do you charge for cancelling a dental appointment less than 24 hours before
what's the no show fee for a new patient appointment
can the late cancel fee be waived if it's a family emergency
is there a grace period if I'm running late
do you charge a deposit that I lose if I cancel
what is your policy on missed appointments
I heard you charge $50 for late cancellations, is that true
is the cancellation fee per appointment or per person for family bookings
does the cancellation policy apply to telehealth visits too
what counts as a late cancellation
if the weather is bad and I cancel, is there a fee
do you still charge if I cancel on a friday for a monday appointment
policy on cancelling within 24 hrs?
will I get dropped as a patient if I miss one appt
how late can I be before you make me reschedule
does rescheduling count as a cancellation for the fee
no show fee how much
is there a charge for cancelling a surgery date
if I cancel the night before will I get billed
are kids' appointments subject to the same cancellation fee
how strict is your cancellation policy
what's the rule for cancelling
do you charge if I call to cancel the same morning
can I cancel without a fee if I give 2 days notice
where can I read your cancellation policy
what happens if I forget my appointment
do you charge for cancelling the very first visit
is there a no show fee for medicaid patients
is the fee the same if I reschedule instead of cancel
do you fine people for missing cleanings
how many hours ahead do I have to cancel to avoid a charge
# long, multi-sentence
Hi, I have a toddler who gets sick constantly, so sometimes I find out the morning of that we can't come. I want to understand your policy before booking. How much notice do you need, and is there a fee if it's because of a sick kid?
I got a text saying there's a fee for missed appointments and I'm a little confused. Does that mean if I'm running late I get charged, or only if I don't show up at all? And how much is it?
Before I book this I want to know what happens if I have to cancel. My work schedule changes week to week and I don't always know until a day or two before. Do you charge for that?
"""

SEEDS["billing_payment_methods"] = """
can I pay with a credit card || can I pay by card
do you take Apple Pay
can I set up a payment plan
where do I pay my bill online
can I use my HSA card
who can I talk to about a bill
how do I pay my balance
do you take checks
can I pay cash at the front desk
do you offer a self-pay discount
what's the billing phone number
I got a statement in the mail, how do I pay it
can I pay over the phone
do you accept CareCredit
can I pay with my FSA
do you take venmo or zelle
is there a way to pay my copay ahead of time
can I split the payment between two cards
do I pay the copay before or after the visit
how do I set up autopay
can I pay my kid's bill and mine together
do you take amex
I want to pay my bill, is there a link
do you charge a fee for paying by card
can someone help me understand how to pay my statement
what forms of payment do you accept
can I make monthly payments on a crown
is payment due at the time of service
can I pay in installments for my braces
how do I get a receipt for my payment
can I pay with a money order
do you take debit cards
can my mom pay my bill with her card
where do I mail a check
I'm uninsured, do you have cash prices
can I pay through the portal
what's the account number I need to pay online
do you accept google pay
my bill is due friday, can I pay part now and part later
who do I call about paying a bill
can I prepay for my procedure
is there a billing department I can email
how do I update the card on file
pay bill?
do you take cryptocurrency lol
can I pay my balance by text
# long, multi-sentence
Hi, I got a statement for my visit last month. I'm not disputing it, I just want to pay it, but I don't see a way to pay online on the paper. Can I pay over the phone with a debit card or does it have to be a check?
My procedure is going to be expensive and I can't pay it all at once. Do you offer any kind of payment plan or financing? I've heard of CareCredit but I don't know if you take it.
I have an HSA through work and I'd like to use it for my copays instead of my personal card. Can I just hand the HSA card over at the front desk, or do I need to pay and get reimbursed?
"""

SEEDS["portal_login_help"] = """
I can't log into the portal || can't log in to the patient portal
forgot my password for the patient portal
my portal account is locked
the activation code you sent expired
I'm not getting the verification code text
the portal app keeps crashing on my phone
it says invalid username but I know it's right
how do I sign up for the patient portal
the link in the portal invitation email doesn't work
password reset email never came
how do I get access to my child's portal account
the portal says my account doesn't exist
I changed my phone number and now I can't get the login code
portal keeps saying session expired
can't log in
how do I change my portal password
the portal website is just a blank white page
I never got an invitation to the portal
my email changed, how do I update it for the portal login
does the portal app work on an iPad
is the portal down right now?
I set up my account but it's asking for an access code I don't have
my husband and I share an email, can we both have portal accounts
the portal won't accept my date of birth
I keep getting error 403 when I try to log in
locked out after too many tries, how long do I have to wait
my username is under my maiden name, how do I change it
portal login help pls
can't remember which email I used for the portal
the two factor code goes to my old phone
how do I download the portal app
portal says my account is deactivated
I can log in on the computer but not on the app
the captcha keeps failing on the login page
I'm trying to set up the portal for my elderly mom, how do I get proxy access
the portal says to contact the office to verify my identity
it keeps telling me my password doesn't meet the requirements
the security questions aren't working
the page freezes after I hit sign in
reset my portal password please
I'm a new patient, how do I create my portal login
I can't find where to sign in on your website
the portal keeps logging me out every 2 minutes
it says my account is already registered but I never made one
I'm so done with this portal, it never lets me log in
# long, multi-sentence
I've been trying to get into the patient portal for two days. I click forgot password, it says an email was sent, but nothing ever shows up, not even in spam. I've tried three times. What am I supposed to do?
ok so I set up my portal account last year and it worked fine but now it says my username doesn't exist. I didn't change anything. I tried making a new account and it says I already have one. very confused
Hi, my elderly mother is a patient of yours and I help her with her medical stuff. I'd like to be able to log into the portal on her behalf to see her appointments. How do I get access to her account?
"""

SEEDS["document_submission"] = """
how do I send you my forms || how can I get my forms to you
can I fax my paperwork
where do I upload my insurance card
can I email you my vaccination records
what's your fax number for sending forms
can I bring the forms to my appointment instead of mailing them
did you get the forms I faxed yesterday
how do I send you a picture of my new insurance card
can I drop off paperwork at the front desk
where do I upload my ID in the portal
my other doctor is sending over a referral, where should they fax it
I filled out the intake form, how do I get it back to you
can I text you a photo of my insurance card
what's the email for submitting documents
I have a disability form for the doctor to fill out, where do I send it
how do I submit {kid}'s school physical form
can I upload my advance directive
I need to send you my updated medication list
the upload button isn't working for my documents
where do I mail the signed consent form
is it ok to send forms as a PDF
how do I get my outside lab results to you
can I send you my old x-rays from my previous dentist
do you need the original or is a copy of my insurance card fine
how do I submit my FMLA paperwork
I signed the financial policy form, how do I return it
what format do you need for the immunization record
how do I send you my covid vaccine card
forms - where do I send them?
can I scan and upload the new patient packet
I need to give you power of attorney paperwork for my dad, where do I send it
can I drop forms in a mail slot after hours
I have a referral letter from my cardiologist, how do I get it to you
is there a secure way to send documents online
where do I send the sports form for {kid}
can you receive documents by email or only fax
I forgot to sign page 3, can I send just that page
can I submit my paperwork through the app
do I need to notarize the forms before sending them
where do I send my updated insurance info
how do I send you my blood pressure log
how do I send the camp form for the doctor to sign
what address do I mail forms to
can my employer fax my work release form straight to you
# long, multi-sentence
Hi, I filled out all the new patient forms you emailed me, but I don't have a printer, so I can't print them and bring them. Can I take pictures of them with my phone and send those, or email you the filled-in PDFs?
My son's school needs a physical form signed before he can play soccer. I have the blank form here. Do I fax it to you, drop it off, or upload it somewhere, and how long does it usually take to get back?
I got new insurance at the start of the month and I keep forgetting to bring the card in. Can I just send you a photo of the front and back so it's on file before my next visit? Where should I send it?
"""

SEEDS["refill_process"] = """
how do refills work || how does getting a refill work || how do 90 day refills work
how long does a refill take
can I request refills through the portal
do I need an appointment to get a refill
what's your refill policy
how many days ahead should I request a refill
who do I contact about refills in general
can you send refills to a mail order pharmacy
how do I request a refill
what's the turnaround time for refill requests
do refills go through the pharmacy or through you
can I request a refill by text
do you handle refills on weekends
how often do I have to see the doctor to keep getting refills
is there a form for refill requests
do controlled medications have a different refill process
can the pharmacy request the refill for me or do I have to
what's the best way to ask for a refill
do I call the pharmacy or the office for refills
refill process?
can I get refills when my doctor is on vacation
is there a refill line I can call
how many refills does the doctor usually give at once
how early can I ask for a refill before I run out
if a prescription has no refills left what am I supposed to do
do I need to be seen every year to keep getting refills
can I request refills for my kids the same way
how do I know if my refill request was received
how long before my refill runs out should I contact you
can I ask for refills through the app instead of calling
do refill requests really need 72 hours
why do refills sometimes need an appointment first
do you do automatic refills
how does the refill thing work on the portal
can my caregiver request refills for me
do you refill prescriptions written by other doctors
do I have to call every month for refills
do you need the pharmacy's phone number with a refill request
how does the refill request form work
what info should I include when I ask for a refill
do dentists there do refills or only the medical side
# long, multi-sentence
Hi, I'm new to your practice and I'm on a few daily medications. At my old doctor I just called the pharmacy and they handled refills. How does it work with you? Do I ask you, the pharmacy, or use the portal?
I always seem to run out of my meds on a weekend and then panic. How far in advance should I send a refill request so it's ready in time, and does the office process requests on saturdays?
My pharmacy told me the doctor needs to approve refills now and I should contact the office. I don't need anything right this minute, I just want to understand the process for next time. How do refill requests work?
"""

SEEDS["small_talk"] = """
hi || hello
thanks! || thank you
thank you so much
good morning
ok
sounds good
have a nice day
you guys are the best
got it, thanks
is this a real person?
bye
ok cool
merry christmas to everyone at the office
happy new year!
thanks for your help today
hey there
good afternoon
perfect, thank you
appreciate it
no problem
great thanks
thank you {doctor}, you're wonderful
hello? anyone there
yes
no thanks
haha ok
thx
awesome
good evening
happy thanksgiving to all the staff
just wanted to say {doctor} is amazing
how are you today
nice talking to you
will do
ok see you then
hi it's {name}
thank you, have a great weekend
cool beans
you all were so nice to my {relf} yesterday, thank you
got your message, thanks
good night
thanks so much, the dentist did a great job
ok thank you bye
hiya
thanks!! you guys are lifesavers
this is {name}, just saying hi to the team
alright
understood
lol ok thanks
you made my day
howdy
happy holidays!
# long, multi-sentence
Hi everyone, just wanted to say thank you for being so kind to me during my visit yesterday. I was nervous and you all made it so easy. Have a great weekend!
got your text, thanks for the reminder! you guys are always so on top of things. have a good one
Hello! No question today, I just wanted to say happy holidays to {doctor} and the whole front desk team. You've taken great care of our family this year.
"""

# --------------------------------------------------------------------------- tier 2
SEEDS["appointment_change"] = """
need to move my {day} {time} with {doctor}
cancel my appointment {day} || please cancel my appointment tomorrow
move my checkup to friday
I need to reschedule my cleaning
can't make it tomorrow, can we do next week
running 15 minutes late for my {time}
can I switch my appointment to {doctor}
I need to push back my appointment an hour
is my appointment still on for {day}?
confirming my appt on {date} at {time}
please cancel my {date} appointment, I'm feeling better
can I move {kid}'s appointment to after school
I have to cancel tomorrow, my car broke down
something came up, can I reschedule my {time}
can we change my in-person visit to a telehealth one
I'm stuck in traffic and will be 20 min late
what time is my appointment again?
I double booked myself, need to change my {date} appt
can you move me to an earlier slot if one opens up
cancel {kid}'s cleaning on {day}
I need to reschedule, I tested positive for covid
can I bring my appointment forward to this week
I booked the wrong day, it should be {day} not {day2}
can my husband take my appointment slot instead
please reschedule my follow up with {doctor}
I won't make it to my {time} today, so sorry
can you add a cleaning for my son onto my appointment on {date}
need to cancel all our upcoming appointments, we're moving out of state
my appointment on {date} conflicts with work, any other times
I'd like to move my surgery date
can I change my appointment from morning to afternoon
# multi: specific cancel (T2) + how-to (T1)
I need to cancel my appointment for thursday, how do I do it
is there a later time available on the day of my appointment
# multi: change (T2) + policy (T1)
I'm sick, can I reschedule without getting the fee
pls cancel my appt thx
reschedule {date} please
I got a reminder for {date} but I thought it was on {date2}
the snow is really bad here, I'll have to reschedule my {time}
my {relf}'s appointment needs to be moved, she's in the hospital
can we swap my cleaning and my daughter's so we're back to back
I'm going to be out of town on {date}, need to move my appt
do I still have an appointment with {doctor} next week?
move my {day} appt to the following week, same time if possible
cancel and rebook me for next month
# multi: location (T1) + change (T2)
where do I park? also I need to move my {day} appointment
can I change my appointment with {doctor} to a video visit
my ride fell through, can I come later in the day
kill me now, I totally forgot my appointment was this morning, can I come in tomorrow instead
# long, multi-sentence
Hi, this is {name}. I have an appointment with {doctor} on {date} at {time}, but my work just scheduled a mandatory training that day. Is there any way to move it to later that week, maybe {day2}? Sorry for the short notice.
so my daughter has her dentist appointment tomorrow afternoon but she just found out she has a field trip and won't be back until 5. can we push her cleaning to next week? any day after school works
Hello, I need to cancel my appointment on {day}. My husband is having surgery that day and I need to be with him. I'd like to rebook for sometime in two or three weeks if possible.
"""

SEEDS["prescription_question"] = """
refill my {drug} please || please refill my {drug} || I need a refill on my {drug}
the new dose makes me dizzy || the new pills make me dizzy when I stand up
I'm out of my {drug}, can you call it in
can I take ibuprofen with my {drug}
the pharmacy says they never got my prescription
can you send my {drug} to the pharmacy on {street}?
my insurance needs a prior auth for my {drug}
is there a generic for {drug}, it's too expensive
I missed a dose of {drug}, should I double up
{doctor} changed my dose and I'm confused which pill to take now
the pharmacy gave me a different looking pill this time
can I split my {drug} pills in half
{drug} is making me nauseous
can I drink alcohol while I'm on {drug}
I need an antibiotic for my tooth, can the dentist call something in
my prescription for {drug} ran out and there are no refills left on it
should I take my {drug} in the morning or at night
I've been on {drug} for a week and now I have a dry cough
please send a 90 day supply of {drug}
the pharmacy is out of stock of my {drug}, can you send it somewhere else
I lost my pills on vacation, can I get more
can I stop taking {drug} now that I feel better
is it safe to take {drug} while pregnant
need my inhaler refilled asap
the label on my {drug} has the wrong dose on it
can you increase my {drug} dose, it's not working
I need my {drug} refilled before I leave on vacation on {date}
I'm having trouble swallowing the big pills, is there a liquid version
can I take {drug} with grapefruit juice
rx for {drug} please, {doctor} said it was ok at my last visit
the mail order pharmacy needs a new prescription for {drug}
my {drug} costs $300 now, is there something cheaper
can my kid take the amoxicillin with food
I think my {drug} is giving me leg cramps
my prescription was sent to the wrong pharmacy
requesting refill: {drug} 20mg
can you call in something for my cold sore
I'm allergic to penicillin, is the antibiotic you prescribed ok for me
I stopped my {drug} 3 days ago because of side effects, what now
can I get my {drug} sent to a pharmacy in {town}, I'm visiting family
what's the most {drug} I can take in a day
insurance won't cover my {drug} anymore, can you switch me to something else
my pharmacy is waiting on you to approve the refill for {drug}
# multi: prescription (T2) + hours (T1)
I need a refill on my {drug}, also what time do you close today
does {drug} interact with my {drug2}
# long, multi-sentence
Hi, I started the new blood pressure medicine {doctor} prescribed about five days ago. Since then I've been really lightheaded in the mornings, especially when I get out of bed. Is that normal or should the dose be changed?
I'm leaving for a three week trip on {date} and I only have about 10 days of my {drug} left. The pharmacy says it's too early to refill. Can you send something to allow a vacation supply?
My pharmacy switched my {drug} to a different generic brand and now the pills look totally different. I've been feeling off since I started them. Is it the same medicine? Should I be worried?
"""

SEEDS["lab_results"] = """
are my blood test results back || did my blood work come back yet
are my allergy test results in || have my allergy panel results come in yet
when will I get my {test} results
I saw new results in the portal, what does high LDL mean
the lab said my results were sent to you, can someone call me
any news on my biopsy
did my x-rays from last week come back
I haven't heard anything about my mammogram results
can you tell me my covid test result
why is my potassium flagged high on my labs
my A1c came back 7.2, is that bad
can the doctor go over my lab results with me
has {doctor} looked at my blood work yet
my pap smear results say abnormal, what does that mean
how long do lab results usually take to come back
results of my urine test?
I got a letter saying my results need follow up
{kid}'s strep test results?
were my thyroid levels normal
do I need to come in to discuss my results or can you call me
I did the blood draw on {date} and still no results
where can I see my test results
the MRI report was posted but I don't understand it
did the doctor comment on my cholesterol results
lab results pls
my vitamin D came back low, should I start supplements
is no news good news on my biopsy?
did the ultrasound show anything
the lab called about a critical value and told me to call you
what do my liver enzyme numbers mean
any results from my sleep study?
can I get a copy of my lab results from {date}
my kidney function numbers are different from last time, why
{doctor} said she'd call with my results but she hasn't
are the pathology results back from my tooth extraction
when will the dentist have the results from the gum biopsy
I got an alert that my results are ready but it says to wait for the doctor
is my pregnancy test result positive
my hemoglobin was 10.5, should I be worried
hi, checking on test results from {date}
how did my bone density scan come out
did my STD test come back
where are my results in the portal
# multi: hours (T1) + results (T2)
what time do you close? also are my {test} results back
my {test} results say "see provider", what does that mean
my phone died yesterday, did someone try to call me about my results?
# long, multi-sentence
I had blood drawn last {day} for my yearly physical and the portal says the results are in, but there are a bunch of numbers in red and I don't know what they mean. Can someone from {doctor}'s office go over them with me?
Hi, I had a biopsy done on {date} and they told me results would take about a week. It's been almost two weeks and I haven't heard anything. I'm getting really anxious. Can someone check whether they've come back?
My daughter had a strep test on monday. The nurse said she'd call if it was positive. Nobody called, but she's still sick. Does that mean it was negative? Just want to be sure.
"""

SEEDS["insurance_claim_issue"] = """
my claim was denied || my insurance claim got denied || insurance denied my claim, now what
{insurer} denied my claim from {date}
I got a bill for a visit my insurance should have covered
insurance says you coded it wrong, can you resubmit
you billed the wrong insurance
I got an EOB that says the claim was rejected
why did my insurance only pay part of my cleaning
I was charged twice for the same visit
{insurer} says they never received the claim
you billed me as out of network but you're in network with {insurer}
my preventive visit was billed as a sick visit and now I owe money
the prior authorization for my MRI was denied
can you appeal the denial with {insurer} for me
I updated my insurance but you sent the claim to my old plan
I have secondary insurance but you never billed it
got a surprise bill for $400 from the lab
my insurance paid but I still got a bill for the full amount
{insurer} is asking for medical records from you to process my claim
the claim was denied for a missing referral
why is my deductible being applied to a preventive visit
claim status? it's been 2 months
my EOB shows a different date of service than my visit
I was billed for a procedure I never had
the dental claim for my crown was denied by {insurer}
insurance rejected the claim because my name is spelled wrong
you sent me to collections but insurance was supposed to pay
please rebill my visit to {insurer}
I need an itemized bill for my insurance appeal
my claim got denied as not medically necessary
there's a balance on my statement that my insurance says I don't owe
coordination of benefits problem, {insurer} keeps denying everything
{insurer} says the diagnosis code doesn't match the procedure
you charged my copay twice
why is my bill so high, insurance should have covered most of it
{kid}'s claim was denied because it's listed under the wrong policy holder
my insurance was active on {date} but the claim says terminated
can someone call {insurer} about my denied claim, I've been on hold with them for hours
the covid test was supposed to be free but I got billed for it
my EOB says the provider needs to submit more information
I keep getting bills for a claim that's still pending
the anesthesia part of my claim was denied
my claim for the {date} visit still hasn't been processed
I think there's a billing error on my account
# multi: payment methods (T1) + claim (T2)
can I pay with a card? also {insurer} denied my claim from {date}
{insurer} paid you but it still shows I owe
# long, multi-sentence
Hi, I got a bill for $380 for my visit on {date}. I called {insurer} and they said the claim was denied because the office sent it with the wrong member ID. Can someone fix that and resubmit so I'm not stuck paying?
So my annual physical is supposed to be 100% covered, but the EOB shows it was billed as a regular office visit and now I owe my whole deductible. I think it was coded wrong. Who can look into this?
I've gotten three statements now for the same visit even though {insurer} says they paid their part months ago. Now I'm getting threatened with collections. Can someone please look at the account and figure out what happened?
"""

SEEDS["clinical_question"] = """
is it normal for the rash to spread || the rash is spreading, is that normal
my tooth has been sensitive to cold since my filling, is that normal
how long should I wait to eat after a filling
my toddler has a fever of 101, should I bring her in
my stitches look a little red, is that infected
can I exercise after my procedure
should I be worried about a mole that changed color
I've had a cough for two weeks, should I come in
sore throat and congestion for 3 days, what should I do
how long is someone contagious with pink eye
my gums bleed a little when I brush, is that serious
can I shower with the bandage on
how long does swelling last after wisdom teeth removal
{kid} has a little rash after the vaccine, is that normal
I've had a bump on my eyelid for a week
my ear has been ringing since yesterday
when can I go back to work after the flu
my back hurts when I bend over, should I ice it or heat it
is it ok to fly after my knee surgery
I've been having headaches every afternoon this week
my blood pressure at home was 145/92, should I be concerned
my crown feels high when I bite down
I think I have a UTI, what should I do
my baby has been spitting up more than usual
is it normal to feel tired after the covid booster
my temporary filling fell out
should I keep my son home from school with pink eye
my ankle is still swollen a week after I twisted it
do I need to fast before my blood work
my tooth hurts when I chew on the left side
how do I know if a cut needs stitches
I've been feeling a little lightheaded when I stand up too fast
my daughter keeps getting nosebleeds, is that something to worry about
is it safe to get a dental cleaning while pregnant
I found a small lump under my arm, should I be seen
my jaw clicks when I open my mouth wide
is it normal to spot between periods
my heel hurts in the morning when I first get up
I think I pulled a muscle in my back lifting boxes
my lip still feels numb 6 hours after the dentist, is that ok
what should I do for poison ivy
my husband snores really loud and sometimes stops breathing for a few seconds at night
I've had heartburn almost every night this month
my kid has had diarrhea for 2 days, when should I worry
can I take a bath yet after my c-section
is it normal for my gums to be sore after a deep cleaning
# multi: hours (T1) + clinical (T2)
what time do you open? also is it normal for my incision to itch
how long should I wait to brush after having a tooth pulled
my kid has a wart on his finger, will it go away on its own
I'm dead tired since the booster two days ago, is that normal
# long, multi-sentence
I had two fillings done on {day} and the numbness wore off fine, but now my bottom tooth aches when I drink anything cold. It's not terrible, just annoying. Is that normal after fillings, and how long should it last?
My 4 year old has had a runny nose and a cough for about a week. No fever, she's eating and playing normally, but the cough is worse at night. Should I bring her in or just wait it out?
Hi, I got a rash on my forearm a few days ago. It's red and itchy, about the size of a quarter, and now there's a second spot next to it. No fever. Is this something I should come in for or can I try cream first?
"""

# --------------------------------------------------------------------------- tier 3
SEEDS["medical_emergency"] = """
chest pain and can't breathe || I have chest pain and I can't catch my breath
my {relm}'s face is drooping and he can't lift his arm
I took all my pills
my baby is turning blue
my {relf} passed out and won't wake up
I think I'm having a heart attack
{kid} swallowed a bunch of grandma's pills
my {relm} is having a seizure and it won't stop || my {relm} is seizing right now
my throat is closing up after I ate peanuts
the bleeding won't stop, I've been pressing on it for 20 minutes
my {relf} is slurring her words and can't see out of one eye
I fell and hit my head and now I'm throwing up and confused
my {relm} isn't breathing
crushing pressure in my chest going down my left arm
my face is swelling up from my tooth and now I can't swallow or breathe well
I knocked my front tooth out and my mouth is bleeding a lot and won't stop
I think I overdosed on my {drug}
my toddler drank some bleach
got stung by a bee and my lips and tongue are swelling, hard to breathe
I'm pregnant and bleeding heavily with really bad cramps
my newborn has a fever of 101 and is really floppy
my {relf} just collapsed in the kitchen
sudden worst headache of my life
I can't feel the left side of my body
my {relm} is unresponsive
I cut my hand really deep with a knife and it's spurting blood
I'm having an allergic reaction to the antibiotic, my throat feels tight and I'm wheezing
my blood sugar is 35 and I'm shaking and sweating and confused
we were in a car accident and my {relm} is hurt bad
my child is choking
my heart is racing over 180 and I feel like I'm going to pass out
I can't breathe || cant breathe please help
my {relm}'s lips are blue
my {relf} took too many of her sleeping pills and I can't wake her up
# multi: hours (T1) + emergency (T3)
what time do you open, also my chest hurts really bad
# multi: appointment (T2) + emergency (T3)
hi I have an appointment friday but I'm having chest pains right now
my {relm} fell down the stairs and isn't moving
my son has a 105 fever and is having trouble breathing
I'm coughing up blood
the stomach pain is so bad I can't stand up and I'm vomiting blood
my baby won't wake up
since my extraction the bleeding won't stop and my mouth keeps filling with blood
sudden confusion, can't get words out, one side of my face is numb
I think my {relf} is having a stroke
my insulin pump failed and I'm vomiting and breathing really fast
I burned my arm badly with boiling water and the skin is peeling off
my {relm} is gasping for air
should I call 911? my {relf} is grey and sweaty and says her chest hurts
the pain is so bad I'm about to pass out
my {relm} drank antifreeze
I took a whole bottle of tylenol an hour ago
my daughter's face and throat are swelling after her shots today
I'm on Eliquis and I hit my head and it won't stop bleeding
{kid} fell off the trampoline and the arm is bent the wrong way
# multi: prescription (T2) + emergency (T3)
the new dose made me dizzy and I fainted and hit my head, there's blood everywhere
my {relf} can't breathe and her lips are turning blue
I'm having the worst chest pain of my life and my left arm is numb
my {relm} is sweating buckets and pale and says his jaw and left arm ache
my toddler got into the medicine cabinet and I don't know how many pills he took
my {relf} is breathing really weird and I can't get her to respond
there's so much blood, I can't make it stop
my {relm} just went limp and his eyes rolled back
my baby just had a seizure, first time ever, and now she's really sleepy
my {relf} is suddenly confused and doesn't know where she is, it started in the last hour
I'm 34 weeks pregnant, my water broke and there's a lot of blood
I ate shrimp and now I have hives everywhere and my throat feels weird
my {relm} has been vomiting all day and now he's not making sense and is really hard to wake
my tongue is swelling up after taking the antibiotic the dentist gave me
my chest is tight, I can't get a full breath and my lips are tingling
my 2 month old has a fever of 100.8 and won't eat
my {relm} is slumped over in the car and won't answer me
the left side of my face went numb, my arm feels heavy and my speech is slurred
my neighbor found my {relf} on the floor, she's breathing but won't talk
# long, multi-sentence
I'm texting because I can't talk. My chest has been hurting for about 20 minutes, it feels like someone is sitting on it, and I'm sweaty and sick to my stomach. I'm home alone. What do I do
my grandpa was fine at lunch but now he's talking funny and the right side of his face looks droopy. he says he's fine and doesn't want to go anywhere but he can't hold his cup. is this a stroke??
I had my wisdom teeth out this morning and I've been biting on gauze like they said, but it's been 6 hours and the bleeding hasn't slowed at all, I've soaked through like 20 pieces and I'm feeling dizzy and weak
sorry to bother you, my husband took some of my pills by mistake thinking they were his, probably 6 or 7, and now he's really drowsy and I can barely wake him up
"""

SEEDS["mental_health_crisis"] = """
I don't want to live anymore || I don't want to be alive anymore
I don't see the point anymore
I've been thinking about ending it
everyone would be better off without me
I cut myself again tonight
I have a plan to kill myself
I want to disappear forever and never come back
I'm going to hurt myself
my {relm} said he wants to kill himself
I'm thinking about taking all my pills
I can't do this anymore, I'm done with everything
I wrote letters to my family to say goodbye
I keep thinking about jumping off the bridge
I'm not safe right now
I don't think I'll be here tomorrow
nobody would even notice if I was gone
my {relf} is talking about suicide and gave away all her stuff
I bought a gun and I don't trust myself with it
the voices are telling me to hurt myself
I feel hopeless and I want to end my life
life isn't worth living anymore
I'm scared I'm going to do something to myself
I wish I could go to sleep and not wake up
I've been having suicidal thoughts again
I've been saving up my {drug} so I can take them all at once
what's the point of refilling my meds if I won't be around much longer
# multi: appointment (T2) + crisis (T3)
I'm having thoughts of hurting myself and my appointment isn't until {date}
I think about dying all the time
please help I'm at the edge
I hate myself and I want it all to stop
my {relm} texted me goodbye and won't answer his phone
I relapsed and I'm burning myself again
I can't stop crying and I've been thinking about killing myself
tonight is the night, I'm done fighting
my teenage daughter is cutting herself
I'm planning to end things this weekend
I feel like ending it all
I'm on the roof and I keep thinking about jumping
I tried to kill myself last week and I still feel the same way
thank you for everything, this is my last message
can't go on like this. want to die
I'm having thoughts of hurting myself since the baby was born
I'm going to overdose tonight
is there someone I can talk to right now, I'm thinking about suicide
I'm so tired of living
# multi: prescription (T2) + crisis (T3)
can you refill my sertraline? honestly I've been thinking of ending it all
I have the pills in front of me and I'm thinking about it
no one cares if I live or die so why bother
I've been giving my things away, I won't need them where I'm going
I just want the pain to stop forever
I'm nothing but a burden to everyone and I'm ready to stop being one
I looked up how many of my pills it would take
I've been driving around thinking about crashing the car on purpose
I don't want to wake up tomorrow
sorry for everything, tell my kids I love them
I've started writing a note for my family
my {relm} keeps saying he doesn't want to be around anymore and he locked himself in the bathroom
I can't see any way out of this except dying
if the new medication doesn't start working soon I'm going to end things
I've been hurting myself just to feel something
# long, multi-sentence
I know this isn't what this number is for but I don't know who else to tell. I've been feeling worse and worse for months and tonight I've been sitting here thinking about how to end it. I don't think I can keep going.
I have an appointment with {doctor} next month about my depression, but honestly I don't know if I'll make it that long. Every day I think everyone would be better off if I just wasn't here.
My sister just told me she's been cutting again and that she has a plan to kill herself. She made me promise not to tell anyone, but I'm scared. What do I do?
"""

SEEDS["complaint_about_care"] = """
the doctor was rude and ignored me || {doctor} was rude to me and ignored everything I said
this wait is killing me, I've been sitting here an hour and a half || the wait is killing me, 45 minutes in the waiting room already
the front desk staff were so rude to me today
nobody called me back for 3 days
{doctor} didn't listen to anything I said
I want to file a complaint
the hygienist hurt me and didn't stop when I asked her to
they drilled the wrong tooth
I was misdiagnosed at your office and ended up in the ER
the nurse yelled at my {relf}
I'm leaving a bad review, worst experience ever
I waited 2 hours past my appointment time and nobody apologized
the receptionist laughed at me when I asked about my bill
{doctor} made a racist comment during my visit
I don't feel safe with {doctor}, he made inappropriate comments
my kid was treated terribly at your office
you lost my paperwork again and nobody seems to care
the billing lady hung up on me
the doctor spent 3 minutes with me and you still charged me for a full visit
no one washed their hands before examining me
the dentist was so rough my mouth is still sore days later
I'm very unhappy with the care my {relm} received
why does nobody ever answer the phone at your office, this is ridiculous
I want to speak to the office manager about how I was treated
{doctor} dismissed my pain and told me it was all in my head
the nurse was on her phone the whole time
this is the 4th time I'm asking and nobody from your office has called me back, I'm furious
the new hygienist was very unprofessional
I felt rushed and {doctor} didn't answer any of my questions
I'm switching practices because of how you treated me
the assistant was rude to my elderly mother
my appointment was cancelled last minute for the third time
the exam room was dirty, there was blood on the floor
the doctor refused to see me because I was 5 minutes late
I was treated like a drug seeker for asking about pain control
the staff were condescending about my weight
I want to report {doctor} for unprofessional behavior
the filling you did fell out after a week and I want it fixed for free
I've been on hold for 40 minutes, this is terrible service
I'm disgusted by how I was spoken to today
where do I send a formal complaint
thanks for nothing, your staff ignored my {relf} the whole visit
# multi: hours (T1) + complaint (T3)
what time do you close? also I want to complain about the rude receptionist
the doctor didn't wear gloves
your nurse gave my kid the wrong vaccine
the staff were gossiping about other patients in the hallway and it made me uncomfortable
I asked for a female provider and was ignored
nobody explained the cost before the procedure and I'm furious
# long, multi-sentence
I've been a patient at your office for ten years and I have never been treated the way I was today. I waited over an hour past my appointment time, nobody told me why, and when I asked the receptionist she rolled her eyes at me.
I brought my son in on {day} because he was in pain and {doctor} barely looked at him, said it was nothing and sent us home. Two days later we ended up in urgent care and it was an ear infection. I'm really upset about how we were treated.
I called four times this week about a problem and every time someone promised a call back. No one has called. I'm not even upset about the original issue anymore, I'm upset that nobody seems to care.
"""

SEEDS["records_legal_request"] = """
my lawyer needs my records || my attorney needs a copy of my medical records
someone looked at my chart without permission
HIPAA release form for my attorney
I need a copy of my medical records
please send my records to my new doctor
my attorney is sending a subpoena for my medical records
I want to report a privacy breach
my ex works at your office and I think she looked at my file
I want to request an amendment to my medical record
the staff talked about my diagnosis out loud in the waiting room
I'm in a custody case and need my child's records
my disability attorney needs all my records from 2019 to now
how do I get my dental x-rays sent to my new dentist
who is your privacy officer
I want a list of everyone who has accessed my records
my workers comp lawyer wants my chart notes
I need my records for a court case
you sent my records to the wrong person
my {relm} passed away, how do I get his medical records as the executor
I want to revoke the authorization I signed to share my records
the insurance company in my lawsuit is asking for my records
I got someone else's test results in my portal
someone called my employer and told them about my visit
your office faxed my records to my job without asking me
I need certified copies of my records for my attorney
how do I file a HIPAA complaint
I'm suing, my lawyer will contact you, please preserve all my records
please don't release any of my information to my husband anymore
my records request has been pending for 30 days, that's past the legal limit
I want to restrict who can see my mental health notes
can I get an electronic copy of my entire chart
medical records request form?
I got a letter that my information was in a data breach, what was exposed
my {relf}'s power of attorney needs her records for a medicaid application
how do I authorize my daughter to access my records
a detective called asking about my visit, did you share anything
please transfer my chart to {doctor}'s practice in {town}
my old dentist says you never sent my records over
what's the fee for a copy of my records
do I have a legal right to see my doctor's notes
I saw my neighbor at the front desk reading my file
the attorney for my accident case needs the records and bills
my life insurance application needs my medical records
are you allowed to share my info with my parents? I'm 19
# multi: hours (T1) + records (T3)
hi, what time do you close? also my lawyer needs my records by friday
I got a records request letter from a law firm about me, did you send anything
I want to know who viewed my chart last month
# long, multi-sentence
Hello, I was in a car accident in the spring and I'm working with an attorney on the injury claim. Her office needs copies of all my visit notes and imaging from the last year. What form do I need to sign, and where should the records be sent?
I need to report something. I found out that a woman who works at your front desk, who knows my family, told my mother about my last visit. I never authorized anyone to share my information. Who do I talk to about this?
My father passed away last month and I'm the executor of his estate. The lawyer handling the estate needs his medical records from your practice. What's the process for requesting records for a deceased patient?
"""

SEEDS["unknown"] = """
what's the weather going to be like tomorrow || is it going to rain this weekend
who won the game last night
how do I make banana bread
is this the pizza place
what time does the hardware store on {street} close
do you sell car insurance
can you fix my cracked iphone screen
Congratulations! You've won a $500 gift card, click here to claim
URGENT your bank account has been suspended, verify now at bit.ly/x7k2
hey is this mike? it's {name} from the party
what's the score of the Lakers game
recipe for chicken parm?
how long do I boil eggs for
I'd like to order a large pepperoni for delivery
do you guys do oil changes
who should I start in fantasy football this week
tell me a joke
what's 15% of 80
who is the president of france
can you recommend a good plumber
is the dmv open on saturday
when is the next bus to the mall
buy real instagram followers cheap
limited time offer: refinance your mortgage at 2.9% today
your package could not be delivered, update your address here
what's the wifi password at the library
how many ounces are in a cup
did you see that storm last night, crazy
are the Yankees playing today
I need a haircut appointment for saturday
does the vet on {street} take walk-ins
how do I reset my netflix password
I want to return the shoes I bought last week
what channel is the game on
best tacos near me?
my car won't start, who should I call
lol
test
what's the capital of australia
can you help me with my math homework
is the new superhero movie any good
selling my couch for $50, you interested?
what are the hotel pool hours
how much is a dozen roses at your flower shop
you have been selected for a free cruise, reply YES to claim
i'm dying to know who wins the bachelor tonight
this traffic is killing me
what's a good name for a golden retriever puppy
how do you get red wine out of a carpet
do you deliver groceries
is the gym open on sundays
what time is sunset tonight
can I get a quote for roof repair
who sings that song that goes na na na
# long, multi-sentence
hey so I'm planning a bbq for saturday and wanted to know if it's going to rain, also does anyone have a good recipe for potato salad? my last one was a disaster lol
Dear customer, your subscription will renew automatically for $89.99. If you did not authorize this charge, call our support line immediately to cancel and receive a full refund.
Hi, is this the auto body shop? I dropped off my car on {day} for a bumper repair and nobody has called me back about when it will be ready. Can you check on it?
"""

# Literal texts: no slot filling and no variation. One line = one group.
RAW_UNKNOWN = """
# other languages
Hola, ¿tienen citas disponibles para mañana?
Necesito hablar con alguien sobre mi factura
¿A qué hora abren los sábados?
Buenos días, quisiera hacer una cita para mi hijo
No hablo inglés, ¿hay alguien que hable español?
¿Va a llover mañana?
Bonjour, est-ce que vous êtes ouverts le samedi ?
Je voudrais prendre rendez-vous avec le dentiste
Merci beaucoup pour votre aide
Guten Tag, wann haben Sie morgen geöffnet?
Ich brauche einen Termin beim Zahnarzt
Olá, vocês aceitam meu plano de saúde?
Bom dia, preciso remarcar minha consulta
Buongiorno, vorrei prenotare una visita
Xin chào, tôi muốn đặt lịch hẹn khám bệnh
Phòng khám mở cửa lúc mấy giờ?
你好，我想预约看医生
请问你们周六开门吗？
谢谢你们的帮助
안녕하세요, 예약하고 싶어요
토요일에 문 열어요?
こんにちは、予約をお願いしたいです
Здравствуйте, можно записаться на приём?
Во сколько вы открываетесь?
مرحبا، أريد حجز موعد مع الطبيب
Magandang umaga po, pwede po ba magpa-appointment bukas?
Dzień dobry, chciałbym umówić wizytę
Bonjou, mwen bezwen pran yon randevou
नमस्ते, मुझे डॉक्टर से मिलने का समय चाहिए
Merhaba, yarın için randevu alabilir miyim?
Goedemorgen, kan ik een afspraak maken?
Καλημέρα, θα ήθελα να κλείσω ραντεβού
Mi carro no arranca, ¿conoce un mecánico?
Wie wird das Wetter am Wochenende?
Obrigado pela ajuda de ontem
# emoji and punctuation only
👍
😂😂😂
🙏
❤️
?
???
...
!!!
😡
🤔🤔
👋
:)
:(
😷
🦷
💊
🔥🔥🔥
😭
.
?!?!
# gibberish written by hand
ok so the the the
mmmmmmmmm
blorp zint quaddle
Hhhhhhh
jsjsjsjsjs
asdf
qwerty
lkjh lkjh
xcvbn
ggggggg
"""
