"""normalize_text, fold_for_matching, is_blank_or_punctuation."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk.domain.text import (
    HOMOGLYPHS,
    INVISIBLE_CHARS,
    fold_for_matching,
    is_blank_or_punctuation,
    normalize_text,
)

REQUIRED_INVISIBLES = (
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2065)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\ufeff", "\u00ad"]
)


# --- normalize_text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ch", REQUIRED_INVISIBLES, ids=[f"U+{ord(c):04X}" for c in REQUIRED_INVISIBLES]
)
def test_invisible_characters_are_removed_inside_words(ch: str) -> None:
    assert ch in INVISIBLE_CHARS
    assert normalize_text(f"ch{ch}est pa{ch}in") == "chest pain"


def test_nfkc() -> None:
    assert normalize_text("ｃｈｅｓｔ ｐａｉｎ") == "chest pain"  # fullwidth
    assert normalize_text("\U0001d41c\U0001d421\U0001d41e\U0001d42c\U0001d42d") == "chest"  # bold
    assert normalize_text("ﬁne") == "fine"  # ligature
    assert normalize_text("e\u0301") == "\u00e9"  # composed


def test_whitespace_collapsed_and_stripped() -> None:
    assert normalize_text("  chest\t\tpain \n\n now\u00a0\u2003please  ") == "chest pain now please"


def test_control_characters_become_spaces() -> None:
    assert normalize_text("chest\x00pain\x07") == "chest pain"


def test_case_is_kept() -> None:
    assert normalize_text("CHEST Pain") == "CHEST Pain"


@pytest.mark.parametrize(
    ("spoofed", "expected"),
    [
        ("\u0441hest pain", "chest pain"),  # Cyrillic es
        ("ch\u0435st", "chest"),  # Cyrillic ie
        ("bl\u043e\u043eding", "blooding"),  # Cyrillic o (misspelt on purpose: mapping only)
        ("\u0440ills", "pills"),  # Cyrillic er
        ("\u0445anax", "xanax"),  # Cyrillic ha
        ("\u0443ou", "you"),  # Cyrillic u
        ("\u0456nhaler", "inhaler"),  # Ukrainian i
        ("\u0455eizure", "seizure"),  # Cyrillic dze
        ("\u0458aw", "jaw"),  # Cyrillic je
        ("CH\u0395ST", "CHEST"),  # Greek capital epsilon
        ("\u039fD", "OD"),  # Greek capital omicron
        ("bl\u03bfod", "blood"),  # Greek small omicron
        ("\u03bdomit", "vomit"),  # Greek nu
    ],
)
def test_homoglyphs_mapped_inside_latin_words(spoofed: str, expected: str) -> None:
    assert normalize_text(spoofed) == expected


def test_all_lookalike_token_kept_by_normalize_but_folded_for_matching() -> None:
    # "SHOCK" spelt entirely with Cyrillic look-alikes: not a Latin word, so the model sees
    # it as written; the lexicon (fold_for_matching) maps every look-alike.
    spoofed = "\u0405\u041d\u041e\u0421\u041a help"
    assert normalize_text(spoofed) == spoofed
    assert fold_for_matching(spoofed) == "shock help"


@pytest.mark.parametrize(
    "text",
    ["грудь болит", "Болит голова, Dr. Smith", "Dr.Иванов", "πόνος στο στήθος", "ok ως"],
)
def test_genuine_other_script_words_are_kept(text: str) -> None:
    assert normalize_text(text) == unicodedata.normalize("NFKC", text)


def test_homoglyph_table_targets_ascii_letters() -> None:
    for src, dst in HOMOGLYPHS.items():
        assert not src.isascii()
        assert dst.isascii() and dst.isalpha() and len(dst) == 1


def test_emoji_kept_in_normalized_text() -> None:
    assert normalize_text("😰 chest pain 😰") == "😰 chest pain 😰"


# --- fold_for_matching -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHEST PAIN", "chest pain"),
        ("can\u2019t breathe", "can't breathe"),
        ("he OD\u2018d", "he od'd"),
        ("\u201cI want to die\u201d", '"i want to die"'),
        ("chest\u2014pain", "chest-pain"),
        ("paaaaain", "paain"),
        ("bleeding", "bleeding"),  # doubles are kept
        ("heeeelp", "heelp"),
        ("chést páin", "chest pain"),
        ("STRAßE", "strasse"),
        ("\u0421\u041d\u0415\u0405\u0422", "chest"),  # all-Cyrillic look-alike "CHEST"
        ("ch\u200best  \n pain", "chest pain"),
        ("111 2222", "111 2222"),  # digits are not letters: not shortened
    ],
)
def test_fold_for_matching(text: str, expected: str) -> None:
    assert fold_for_matching(text) == expected


# --- is_blank_or_punctuation -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "", " ", "\n\t", "?!", "...", "👍", "🙏🙏🙏", "👨\u200d👩\u200d👧", "\u200b\u200d\ufeff",
        ":-)", "¿¡", "$$$", "\u0301", "❤️", "🇺🇸",
    ],
)  # fmt: skip
def test_blank_or_punctuation(text: str) -> None:
    assert is_blank_or_punctuation(text)


@pytest.mark.parametrize("text", ["hi", "ok 👍", "911", "?a", "ï", "грудь", "痛い", "٣"])
def test_not_blank(text: str) -> None:
    assert not is_blank_or_punctuation(text)


# --- properties ------------------------------------------------------------------------------

_ANY_TEXT = st.text(alphabet=st.characters(codec=None), max_size=200)
_TRICKY = st.text(
    alphabet=st.sampled_from(
        sorted(INVISIBLE_CHARS)
        + sorted(HOMOGLYPHS)
        + list("abcehopsxyAEHOP '\u2019-\u0301\u0308\u0327\u00a0\t\n\x00ﬁｃ😰\u200d\ufe0f")
    ),
    max_size=80,
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_ANY_TEXT, _TRICKY))
def test_normalize_is_idempotent_and_total(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any(ch in INVISIBLE_CHARS for ch in once)
    assert unicodedata.is_normalized("NFKC", once)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_ANY_TEXT, _TRICKY))
def test_fold_and_blank_never_raise(text: str) -> None:
    folded = fold_for_matching(normalize_text(text))
    assert isinstance(folded, str)
    assert folded == folded.strip()
    assert not any(ch in INVISIBLE_CHARS for ch in folded)
    assert isinstance(is_blank_or_punctuation(text), bool)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_ANY_TEXT, _TRICKY))
def test_lexicon_never_raises(text: str) -> None:
    from frontdesk.domain.safety import default_lexicon

    default_lexicon().scan(text)


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\U0010ffff", "\x85x", "\ufdfa" * 50])
def test_edge_code_points_never_raise(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    fold_for_matching(once)
    is_blank_or_punctuation(text)
