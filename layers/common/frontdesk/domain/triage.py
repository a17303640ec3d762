"""The classifier every stage uses: normalisation, then the safety lexicon over the model.

The lexicon runs on every text and wins over the model (rule 1): a Tier-3 signal
can never be downgraded. Texts with nothing to read go to a human as `unknown`.
"""

from __future__ import annotations

from collections.abc import Sequence

from frontdesk.domain.classification import Classifier, Prediction
from frontdesk.domain.intents import Intent
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
        return results
