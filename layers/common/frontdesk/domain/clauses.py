"""Rule 3 for messages that would be auto-answered: a second request hidden in another clause.

"what time do you open saturday? also need to push my sons tuesday appt back a week" reads
as `office_hours` as a whole, with the model sure of it; the scheduling request in the
second clause would go unanswered behind an auto-reply. So a message about to be
auto-answered is split into clauses, and each clause is classified on its own; a clause
that reads as a Tier-2 request (a desk's work) at `CLAUSE_REQUEST_MIN_CONFIDENCE` or more
is reported, and the policy lets it govern (highest tier wins).

Only Tier-2 readings count. The model was trained on whole messages; on a bare statement
clause it scatters to Tier-3 labels with high confidence ("My mother is 82" reads
medical_emergency at 0.98, "I work until 6" mental_health_crisis at 0.95). Tier 3 is
guarded by the safety lexicon and by the whole-message reading instead. Measured on the
calibration set (docs/model.md): Tier-2 readings at >= 0.8 withheld 6 auto-answers, 4 of
them unsafe (two requests in one message), 2 of them right; letting Tier-3 readings count
withheld 45, 41 of them right.
"""

from __future__ import annotations

import re

CLAUSE_REQUEST_MIN_CONFIDENCE = 0.8
# Bounds the extra model work for a long message; the first clauses carry the requests.
MAX_CLAUSES = 6
MIN_CLAUSE_WORDS = 2

_BOUNDARY = re.compile(
    r"(?<=[.?!;])\s+"  # sentence ends
    r"|\n+"
    r"|\s+(?:and also|also|plus|btw|oh and|and then|p\.?s\.?)\s+"  # "... also ..."
    r"|,\s*(?:and|but)\s+",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(r"^(?:and also|also|plus|btw|oh and|and then|and|but)\b\s*", re.IGNORECASE)
_TRIM = " \t,.;:!?-"


def split_clauses(text: str) -> list[str]:
    """The message's clauses of at least two words, at most MAX_CLAUSES; a message that is
    one clause gives a list of one (or none when it is shorter than two words)."""
    parts = (_CONNECTIVE.sub("", p.strip(_TRIM)) for p in _BOUNDARY.split(text) if p)
    clauses = [p for p in parts if len(p.split()) >= MIN_CLAUSE_WORDS]
    return clauses[:MAX_CLAUSES]
