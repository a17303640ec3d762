"""The classifier every stage uses: normalisation, then the safety lexicon over the model.

The lexicon runs on every text and wins over the model (rule 1): a Tier-3 signal
can never be downgraded. Texts with nothing to read go to a human as `unknown`. A text the
model would have auto-answered is read clause by clause as well, so that a second request
in it is not answered away (rule 3, frontdesk.domain.clauses).
"""

from __future__ import annotations

from collections.abc import Sequence

from frontdesk.domain.classification import Alternative, Classifier, Prediction
from frontdesk.domain.clauses import CLAUSE_REQUEST_MIN_CONFIDENCE, split_clauses
from frontdesk.domain.intents import INTENT_SPECS, Intent, Tier
from frontdesk.domain.safety import SafetyLexicon
from frontdesk.domain.text import is_blank_or_punctuation, normalize_text

# The lexicon is a rule, not a probability: its verdict is reported as certain.
LEXICON_CONFIDENCE = 1.0


class TriagingClassifier:
    def __init__(self, model: Classifier, lexicon: SafetyLexicon | None = None) -> None:
        self._model = model
        self._lexicon = lexicon or SafetyLexicon()

    @property
    def version(self) -> str:
        return self._model.version

    @property
    def auto_answer_floor(self) -> float:
        return self._model.auto_answer_floor

    def classify(self, texts: Sequence[str]) -> list[Prediction]:
        normalized = [normalize_text(t) for t in texts]
        readable = [i for i, t in enumerate(normalized) if not is_blank_or_punctuation(t)]
        model_predictions = dict(
            zip(readable, self._model.classify([normalized[i] for i in readable]), strict=True)
        )
        results: list[Prediction] = []
        for i, text in enumerate(normalized):
            predicted = model_predictions.get(i)
            match = self._lexicon.scan(text)
            if match is not None:
                results.append(
                    Prediction(
                        intent=match.intent,
                        confidence=LEXICON_CONFIDENCE,
                        alternatives=predicted.alternatives if predicted else (),
                        safety_rule=match.rule,
                        model_version=self.version,
                    )
                )
            elif predicted is None:
                results.append(
                    Prediction(intent=Intent.UNKNOWN, confidence=1.0, model_version=self.version)
                )
            else:
                results.append(predicted)
        return self._with_clause_requests(normalized, results)

    def _with_clause_requests(
        self, texts: list[str], predictions: list[Prediction]
    ) -> list[Prediction]:
        floor = self._model.auto_answer_floor
        clauses_of = {
            i: clauses
            for i, p in enumerate(predictions)
            if p.safety_rule is None
            and INTENT_SPECS[p.intent].tier is Tier.NO_PHI
            and p.confidence >= floor
            and len(clauses := split_clauses(texts[i])) >= 2
        }
        if not clauses_of:
            return predictions
        owners = [i for i, clauses in clauses_of.items() for _ in clauses]
        readings = self._model.classify([c for clauses in clauses_of.values() for c in clauses])
        requests: dict[int, dict[Intent, float]] = {}
        for i, reading in zip(owners, readings, strict=True):
            if (
                INTENT_SPECS[reading.intent].tier is Tier.PHI_ADJACENT
                and reading.top_probability >= CLAUSE_REQUEST_MIN_CONFIDENCE
            ):
                # A reading that withholds an answer is weighed by its probability, not by
                # the (possibly lower) confidence that an auto-answer needs.
                found = requests.setdefault(i, {})
                found[reading.intent] = max(found.get(reading.intent, 0.0), reading.top_probability)
        for i, found in requests.items():
            ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0].value))
            predictions[i] = predictions[i].model_copy(
                update={
                    "clause_requests": tuple(
                        Alternative(intent=intent, confidence=c) for intent, c in ranked
                    )
                }
            )
        return predictions
