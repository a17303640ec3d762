#!/usr/bin/env python3
# ruff: noqa: E501, RUF001, S311
"""Build the intent-classification corpus (train / validation / test JSONL).

Everything comes from the hand-written seed phrasings in ``corpus_seeds.py`` (next to
this file) plus controlled, deterministic variation:

* slot filling with fake names, doctors, dates, times, drugs, insurers, towns;
* prefixes / suffixes in a register that fits the label ("hi," / "thanks!" for
  routine questions, "HELP" / "please hurry" for emergencies, ...);
* SMS abbreviations (u, pls, appt, tmrw, rx, ...), typos (swap, drop, double,
  keyboard neighbour), punctuation removal, lower case, ALL CAPS.

One seed line (or one family of near-identical phrasings written on one line,
separated by `` || ``) is one *group*. Splitting is by group, so all variants
of a phrasing land in the same split. Texts are de-duplicated over the whole
corpus on a normalised key (lower case, punctuation and emoji removed,
whitespace collapsed), so no text can appear twice or in two splits.

Standard library only; deterministic (string-seeded ``random.Random``, which
hashes with SHA-512 and does not depend on PYTHONHASHSEED).

    python build_corpus.py            # writes next to this file
    python build_corpus.py --out DIR  # writes into DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

# Run as a script: its own folder is first on sys.path, so the seed module imports.
from corpus_seeds import POOLS, RAW_UNKNOWN, SEEDS, STYLE_OF

RANDOM_SEED = "frontdesk-corpus-v1"
TARGET_PER_LABEL = 235  # distinct texts wanted per label (the floor tested is 200)
# A miss on these costs the most, so they get more surface variants of each seed.
TARGET_OVERRIDES = {"medical_emergency": 320, "mental_health_crisis": 300}
MAX_ATTEMPTS_PER_VARIANT = 12
SPLIT_FRACTIONS = (("test", 0.15), ("validation", 0.15))  # the rest is train
SPLITS = ("train", "validation", "test")
FAMILY_SEP = " || "

# --------------------------------------------------------------------------
# Registers: prefix / suffix pools and the odds of each transformation.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    prefix_p: float
    suffix_p: float
    sms_p: float
    typo_p: float
    strip_punct_p: float
    lower_p: float
    upper_p: float


_GENERIC_PREFIXES = (
    "hi",
    "hi,",
    "Hi!",
    "hello,",
    "Hello.",
    "hey",
    "hey there,",
    "good morning,",
    "Good afternoon!",
    "quick question -",
    "Question:",
    "sorry to bother you,",
    "Hi, this is {name}.",
    "hello this is {name}",
    "Hi, I'm a patient of {doctor}.",
    "Hi there, I tried calling but the line was busy so I'm texting instead.",
    "Good morning, hope you're all doing well.",
    "Sorry if this is the wrong number to text.",
    "hi again,",
    "Hello, I have a question.",
    "this is {name}'s mom,",
    "Hey it's {name} again -",
    "Hi, I've been a patient at your office for years, first time texting.",
    "ok so",
    "Morning!",
)
_GENERIC_SUFFIXES = (
    " thanks!",
    " thank you",
    ", thanks",
    " thx",
    " ty",
    " appreciate it",
    " - {name}",
    ". Thanks, {name}",
    " please let me know",
    " when you get a chance",
    " no rush",
    " have a good day!",
    "??",
    " pls",
    " Thank you so much!",
    " Thanks in advance.",
    " (this is {name})",
)
_RECORDS_PREFIXES = (
    *_GENERIC_PREFIXES,
    "To whom it may concern,",
    "Hello, I'm writing about a records matter.",
)
_RECORDS_SUFFIXES = (*_GENERIC_SUFFIXES, " Please advise.", " Please call me back about this.")

_URGENT_PREFIXES = (
    "HELP",
    "help!!",
    "please help",
    "URGENT:",
    "omg",
    "someone please answer",
    "hello??",
    "911??",
    "{name} here -",
    "this is an emergency",
    "pls",
    "is anyone there",
    "I don't know who to call,",
)
_URGENT_SUFFIXES = (
    " what do i do",
    " please hurry",
    " HELP",
    "!!!",
    " please call me back now",
    " what should I do??",
    " is someone there",
    " pls help",
    " please answer",
    " right now",
)
_CRISIS_PREFIXES = (
    "hi.",
    "sorry.",
    "I don't know who else to tell.",
    "I'm sorry to message like this but",
    "hey",
    "{doctor},",
    "I didn't know where else to send this.",
    "it's {name}.",
)
_CRISIS_SUFFIXES = (
    " I'm sorry",
    " I don't know what to do",
    " sorry",
    "...",
    " i'm so tired",
    " I just needed to tell someone",
)
_COMPLAINT_PREFIXES = (
    "I'm writing to complain.",
    "Honestly,",
    "Not happy.",
    "To whoever reads this,",
    "I have to say something.",
    "Hi,",
    "Unbelievable.",
    "{name} here.",
    "I've been a patient here for 8 years.",
    "So disappointed.",
)
_COMPLAINT_SUFFIXES = (
    " Unacceptable.",
    " I want a call back from a manager.",
    " I'll be leaving a review.",
    " Very disappointed.",
    " This is ridiculous.",
    "!!",
    " Do better.",
    " I expect an apology.",
)
_SMALL_PREFIXES = ("oh", "ok", "hey", "well", "aww", "oh ok")
_SMALL_SUFFIXES = ("!", " :)", " 🙂", "!!", " 😊", " 👍", " :D")
_UNKNOWN_PREFIXES = ("hey", "yo", "hi,", "quick q", "random question but", "sorry lol")
_UNKNOWN_SUFFIXES = ("?", " lol", " thx", " haha", " ??", " asap")

STYLES: dict[str, Style] = {
    "routine": Style(
        _GENERIC_PREFIXES, _GENERIC_SUFFIXES, 0.35, 0.30, 0.30, 0.30, 0.25, 0.35, 0.06
    ),
    "records": Style(
        _RECORDS_PREFIXES, _RECORDS_SUFFIXES, 0.35, 0.30, 0.25, 0.25, 0.25, 0.35, 0.05
    ),
    "urgent": Style(_URGENT_PREFIXES, _URGENT_SUFFIXES, 0.35, 0.35, 0.35, 0.40, 0.40, 0.35, 0.15),
    "crisis": Style(_CRISIS_PREFIXES, _CRISIS_SUFFIXES, 0.30, 0.30, 0.30, 0.30, 0.35, 0.50, 0.04),
    "complaint": Style(
        _COMPLAINT_PREFIXES, _COMPLAINT_SUFFIXES, 0.35, 0.35, 0.25, 0.30, 0.25, 0.30, 0.12
    ),
    "small": Style(_SMALL_PREFIXES, _SMALL_SUFFIXES, 0.25, 0.40, 0.30, 0.20, 0.30, 0.40, 0.08),
    "unknown": Style(
        _UNKNOWN_PREFIXES, _UNKNOWN_SUFFIXES, 0.25, 0.30, 0.30, 0.30, 0.30, 0.35, 0.06
    ),
}

# --------------------------------------------------------------------------
# Surface transformations.
# --------------------------------------------------------------------------

SMS = {
    "you": ("u",),
    "your": ("ur",),
    "you're": ("ur", "youre"),
    "are": ("r",),
    "please": ("pls", "plz"),
    "thanks": ("thx", "thnx"),
    "tomorrow": ("tmrw", "tmr", "tomorow"),
    "appointment": ("appt", "apt", "appointmnt"),
    "appointments": ("appts",),
    "doctor": ("dr", "doc"),
    "prescription": ("rx", "perscription", "prescrption"),
    "because": ("bc", "cuz"),
    "with": ("w/", "w"),
    "about": ("abt",),
    "tonight": ("tonite",),
    "what's": ("whats", "wats"),
    "i'm": ("im",),
    "don't": ("dont",),
    "can't": ("cant",),
    "won't": ("wont",),
    "didn't": ("didnt",),
    "doesn't": ("doesnt",),
    "isn't": ("isnt",),
    "it's": ("its",),
    "okay": ("ok", "k"),
    "really": ("rly", "realy"),
    "people": ("ppl",),
    "message": ("msg",),
    "before": ("b4",),
    "minutes": ("mins",),
    "hours": ("hrs",),
    "information": ("info",),
    "want to": ("wanna",),
    "going to": ("gonna",),
    "know": ("kno",),
    "to": ("2",),
    "for": ("4",),
    "see": ("c",),
    "why": ("y",),
    "and": ("&", "n"),
    "something": ("smth",),
    "someone": ("some1",),
    "probably": ("prob",),
    "schedule": ("sched", "schedual"),
    "medication": ("med", "meds"),
    "received": ("recieved",),
    "definitely": ("definately",),
    "pharmacy": ("pharm",),
    "insurance": ("insurence",),
}
_SMS_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in SMS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

_NEIGHBOURS = {
    "a": "qsz", "b": "vgn", "c": "xdv", "d": "sfe", "e": "wrd", "f": "dgr", "g": "fht",
    "h": "gjy", "i": "uok", "j": "hku", "k": "jli", "l": "ko", "m": "n", "n": "bm",
    "o": "ipl", "p": "o", "q": "wa", "r": "etf", "s": "adw", "t": "ryg", "u": "yij",
    "v": "cb", "w": "qes", "x": "zc", "y": "tu", "z": "xa",
}  # fmt: skip

_SLOT_RE = re.compile(r"\{([a-z]+)(\d?)\}")


def fill_slots(text: str, rng: random.Random) -> str:
    used: dict[str, set[str]] = defaultdict(set)

    def pick(m: re.Match[str]) -> str:
        base = m.group(1)
        pool = [v for v in POOLS[base] if v not in used[base]]
        value = rng.choice(pool)
        used[base].add(value)
        return value

    return _SLOT_RE.sub(pick, text)


def sms(text: str, rng: random.Random) -> str:
    def swap(m: re.Match[str]) -> str:
        if rng.random() < 0.45:
            return m.group(0)
        return rng.choice(SMS[m.group(0).lower()])

    return _SMS_RE.sub(swap, text)


def typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha() and not w[0].isupper()]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    op = rng.random()
    if op < 0.3:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif op < 0.55:
        w = w[:j] + w[j + 1 :]
    elif op < 0.75:
        w = w[:j] + w[j] + w[j:]
    else:
        c = w[j].lower()
        if c in _NEIGHBOURS:
            w = w[:j] + rng.choice(_NEIGHBOURS[c]) + w[j + 1 :]
    words[i] = w
    return " ".join(words)


_PUNCT_RE = re.compile(r"[.,!?;:\"]")


def strip_punct(text: str, rng: random.Random) -> str:
    text = _PUNCT_RE.sub("", text)
    if rng.random() < 0.6:
        text = text.replace("'", "").replace("’", "")
    return text


def attach_prefix(prefix: str, text: str, rng: random.Random) -> str:
    if prefix[-1] in ",-" and rng.random() < 0.6 and text[:2] != "I " and not text.startswith("I'"):
        text = text[:1].lower() + text[1:]
    return f"{prefix} {text}"


def attach_suffix(text: str, suffix: str) -> str:
    if suffix.startswith(",") and text[-1:] in ".?!":
        return f"{text} {suffix[1:].strip()}"
    if suffix.startswith(". ") and text[-1:] in ".?!":
        return f"{text} {suffix[2:]}"
    return text + suffix


def vary(template: str, rng: random.Random, style: Style) -> str:
    s = template
    if rng.random() < style.prefix_p:
        s = attach_prefix(rng.choice(style.prefixes), s, rng)
    if rng.random() < style.suffix_p:
        s = attach_suffix(s, rng.choice(style.suffixes))
    s = fill_slots(s, rng)
    if rng.random() < style.sms_p:
        s = sms(s, rng)
    if rng.random() < style.typo_p:
        s = typo(s, rng)
        if rng.random() < 0.25:
            s = typo(s, rng)
    if rng.random() < style.strip_punct_p:
        s = strip_punct(s, rng)
    r = rng.random()
    if r < style.lower_p:
        s = s.lower()
    elif r < style.lower_p + style.upper_p:
        s = s.upper()
    return " ".join(s.split())


# --------------------------------------------------------------------------
# Keyboard mash / gibberish (unknown), generated in families.
# --------------------------------------------------------------------------

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertasdfgzxcvb", "yuiophjklnm")
_SYLLABLES = (
    "bl",
    "orp",
    "zin",
    "qua",
    "ddle",
    "fl",
    "ump",
    "gr",
    "ix",
    "tor",
    "mev",
    "sn",
    "ark",
    "plo",
    "vy",
    "kes",
    "dro",
    "wub",
)


def mash_family(family: int) -> list[str]:
    rng = random.Random(f"{RANDOM_SEED}:mash:{family}")
    kind = family % 4
    out = []
    for _ in range(4):
        if kind == 0:  # one keyboard row
            row = rng.choice(_ROWS)
            out.append("".join(rng.choice(row) for _ in range(rng.randint(5, 14))))
        elif kind == 1:  # alternating neighbours, pocket-dial style
            a, b = rng.sample("asdfjkl;ghqwe", 2)
            s = "".join(rng.choice((a, b, a)) for _ in range(rng.randint(6, 12)))
            out.append(s.capitalize() if rng.random() < 0.4 else s)
        elif kind == 2:  # made-up words
            n = rng.randint(2, 4)
            out.append(
                " ".join(
                    "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))
                    for _ in range(n)
                )
            )
        else:  # repeated letter runs with spaces
            c = rng.choice("hjkmgnvbdf")
            out.append(" ".join(c * rng.randint(3, 9) for _ in range(rng.randint(1, 3))))
    return out


MASH_FAMILIES = 12

# --------------------------------------------------------------------------
# Assembly.
# --------------------------------------------------------------------------


def norm_key(text: str) -> str:
    low = " ".join(text.lower().split())
    key = " ".join(re.sub(r"[^\w\s]", " ", low).split())
    return key or low


def group_id(intent: str, first_text: str) -> str:
    return f"{intent}-{hashlib.sha256(first_text.encode()).hexdigest()[:10]}"


@dataclass
class Group:
    gid: str
    intent: str
    members: list[str]  # seed templates, or literal texts when raw
    raw: bool = False


def parse_groups() -> list[Group]:
    groups: list[Group] = []
    seen_ids: set[str] = set()
    for intent, block in SEEDS.items():
        for line in block.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            members = [m.strip() for m in line.split(FAMILY_SEP) if m.strip()]
            gid = group_id(intent, members[0])
            if gid in seen_ids:
                raise SystemExit(f"duplicate seed line under {intent}: {members[0]!r}")
            seen_ids.add(gid)
            groups.append(Group(gid, intent, members))
    for line in RAW_UNKNOWN.splitlines():
        line = line.strip()
        if line and not line.startswith("# "):
            groups.append(Group(group_id("unknown", line), "unknown", [line], raw=True))
    for fam in range(MASH_FAMILIES):
        groups.append(Group(f"unknown-mash{fam:02d}", "unknown", mash_family(fam), raw=True))
    return groups


def generate(groups: list[Group]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    owner: dict[str, str] = {}  # norm key -> intent
    by_label: dict[str, list[Group]] = defaultdict(list)
    for g in groups:
        by_label[g.intent].append(g)

    def add(text: str, g: Group, *, strict: bool) -> bool:
        key = norm_key(text)
        if key in owner:
            if strict and owner[key] != g.intent:
                raise SystemExit(f"seed {text!r} ({g.intent}) collides with a text of {owner[key]}")
            return False
        owner[key] = g.intent
        rows.append({"text": text, "intent": g.intent, "group": g.gid})
        return True

    for intent, label_groups in by_label.items():
        style = STYLES[STYLE_OF[intent]]
        n_raw = sum(len(g.members) for g in label_groups if g.raw)
        templated = [g for g in label_groups if not g.raw]
        n_members = sum(len(g.members) for g in templated)
        # Each seed member gets its clean form plus `quota - 1` variants.
        target = TARGET_OVERRIDES.get(intent, TARGET_PER_LABEL)
        quota = math.ceil(max(target - n_raw, 0) / max(n_members, 1)) if templated else 0
        for g in label_groups:
            if g.raw:
                for text in g.members:
                    add(text, g, strict=True)
                continue
            for m_idx, member in enumerate(g.members):
                rng = random.Random(f"{RANDOM_SEED}:{g.gid}:{m_idx}")
                add(fill_slots(member, rng), g, strict=True)
                made, attempts = 1, 0
                while made < quota and attempts < quota * MAX_ATTEMPTS_PER_VARIANT:
                    attempts += 1
                    if add(vary(member, rng, style), g, strict=False):
                        made += 1
    return rows


def assign_splits(groups: list[Group]) -> dict[str, str]:
    """Per label, order groups by a hash of their id and cut 15% test, 15% validation."""
    split_of: dict[str, str] = {}
    by_label: dict[str, list[str]] = defaultdict(list)
    for g in groups:
        by_label[g.intent].append(g.gid)
    for gids in by_label.values():
        ordered = sorted(
            gids, key=lambda gid: hashlib.sha256(f"{RANDOM_SEED}:split:{gid}".encode()).hexdigest()
        )
        start = 0
        for split, frac in SPLIT_FRACTIONS:
            n = max(1, round(len(ordered) * frac))
            for gid in ordered[start : start + n]:
                split_of[gid] = split
            start += n
        for gid in ordered[start:]:
            split_of[gid] = "train"
    return split_of


def build(out_dir: Path) -> dict[str, Counter[str]]:
    groups = parse_groups()
    rows = generate(groups)
    split_of = assign_splits(groups)
    order = {intent: i for i, intent in enumerate(SEEDS)}
    rows.sort(
        key=lambda r: (order[r["intent"]], r["group"])
    )  # stable: keeps generation order inside a group
    counts: dict[str, Counter[str]] = {s: Counter() for s in SPLITS}
    out_dir.mkdir(parents=True, exist_ok=True)
    handles = {
        s: (out_dir / f"{s}.jsonl").open("w", encoding="utf-8", newline="\n") for s in SPLITS
    }
    try:
        for r in rows:
            split = split_of[r["group"]]
            handles[split].write(json.dumps(r, ensure_ascii=False) + "\n")
            counts[split][r["intent"]] += 1
    finally:
        for h in handles.values():
            h.close()
    return counts


def seeds_per_label() -> Counter[str]:
    c: Counter[str] = Counter()
    for g in parse_groups():
        c[g.intent] += 1
    return c


def markdown_table(counts: dict[str, Counter[str]]) -> str:
    n_groups = seeds_per_label()
    lines = [
        "| intent | seed groups | train | validation | test | total |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    tot = Counter()
    for intent in SEEDS:
        vals = [counts[s][intent] for s in SPLITS]
        tot.update(dict(zip(SPLITS, vals, strict=True)))
        tot["groups"] += n_groups[intent]
        lines.append(
            f"| {intent} | {n_groups[intent]} | {' | '.join(map(str, vals))} | {sum(vals)} |"
        )
    lines.append(
        f"| **all** | {tot['groups']} | {' | '.join(str(tot[s]) for s in SPLITS)} | {sum(tot[s] for s in SPLITS)} |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent, help="output folder"
    )
    ap.add_argument("--quiet", action="store_true", help="do not print the counts table")
    args = ap.parse_args(argv)
    counts = build(args.out)
    if not args.quiet:
        print(markdown_table(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
