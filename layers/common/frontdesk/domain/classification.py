"""The classifier contract: texts in, one Prediction per text out. Nothing else leaves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from frontdesk.domain.intents import Intent


class Alternative(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    intent: Intent
    confidence: float = Field(ge=0.0, le=1.0)


class Prediction(BaseModel):
    """What the classifier may say about a text: labels and numbers, never the text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    intent: Intent
    # How sure the classifier is of `intent`, for the auto-answer threshold. It may be
    # below the intent's probability: a model can require two views to agree (docs/model.md).
    confidence: float = Field(ge=0.0, le=1.0)
    # Top intents with their probabilities, best first (the first is the intent itself).
    alternatives: tuple[Alternative, ...] = ()
    # Set when the safety lexicon fired: the name of the rule family, never the matched words.
    safety_rule: str | None = None
    # Tier-2 requests read in single clauses of a message that would otherwise be
    # auto-answered (rule 3, frontdesk.domain.clauses), each with its clause's confidence.
    clause_requests: tuple[Alternative, ...] = ()
    model_version: str

    @property
    def top_probability(self) -> float:
        """The probability of `intent` itself: how strongly the text reads as it, which a
        signal that withholds an answer (rule 3's clause reading) weighs."""
        return self.alternatives[0].confidence if self.alternatives else self.confidence

    def confidence_of(self, intent: Intent) -> float:
        """The confidence behind `intent`: a clause's or an alternative's when a second
        intent governs (rule 3), else the message's own."""
        if intent == self.intent:
            return self.confidence
        readings = (*self.clause_requests, *self.alternatives)
        return next((a.confidence for a in readings if a.intent == intent), self.confidence)


class Classifier(Protocol):
    """Batch classification. Implementations must be pure functions of the texts."""

    @property
    def version(self) -> str: ...

    @property
    def auto_answer_floor(self) -> float:
        """Lowest confidence at which this model's Tier-1 answers were >= 98 % precise
        (95 % lower bound) on the calibration set. Sites may raise the bar, never lower
        it below this."""
        ...

    def classify(self, texts: Sequence[str]) -> list[Prediction]: ...
