"""Text normalisation applied to every patient message before the safety lexicon and the model.

Two layers, two consumers:

* ``normalize_text`` makes a message canonical without changing what it says: Unicode NFKC,
  invisible characters removed, look-alike letters from other scripts replaced inside Latin
  words, whitespace collapsed. Case is kept (the model handles case). It is idempotent and
  never raises on any ``str``.
* ``fold_for_matching`` goes further, for the deterministic safety lexicon only: casefold,
  accents stripped, every look-alike letter mapped to Latin, curly quotes and dashes to ASCII,
  runs of three or more identical letters shortened to two ("heeelp" -> "heelp").

Homoglyph policy. ``normalize_text`` maps a Cyrillic/Greek/Armenian look-alike only inside a
word that is *Latin with look-alikes spliced in*: the whitespace-separated token has at least
one Latin letter and every non-Latin letter in it is a known look-alike. "сhest" (Cyrillic
"с") becomes "chest"; a genuinely Cyrillic or Greek word ("грудь", "Dr.Иванов") is left alone
so the model still sees the language the patient wrote in. ``fold_for_matching`` maps look-alikes
always: the lexicon's patterns are English, and an all-look-alike word that folds into an
English trigger word is far more likely a spoof than a coincidence.

Standard library only, no I/O.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "HOMOGLYPHS",
    "INVISIBLE_CHARS",
    "fold_for_matching",
    "is_blank_or_punctuation",
    "normalize_text",
]

# Zero-width, joiner, bidirectional-control and other invisible format characters: removed.
# ZWJ (U+200D) is among them, so emoji ZWJ sequences fall apart into their parts; harmless
# for triage.
INVISIBLE_CHARS: frozenset[str] = frozenset(
    [chr(c) for c in range(0x200B, 0x2010)]  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    + [chr(c) for c in range(0x202A, 0x202F)]  # LRE, RLE, PDF, LRO, RLO
    + [chr(c) for c in range(0x2060, 0x2065)]  # word joiner, invisible operators
    + [chr(c) for c in range(0x2066, 0x206A)]  # LRI, RLI, FSI, PDI
    + [
        "\ufeff",  # zero-width no-break space / BOM
        "\u00ad",  # soft hyphen
        "\u061c",  # Arabic letter mark (bidi)
        "\u180e",  # Mongolian vowel separator (was a zero-width space)
        "\u034f",  # combining grapheme joiner
    ]
)

# Letters from other scripts that render like Latin letters in common fonts.
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic lowercase
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y",
    # Cyrillic uppercase
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "Һ": "H", "І": "I", "Ї": "I", "Ј": "J", "К": "K",
    "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S",
    "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I", "Ү": "Y",
    # Greek uppercase
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Greek lowercase
    "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ϲ": "c", "ϳ": "j",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "զ": "q",
    # Latin-script look-alikes outside ASCII (not removed by NFKC)
    "ı": "i", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ʏ": "y",
}  # fmt: skip

_HOMOGLYPH_TABLE = str.maketrans(HOMOGLYPHS)
_INVISIBLE_TABLE = str.maketrans(dict.fromkeys(INVISIBLE_CHARS))

# Typographic quotes, primes and dashes -> ASCII (for matching only).
_PUNCT_TABLE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u02bc": "'", "\u02bb": "'", "\u0060": "'", "\u00b4": "'", "\uff07": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
    }
)  # fmt: skip

_REPEATED_LETTER = re.compile(r"([^\W\d_])\1{2,}")
_MAX_PASSES = 4


def _is_latin_letter(ch: str) -> bool:
    if ch.isascii():
        return ch.isalpha()
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN ")


def _is_spliced_latin(token: str) -> bool:
    """A Latin word with look-alikes in it: some Latin letter, and no other foreign letter."""
    has_latin = has_lookalike = False
    for ch in token:
        if not ch.isalpha():
            continue
        if ch in HOMOGLYPHS:
            has_lookalike = True
        elif _is_latin_letter(ch):
            has_latin = True
        else:
            return False
    return has_latin and has_lookalike


def _controls_to_space(text: str) -> str:
    # C0/C1 control characters that are not whitespace become spaces (then collapse).
    return "".join(
        " " if unicodedata.category(ch) == "Cc" and not ch.isspace() else ch for ch in text
    )


def _one_pass(text: str) -> str:
    text = _controls_to_space(text).translate(_INVISIBLE_TABLE)
    text = unicodedata.normalize("NFKC", text)
    tokens = [
        tok.translate(_HOMOGLYPH_TABLE) if _is_spliced_latin(tok) else tok for tok in text.split()
    ]
    # NFKC again: a mapped letter may now compose with a following combining mark.
    text = unicodedata.normalize("NFKC", " ".join(tokens))
    return text.translate(_INVISIBLE_TABLE)


def normalize_text(text: str) -> str:
    """Canonical form of a message: NFKC, no invisibles, spliced look-alikes mapped, one space.

    Case is kept. Idempotent: ``normalize_text(normalize_text(t)) == normalize_text(t)``.
    """
    # Each step is idempotent on its own; removing an invisible character can let NFKC
    # compose across the gap it leaves, so run to a fixed point (one pass in practice).
    for _ in range(_MAX_PASSES):
        out = " ".join(_one_pass(text).split())
        if out == text:
            return out
        text = out
    return text


def fold_for_matching(text: str) -> str:
    """Lexicon form: casefolded, accents stripped, look-alikes mapped, ASCII quotes and dashes.

    Runs of three or more identical letters are shortened to two ("paaaain" -> "paain",
    "bleeding" unchanged). Punctuation other than quotes and dashes is kept; the lexicon
    decides what to do with it. Meant for ``normalize_text`` output but safe on any string.
    """
    text = _controls_to_space(text).translate(_INVISIBLE_TABLE)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_HOMOGLYPH_TABLE).translate(_PUNCT_TABLE)
    # Strip accents: decompose, drop combining marks ("chést" -> "chest").
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    # NFKD can expose more look-alikes (e.g. a Cyrillic base letter under an accent).
    text = text.translate(_HOMOGLYPH_TABLE).translate(_PUNCT_TABLE)
    text = _REPEATED_LETTER.sub(r"\1\1", text)
    return " ".join(text.split())


def is_blank_or_punctuation(text: str) -> bool:
    """True when, after normalisation, no letter or digit is left (punctuation, symbols,
    emoji, whitespace, stray combining marks only). The empty string is blank."""
    return not any(unicodedata.category(ch)[0] in "LN" for ch in normalize_text(text))
