"""TF-IDF + logistic regression: the baseline the ONNX classifier is compared with.

Trained on the rows it is given (the eval hands it the ONNX head's: train.jsonl +
extra_train.jsonl); its auto-answer floor is chosen on validation.jsonl by the
same rule as the real model's. It implements the Classifier protocol so that the eval
runs it through the same decision path (normaliser, lexicon, threshold, tier policy).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from layers.classifier.build.corpus import Example

SEED = 0


class TfidfBaseline:
    version = "tfidf-logreg-baseline"

    def __init__(self, pipeline, floor: float) -> None:
        self._pipeline = pipeline
        self._floor = floor

    @property
    def auto_answer_floor(self) -> float:
        return self._floor

    @classmethod
    def train(cls, train: Sequence[Example], validation: Sequence[Example]) -> TfidfBaseline:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        from frontdesk.domain.intents import TIER1_INTENTS
        from frontdesk.domain.safety import SafetyLexicon
        from frontdesk.domain.text import normalize_text
        from layers.classifier.build.thresholds import choose_floor

        features = make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        )
        pipe = make_pipeline(features, LogisticRegression(C=10.0, max_iter=3000, random_state=SEED))
        pipe.fit([normalize_text(r.text) for r in train], [r.intent for r in train])
        model = cls(pipe, 0.6)
        texts = [normalize_text(r.text) for r in validation]
        probs = model.probabilities(texts)
        labels = model.labels
        pred = [labels[i] for i in probs.argmax(1)]
        lex = SafetyLexicon()
        fired = [lex.scan(t) is not None for t in texts]
        tier1 = frozenset(i.value for i in TIER1_INTENTS)
        floor, _ = choose_floor(pred, probs.max(1), [r.intent for r in validation], fired, tier1)
        model._floor = floor
        return model

    @property
    def labels(self) -> list[str]:
        return [str(c) for c in self._pipeline.classes_]

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return self._pipeline.predict_proba(list(texts))

    def classify(self, texts: Sequence[str]):
        from frontdesk.domain.classification import Alternative, Prediction
        from frontdesk.domain.intents import Intent

        if not texts:
            return []
        probs = self.probabilities(texts)
        labels = [Intent(c) for c in self.labels]
        out = []
        for row in probs:
            top = np.argsort(-row, kind="stable")[:3]
            alts = tuple(
                Alternative(intent=labels[j], confidence=min(1.0, float(row[j]))) for j in top
            )
            out.append(
                Prediction(
                    intent=alts[0].intent,
                    confidence=alts[0].confidence,
                    alternatives=alts,
                    model_version=self.version,
                )
            )
        return out
