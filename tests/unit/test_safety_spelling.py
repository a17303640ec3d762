"""Typo tolerance of the safety lexicon (frontdesk.domain.safety_spelling).

tests/unit/data/safety_typos.jsonl holds 220 messages written by hand for this test (never
taken from the corpus or the evaluation sets): 140 emergencies and crises whose key word is
misspelled the way people type in a hurry (a neighbouring key, a dropped, doubled or swapped
letter, a sound-alike), and 80 ordinary practice messages, some with typos, some with words one
letter away from an emergency word ("cooking", "breeding", "stoke the stove").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontdesk.domain.intents import TIER3_INTENTS
from frontdesk.domain.safety import SafetyLexicon, prepare
from frontdesk.domain.safety_spelling import (
    ANCHORS,
    MIN_LENGTH,
    REAL_WORDS_NEAR_ANCHORS,
    correct_token,
    within_one_edit,
)

DATA = Path(__file__).parent / "data" / "safety_typos.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
POSITIVES = [r["text"] for r in ROWS if r["expect"] != "none"]
NEGATIVES = [r["text"] for r in ROWS if r["expect"] == "none"]

# Ordinary messages of the file that fire, on purpose: the lexicon cannot tell a past event
# from a present one, treats any mention of a stroke as one, and keeps "seizing up" (a person
# can be seizing up too). See docs/safety-lexicon.md.
ACCEPTED_FALSE_ALARMS = {
    "I had a seizure in 2019 and need a neurology referral for my new job",
    "had a heart attack in 2015, cardiologist wants updated bloodwork, can you order it",
    "my dad had a stroke years ago and needs his annual checkup, is there wheelchair access",
    "my grandpa wants a blood pressure check to lower his stroke risk, do you take walk ins",
    "my car engine is seizing up so i might be 15 min late",
}


@pytest.fixture(scope="module")
def lexicon() -> SafetyLexicon:
    return SafetyLexicon()


def test_the_data_file_is_what_the_docstring_says() -> None:
    assert len(POSITIVES) == 140 and len(NEGATIVES) == 80
    assert len({r["text"] for r in ROWS}) == len(ROWS)
    assert ACCEPTED_FALSE_ALARMS <= set(NEGATIVES)


@pytest.mark.parametrize("text", POSITIVES)
def test_misspelled_emergency_or_crisis_escalates(lexicon: SafetyLexicon, text: str) -> None:
    match = lexicon.scan(text)
    assert match is not None, f"missed: {text!r} -> {prepare(text)!r}"
    # Both force Tier 3; which of the two decides follows the precedence of safety.py
    # ("going to overdose" is an overdose family match, so medical).
    assert match.intent in TIER3_INTENTS


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_message_stays_quiet(lexicon: SafetyLexicon, text: str) -> None:
    match = lexicon.scan(text)
    if text in ACCEPTED_FALSE_ALARMS:
        assert match is not None, "an accepted false alarm stopped firing: check recall"
    else:
        assert match is None, f"false alarm on {text!r} ({prepare(text)!r}): {match}"


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("seizrue", "seizure"),  # two neighbouring letters swapped
        ("seixure", "seizure"),  # a neighbouring key
        ("unrespnsive", "unresponsive"),  # a dropped letter
        ("convulsiing", "convulsing"),  # a doubled letter
        ("killng", "killing"),
        ("hopelss", "hopeless"),
        ("cooking", "cooking"),  # a real word one edit from "choking"
        ("breeding", "breeding"),  # ... from "bleeding"
        ("blurring", "blurring"),  # an inflection the vocabulary lacks, from "slurring"
        ("droping", "droping"),  # one edit from "dropping" as well as "drooping": ambiguous
        ("seizure", "seizure"),  # an anchor itself
        ("chst", "chst"),  # shorter than MIN_LENGTH
        ("b1eeding", "b1eeding"),  # not all letters
        ("appointment", "appointment"),  # nowhere near an anchor
    ],
)
def test_correct_token(token: str, expected: str) -> None:
    assert correct_token(token) == expected


def test_prepare_spells_out_the_misspelled_key_word() -> None:
    assert prepare("My son is having a SEIZRUE!!") == "my son is having a seizure"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("seizure", "seizrue", True),
        ("seizure", "seizures", True),
        ("seizure", "seizure", False),
        ("seizure", "sezure", True),
        ("seizure", "siezrue", False),
        ("abc", "cba", False),
        ("abc", "abcde", False),
    ],
)
def test_within_one_edit(a: str, b: str, expected: bool) -> None:
    assert within_one_edit(a, b) is expected
    assert within_one_edit(b, a) is expected


def test_anchors_are_long_enough_and_unique() -> None:
    assert len(ANCHORS) == len(set(ANCHORS))
    assert all(len(a) >= MIN_LENGTH and a.isalpha() and a.islower() for a in ANCHORS)
    assert not set(ANCHORS) & REAL_WORDS_NEAR_ANCHORS


def test_real_words_near_anchors_are_up_to_date() -> None:
    """The generated list must match ANCHORS and the vocabulary of the pinned encoder."""
    lexicon_words = pytest.importorskip(
        "layers.classifier.build.lexicon_words", reason="needs the model-build packages"
    )
    tokenizer_json = lexicon_words.default_tokenizer_json()
    expected = lexicon_words.real_words_near(
        ANCHORS, lexicon_words.vocabulary_words(tokenizer_json)
    )
    stale = sorted(expected ^ REAL_WORDS_NEAR_ANCHORS)
    assert not stale, (
        f"{len(stale)} words differ (e.g. {stale[:5]}): run "
        "`PYTHONPATH=.:layers/common .venv/bin/python -m layers.classifier.build.lexicon_words`"
    )


def test_the_model_build_key_covers_the_spelling_module() -> None:
    """The lexicon decides which calibration messages count toward the floor, so a change
    here must rebuild the model (ensure_model compares build keys)."""
    import frontdesk.domain.safety_spelling as spelling

    make_model = pytest.importorskip(
        "layers.classifier.build.make_model", reason="needs the model-build packages"
    )
    sources = [p.resolve() for p in make_model._text_sources()]
    assert Path(spelling.__file__).resolve() in sources
