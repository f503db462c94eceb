"""Therapies: one per therapy key found in the text, with its aliases as written and its
modality: from the vocabulary, else inferred from the name, the words around it or the
article's dominant class word.
"""

from __future__ import annotations

import re
from collections import defaultdict

from tlkg.loaders.text import naming
from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.drug_names import CHEMO_REGIMEN, inn_modality, is_radioligand_name
from tlkg.loaders.text.model import Mention, Therapy
from tlkg.loaders.text.patterns import PAIR_FORM
from tlkg.loaders.text.topic import TITLE_WEIGHT
from tlkg.ontology import concepts as C

_I = re.IGNORECASE
_IN_VIVO_SUBTYPES = (C.CAR_T_IN_VIVO_LNP, C.CAR_T_IN_VIVO_LENTIVIRAL)


def build_therapies(ctx: Context) -> None:
    dominant = _dominant_modality(ctx)
    for sent in ctx.sentences:
        for m in sent.mentions:
            if m.kind != "therapy":
                continue
            t = ctx.therapies.get(m.key)
            surface = ctx.text[m.start : m.end]
            if t is None:
                entry = ctx.vocab.get("therapy", m.key)
                t = Therapy(m.key, entry.name if entry else m.name, entry is not None)
                if entry is not None and entry.modality:
                    t.modality = entry.modality
                ctx.therapies[m.key] = t
            # An alias once, whatever its case ("zorva-cel", "Zorva-cel" at a sentence start).
            if surface.lower() != t.name.lower() and surface.lower() not in {
                a.lower() for a in t.aliases
            }:
                t.aliases.append(surface)
            if t.modality is None or (
                t.inferred
                and t.modality in (C.CAR_T, C.CELL_THERAPY, C.CAR_T_IN_VIVO, C.GENE_THERAPY)
            ):
                guess = _infer_modality(sent, m, t.modality)
                if guess and guess != t.modality:
                    t.modality, t.inferred = guess, True
    for t in ctx.therapies.values():
        if t.modality is None and dominant and _looks_like_code(t.name):
            t.modality, t.inferred = dominant, True
        if t.modality == C.BISPECIFIC and t.inferred and _binds_no_t_cell(ctx, t.key):
            t.modality = C.MONOCLONAL_ANTIBODY
        if t.modality in (C.CHEMOTHERAPY, C.CORTICOSTEROID):
            t.category = "generic"


# A T-cell engager says so somewhere ("CD3", "T-cell engager", "redirects T cells",
# "TCE"); a bispecific whose two arms are other targets ("a PD-1xVEGF bispecific
# antibody", "binds amyloid beta and the transferrin receptor") is an antibody of another
# kind. T cells named otherwise ("frees T cells from PD-1", "T-cell transfer colitis") and
# engagers of other cells ("NK-cell engager") are no such cue.
_T_CELL_CUE = re.compile(
    r"(?-i:CD3)(?!\d)|\bT[- ]cell[- ]engag|\bengag\w*(?:\s+\w+){0,3}\s+T[- ]cells?\b"
    r"|\b(?:redirect|recruit|bring|bridg|bind|link)\w*\s+(?:\w+\s+){0,4}T[- ]cells?\b"
    r"|(?<![\w-])engag(?:er|ers|ing)\b|(?-i:TCE|BiTE)",
    _I,
)
# "NK-cell engager", "natural killer (NK) cell engager", "myeloid engager": another cell's.
_ENGAGES_OTHER_CELLS = re.compile(
    r"\b(?:NK|natural\s+killer(?:\s+\(NK\))?|innate|myeloid|macrophage)[- ](?:cell[- ])?engag", _I
)


# "binds amyloid-beta with one arm and transferrin receptor 1 with the other"
_TWO_ARMS = re.compile(r"\bwith\s+one\s+arm\b[^.;]{1,80}?\bwith\s+the\s+other\b", _I)


def _binds_no_t_cell(ctx: Context, key: str) -> bool:
    """Is a bispecific (by its name or a class word) said to bind two targets, neither
    CD3, in a sentence naming it, and no sentence naming it speaks of T cells?"""
    sentences = [s for s in ctx.sentences if any(m.key == key for m in s.mentions)]
    if any(_ENGAGES_OTHER_CELLS.search(s.text) for s in sentences):
        return True  # "corbelimig, a BCMA-directed natural killer (NK) cell engager"
    if any(_T_CELL_CUE.search(s.text) for s in sentences):
        return False
    for s in sentences:
        if PAIR_FORM.search(s.text) or _TWO_ARMS.search(s.text):
            return True
        # (a code takes the article's dominant class: "J&J's JNJ-79635322, which also
        # binds BCMA and GPRC5D" in a story about T-cell engagers stays one)
        targets = {m.key for m in s.mentions if m.kind == "target"}
        if len(targets) >= 2 and not _looks_like_code(ctx.therapies[key].name):
            return True
    return False


def _infer_modality(sent: Sentence, m: Mention, current: str | None) -> str | None:
    if is_radioligand_name(m.name):
        return C.RADIOTHERAPY
    if CHEMO_REGIMEN.fullmatch(m.name):
        return C.CHEMOTHERAPY
    stem = naming.guess_modality(m.name) if not _looks_like_code(m.name) else None
    if stem is None:
        stem = inn_modality(m.name.split()[0]) if not _looks_like_code(m.name) else None
    if stem and stem not in (C.CELL_THERAPY, C.CAR_T, C.GENE_THERAPY):
        return stem
    # A class word said of the therapy: right before it, or in apposition after it.
    near = [
        c
        for c in sent.candidates
        if c.kind == "modality"
        and sent.eligible(c)
        and not c.reference
        and c.key not in (C.CHEMOTHERAPY, C.CORTICOSTEROID)
    ]
    best = None
    for c in near:
        dist = c.start - m.end if c.start >= m.end else m.start - c.end
        if dist <= 120 and (best is None or dist < best[0]):
            best = (dist, c.key)
    guess = best[1] if best else None
    if stem == C.GENE_THERAPY and not (guess or "").startswith(C.CAR_T_IN_VIVO):
        # a gene therapy INN ("-gene ... -vec") unless the text calls it an in vivo CAR-T
        # (a vector that makes CAR-T cells inside the patient)
        return stem
    context = naming.context_modality(sent.text)
    # Context words refine a generic guess; in vivo only to its own subtypes.
    vague = (None, C.CAR_T, C.CELL_THERAPY)
    if (
        context
        and context != C.CAR_T
        and (guess in vague or (guess == C.CAR_T_IN_VIVO and context in _IN_VIVO_SUBTYPES))
    ):
        guess = context
    if guess == C.CAR_T_IN_VIVO and re.search(r"lentivir", sent.text, _I):
        guess = C.CAR_T_IN_VIVO_LENTIVIRAL
    if guess is None and stem:
        guess = stem if current is None else current
    if guess is None and context:
        guess = context
    return guess or current


def _dominant_modality(ctx: Context) -> str | None:
    score: dict[str, float] = defaultdict(float)
    for sent in ctx.sentences:
        weight = TITLE_WEIGHT if ctx.has_title and sent.span.paragraph == 0 else 1.0
        for m in sent.candidates:
            # (chemotherapy and steroids are the background of most articles, the
            # treatment before or beside the programme: "not yet candidates for chemotherapy")
            if (
                m.kind == "modality"
                and not m.reference
                and sent.eligible(m)
                and m.key not in (C.CHEMOTHERAPY, C.CORTICOSTEROID)
            ):
                score[m.key] += weight
    return max(score, key=lambda k: score[k]) if score else None


def _looks_like_code(name: str) -> bool:
    return bool(re.search(r"\d", name)) and bool(re.search(r"[A-Z]", name))
