"""The registry parse's shortcuts (issue 13, load rate) change no answer: the target
patterns are run only on texts that hold what they need (``target_names._GUARDED``),
names are searched once over a record's texts joined (``appositions._mentions_in``), and
texts that cannot name a target are not split into sentences. Each shortcut is checked
against the plain computation it replaces, on the tricky inputs (case-insensitive
letters outside ASCII, a final sigma, text joins, overlapping names)."""

from __future__ import annotations

import random
import re
import string

import pytest

from tlkg.loaders.ctgov import appositions as A
from tlkg.loaders.ctgov import target_names as T
from tlkg.ontology.vocab import load_vocabulary

VOCAB = load_vocabulary([])


def _plain_target_names(text: str) -> list[str]:
    """``target_names`` without the anchors: every pattern run on every text."""
    names: list[str] = []
    for pattern in T._TARGET_RES:
        for match in pattern.finditer(text):
            names += [t.strip() for t in match.group(1).split("/")]
    names += [f"CD{n}" for n in T._CAR_NUMBER.findall(text)]
    return [n for n in names if n.upper() not in T._NOT_A_TARGET and not T.is_code_name(n)]


def test_folding_finds_every_letter_a_case_insensitive_pattern_matches() -> None:
    # Every character the regex engine takes for an ASCII letter under IGNORECASE
    # (the Kelvin sign, dotless and dotted i, long s ...) folds to that letter.
    letters = {c: re.compile(f"(?i:{c})") for c in string.ascii_lowercase}
    for cp in [*range(0x250), 0x130, 0x131, 0x17F, 0x212A, 0x212B, 0x1E9E, 0xFB05]:
        ch = chr(cp)
        for letter, pattern in letters.items():
            if pattern.fullmatch(ch):
                assert T.folded(ch) == letter, (hex(cp), letter)


WORDS = [
    "anti", "ANTİ", "CD3", "x", "×", "CD19", "BCMA", "receptor", "agonist", "BiTE", "CAR-T",
    "CART22", "STAR", "TCR", "BBz", "28z", "z", "ζ", "-", "/", "EGFR", "inhibitor",
    "INHIBıTOR", "of", "TKI", "tKı", "mAb", "antibody", "GLP-1", "PD-L1", "Bcl-2", "ſpecific",
    "targeting", "kinase", "\u00a0", "\n", "randomized", "Drug A",
]  # fmt: skip


def _texts(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(1, 9))]
        out.append((" " if rnd.random() < 0.7 else "").join(words))
    return out


def test_target_names_as_without_the_anchors() -> None:
    found = 0
    for text in _texts(7, 20000):
        expected = _plain_target_names(text)
        assert T.target_names(text) == expected, text
        found += bool(expected)
    assert found > 1000  # the inputs do name targets


NAMES = ["drug a", "Drug A", "abc", "ABC-1", "abc-1 xyz", "ΣΑΣ", "İbru", "x\x00y", "bcd"]
TEXT_WORDS = [
    "drug", "a", "Drug A", "abc", "ABC-1", "xyz", ",", "(", ")", "ΣΑΣ", "σας", "İbru", "\x00",
    "\n", "-", "bcd", "an", "EGFR inhibitor", "is", ".",
]  # fmt: skip


def test_names_found_in_joined_texts_as_in_each_text() -> None:
    rnd = random.Random(11)
    for _ in range(5000):
        texts = [
            " ".join(rnd.choice(TEXT_WORDS) for _ in range(rnd.randint(0, 10)))
            for _ in range(rnd.randint(0, 4))
        ]
        forms = [
            A._name_forms(tuple(rnd.sample(NAMES, rnd.randint(1, 3))))
            for _ in range(rnd.randint(1, 3))
        ]
        assert A._mentions_in(texts, forms) == [A._mentions(t, forms) for t in texts], texts


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        ("Drug A, a selective, oral FLT3 inhibitor, is given.", True),
        ("the anti-PD-1 antibody Drug A", True),
        ("Drug A (a BCMAxCD3 bispecific)", True),
        ("Drug A is an inhibitor of Bcl-2.", True),
        ("Drug A, a CD19 CAR 28z construct", True),
        ("A Study of Drug A in Acute Myeloid Leukemia", False),
    ],
)
def test_only_texts_that_may_name_a_target_are_read(text: str, readable: bool) -> None:
    assert T.may_name_target(text) is readable


def test_skipped_texts_name_no_target() -> None:
    # Texts the apposition reader skips give no target when read in full.
    for text in _texts(13, 4000):
        if not T.may_name_target(text):
            assert A.phrase_targets(text, VOCAB) == []
