"""Mentions: every vocabulary name (one Aho-Corasick automaton per vocabulary) and every
pattern match (therapies by INN stem or code name, targets, organisations, class words,
barrier words) in a text, overlaps resolved.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import replace

import ahocorasick

from tlkg.loaders.text import phrases as P
from tlkg.loaders.text.aliases import link_aliases
from tlkg.loaders.text.barrier_words import (
    DURATION_BEFORE,
    DURATION_KEYS,
    FACILITY_AFTER,
    MANUFACTURING_WORD,
)
from tlkg.loaders.text.disease_anaphors import (
    disease_anaphors,
    eponym_short_forms,
    setting_diseases,
)
from tlkg.loaders.text.diseases import DiseaseName, disease_names
from tlkg.loaders.text.drug_names import is_radioligand_name, pattern_therapies
from tlkg.loaders.text.fixed_doses import fixed_dose_combinations
from tlkg.loaders.text.maker_slots import possessive_orgs, slot_orgs
from tlkg.loaders.text.model import BarrierMention, Disjoint, Mention
from tlkg.loaders.text.patterns import (
    BARRIER_RES,
    CAR_BODY,
    CAR_HIT,
    CAR_MOD_RES,
    CAR_PREFIX,
    FALLBACK_IND,
    MODALITY_RES,
    NON_CD3_ARM,
    ORG,
    ORG_LEAD_STOP,
    ORG_SUFFIX,
    REFERENCE_BEFORE,
    TARGETED_CLASSES,
    TGT_PREFIX,
    names_a_setting,
    written_in_lower_case,
)
from tlkg.loaders.text.sentences import FOLD, Span, fold
from tlkg.loaders.text.short_names import truncated_names
from tlkg.loaders.text.target_forms import pattern_targets
from tlkg.ontology import concepts as C
from tlkg.ontology import stems
from tlkg.ontology.ids import slugify
from tlkg.ontology.names import ends_in_greek_letter, spelling_variants
from tlkg.ontology.vocab import Vocabulary

_I = re.IGNORECASE
_VOCAB_KINDS = ("therapy", "target", "indication", "organization")


class _Matcher:
    """Aho-Corasick automaton over every vocabulary name of one Vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.automaton = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, str, str, bool]]] = {}
        for kind in _VOCAB_KINDS:
            for name, key in vocab.surface_forms(kind):
                for form in spelling_variants(name):
                    folded = fold(form)
                    if len(folded) < 2:
                        continue
                    sensitive = _case_sensitive(form, kind)
                    table.setdefault(folded, []).append((kind, key, form, sensitive))
        for folded, values in table.items():
            self.automaton.add_word(folded, (len(folded), tuple(values)))
        if table:
            self.automaton.make_automaton()
        self.empty = not table

    def find(self, text: str, folded: str, vocab: Vocabulary) -> list[Mention]:
        if self.empty:
            return []
        out: list[Mention] = []
        n = len(text)
        for end_idx, (length, values) in self.automaton.iter(folded):
            start, end = end_idx - length + 1, end_idx + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            for kind, key, form, sensitive in values:
                stop = end
                if stop < n and folded[stop].isalnum():
                    # "BCMAxCD3"; plural indications ("lymphomas")
                    if (
                        kind == "target"
                        and folded[stop] == "x"
                        and text[stop + 1 : stop + 2].isupper()
                    ):
                        pass
                    elif (
                        kind in ("indication",)
                        and folded[stop] == "s"
                        and (stop + 1 >= n or not folded[stop + 1].isalnum())
                    ):
                        stop += 1
                    else:
                        continue
                if sensitive and text[start:end].translate(FOLD) != form.translate(FOLD):
                    continue
                if sensitive and folded[start:end] in P.WORD_SYMBOLS and _shouted(text, start):
                    continue
                entry = vocab.get(kind, key)
                name = entry.name if entry else form
                out.append(Mention(kind, key, name, start, stop, True, priority=3))
                break
        return out


def _shouted(text: str, at: int) -> bool:
    """Whether the line holding ``at`` is written in capitals (three words or more, no
    lower-case letter)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start : end if end >= 0 else len(text)]
    return not any(c.islower() for c in line) and len(re.findall(r"[A-Z]{2,}", line)) >= 3


def _case_sensitive(form: str, kind: str) -> bool:
    """Acronyms, code names and organisation names match only as written; ordinary words
    and brand names ("Abecma", also written "ABECMA") match in any case."""
    if kind == "organization":
        return any(c.isupper() for c in form)
    return any(c.isupper() for c in form[1:]) or stems.is_code_name(form)


_MATCHERS: weakref.WeakKeyDictionary[Vocabulary, tuple[tuple[int, int], _Matcher]] = (
    weakref.WeakKeyDictionary()
)


def matcher(vocab: Vocabulary) -> _Matcher:
    """The automaton of ``vocab``, built once and rebuilt only if the vocabulary grew."""
    stamp = (len(vocab), len(vocab.files))
    cached = _MATCHERS.get(vocab)
    if cached is None or cached[0] != stamp:
        cached = (stamp, _Matcher(vocab))
        _MATCHERS[vocab] = cached
    return cached[1]


def _resolve_overlaps(items: list[Mention]) -> list[Mention]:
    """Longest match wins; equal lengths go to the higher priority, then the earlier."""
    chosen: list[Mention] = []
    taken = Disjoint()
    for m in sorted(items, key=lambda m: (-m.length, -m.priority, m.start)):
        if not taken.overlaps(m):
            chosen.append(m)
            taken.add(m)
    return sorted(chosen, key=lambda m: m.start)


def _car_modality(mods: str) -> str:
    for pattern, key in CAR_MOD_RES:
        if pattern.search(mods):
            return key
    return C.CAR_T


def _modality_mentions(text: str, folded: str) -> list[Mention]:
    out: list[Mention] = []
    for hit in CAR_HIT.finditer(text):
        m = CAR_BODY.match(text, hit.start())
        if m is None:
            continue
        pre = CAR_PREFIX.search(text, max(0, hit.start() - 100), hit.start())
        mods = pre.group("mods") if pre else ""
        ref = bool(pre and pre.group("ref"))
        core = m.group("core")
        if not re.match(r"CARs?[- ]?T|chimeric", core, _I) and not mods:
            continue  # a bare "CAR" only with a modifier ("in vivo CAR")
        key = _car_modality(mods) if mods else (C.CAR_T_IN_VIVO if m.group("post") else C.CAR_T)
        start = pre.start() if pre and (mods or ref) else hit.start()
        reference = ref or bool(REFERENCE_BEFORE.search(text, max(0, start - 40), start))
        if reference and key == C.CAR_T:
            key = P.REFERENCE_CAR_MODALITY
        out.append(
            Mention("modality", key, text[start : m.end()], start, m.end(), True, reference, 1)
        )
    for pattern, key, anchors in MODALITY_RES:
        if not any(a in folded for a in anchors):
            continue
        for m in pattern.finditer(text):
            start = m.start()
            if key in TARGETED_CLASSES:
                pre = TGT_PREFIX.search(text, max(0, start - 60), start)
                if pre is not None and pre.start() < start:
                    start = pre.start()
            reference = bool(REFERENCE_BEFORE.search(text, max(0, start - 40), start))
            mkey = key
            if key == C.BISPECIFIC and _OTHER_PAIR.search(text, max(0, start - 30), m.start()):
                mkey = C.MONOCLONAL_ANTIBODY  # "PD-1xVEGF bispecific antibodies": no CD3 arm
            out.append(
                Mention("modality", mkey, text[start : m.end()], start, m.end(), True, reference, 1)
            )
    return out


# Two arms named before a bispecific class word, neither CD3 ("PD-1xVEGF", "PD-1/VEGF").
_OTHER_PAIR = re.compile(
    rf"(?<![\w-]){NON_CD3_ARM}\s?[x×/]\s?{NON_CD3_ARM}(?:[\s-]+[a-z]+)?[\s-]+\Z"
)


def barrier_mentions(text: str, folded: str) -> list[BarrierMention]:
    found: list[BarrierMention] = []
    for pattern, keys, polarity, anchors in BARRIER_RES:
        if not any(a in folded for a in anchors):
            continue
        for m in pattern.finditer(text):
            found.append(BarrierMention(keys, m.start(), m.end(), polarity))
    if "week" in folded or "month" in folded:
        found.extend(duration_barriers(text))
    chosen: list[BarrierMention] = []
    taken = Disjoint()
    for b in sorted(found, key=lambda b: (-(b.end - b.start), b.start)):
        if not taken.overlaps(b):
            chosen.append(b)
            taken.add(b)
    return sorted(chosen, key=lambda b: b.start)


_WEEKS = re.compile(r"\b(?:weeks?|month)\b", re.IGNORECASE)
_DURATION_WINDOW = 60  # characters before a duration searched for a manufacturing word


def duration_barriers(text: str) -> list[BarrierMention]:
    """Manufacturing durations (``barrier_words.DURATION_BEFORE``), read back from each
    "weeks"/"month"."""
    out: list[BarrierMention] = []
    for w in _WEEKS.finditer(text):
        lo = max(0, w.start() - 40)
        duration = DURATION_BEFORE.search(text, lo, w.end())
        if duration is None:
            continue
        start = duration.start()
        maker = MANUFACTURING_WORD.search(text, max(0, start - _DURATION_WINDOW), start)
        if maker is not None:
            out.append(BarrierMention(DURATION_KEYS, maker.start(), w.end(), None))
        elif (after := FACILITY_AFTER.match(text, w.end())) is not None:
            out.append(BarrierMention(DURATION_KEYS, start, after.end(), None))
    return out


def _fallback_indications(text: str, folded: str, vocab: Vocabulary) -> list[Mention]:
    out: list[Mention] = []
    for pattern, canonical, anchors in FALLBACK_IND:
        if not any(a in folded for a in anchors):
            continue
        for m in pattern.finditer(text):
            entry = vocab.resolve("indication", canonical)
            key = entry.key if entry else slugify(canonical)
            name = entry.name if entry else canonical
            out.append(Mention("indication", key, name, m.start(), m.end(), bool(entry)))
    return out


_TUMOUR_WORD = re.compile(r"\b(?:tumou?rs?|carcinomas?|neoplasms?)$")


def _pattern_diseases(text: str, vocab: Vocabulary) -> list[Mention]:
    """Diseases by form (``diseases``), keyed by the vocabulary's entry when it knows the
    name; a vocabulary name or a fallback of the same span wins (lowest priority)."""
    out: list[Mention] = []
    typed: dict[str, tuple[str, str]] = {}
    for d in [*disease_names(text), *_title_case_diseases(text, vocab)]:
        entry = vocab.resolve("indication", d.name) or vocab.resolve(
            "indication", _TUMOUR_WORD.sub("cancer", d.name)
        )
        if entry is None:
            d = replace(d, name=_synonym_tail(d.name, vocab))
            entry = vocab.resolve("indication", d.name)
        key, name = (entry.key, entry.name) if entry else (slugify(d.name), d.name)
        if entry is None:
            key, name = typed.setdefault(_type_order(name), (key, name))
        out.append(Mention("indication", key, name, d.start, d.end, bool(entry), priority=0))
        out.extend(_disease_short_forms(text, d.end, key, name, bool(entry)))
    return out


_TYPED = re.compile(r"(?i)^(?:type\s+(\w+)\s+(.+)|(.+?)\s+type\s+(\w+))$")


def _type_order(name: str) -> str:
    """One key for "type 1 narcolepsy" and "narcolepsy type 1": the article's first
    spelling names both."""
    m = _TYPED.match(name)
    if m is None:
        return name.lower()
    number, head = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    return f"{head} type {number}".lower()


def _synonym_tail(name: str, vocab: Vocabulary) -> str:
    """``name`` with its longest tail the vocabulary knows by another name written by the
    vocabulary's own ("relapsed or refractory myeloma" -> "relapsed or refractory multiple
    myeloma"): one population, one name."""
    words = name.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        entry = vocab.resolve("indication", tail)
        if entry is not None:
            if entry.name.lower() == tail.lower():
                return name
            return " ".join([*words[:i], entry.name])
    return name


def _title_case_diseases(text: str, vocab: Vocabulary) -> list[DiseaseName]:
    """Diseases of lines written in Title Case, found in the line lower-cased (offsets kept:
    "... in Previously Treated CLDN18.2-Positive Gastric Cancer"), where no vocabulary name
    stands ("Follicular Lymphoma" is the vocabulary's, whatever words come before it)."""
    out: list[DiseaseName] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        words = re.findall(r"[A-Za-z][a-z]{3,}", line)
        if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.6 * len(words):
            continue
        lowered = "".join(
            w.lower() if w[:1].isupper() and w[1:].islower() else w
            for w in re.split(r"(\W+)", line)
        )
        if len(lowered) != len(line):
            continue
        known = [m for m in matcher(vocab).find(line, fold(line), vocab) if m.kind == "indication"]
        for d in disease_names(lowered):
            if not any(m.start < d.end and d.start < m.end for m in known):
                out.append(replace(d, start=d.start + start, end=d.end + start))
    return out


# "chronic spontaneous urticaria (CSU)": the short form the article then uses.
_SHORT_FORM = re.compile(r"\s*\(\s*([A-Z][A-Za-z]{1,6})\s*\)")


def _disease_short_forms(text: str, end: int, key: str, name: str, known: bool) -> list[Mention]:
    m = _SHORT_FORM.match(text, end)
    if m is None or sum(c.isupper() for c in m.group(1)) < 2:
        return []
    form = m.group(1)
    tail = _spelled_tail(form, name)
    if tail is not None:  # "sporadic amyotrophic lateral sclerosis (ALS)": ALS is the tail
        key, name, known = slugify(tail), tail, False
    return [
        Mention("indication", key, name, hit.start(), hit.end(), known, priority=0)
        for hit in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text)
        if tail is None or hit.start() != m.start(1)  # not the definition itself then
    ]


def _spelled_tail(form: str, name: str) -> str | None:
    """The last words of ``name`` whose initials spell ``form`` when the first words are
    left out of it ("sporadic amyotrophic lateral sclerosis" (ALS): "amyotrophic lateral
    sclerosis"); None when the form spells the whole name or no tail of it."""
    words = name.split()
    initials = "".join(w[0] for w in words).upper()
    if initials == form.upper() or not form.isupper():
        return None
    for k in range(len(words) - 1, 1, -1):
        if initials[-k:] == form:
            return " ".join(words[-k:])
    return None


_CORPORATE_FORMS = frozenset(
    {"Co", "Ltd", "Inc", "Corp", "Corporation", "LLC", "Limited", "plc", "PLC", "AG", "SA",
     "GmbH", "NV", "SE"}
)  # fmt: skip


# Regulators, health technology assessment bodies and payers: they judge products, never
# make them ("the National Institute for Health and Care Excellence (NICE) said corvesiran
# should be available").
_AUTHORITY = re.compile(
    r"Health\s+and\s+Care\s+Excellence|Food\s+and\s+Drug\s+Administration|Medicines\s+Agency"
    r"|Regulatory\s+Agency|Clinical\s+and\s+Economic\s+Review|Health\s+Technology\s+Assessment"
    r"|Quality\s+and\s+Efficiency\s+in\s+Health\s+Care|Medicare|Medicaid|Ministry\s+of\s+Health",
    re.IGNORECASE,
)


def _pattern_orgs(text: str, vocab: Vocabulary) -> list[Mention]:
    out: list[Mention] = []
    institutions = (
        [i.span() for i in _INSTITUTION.finditer(text)]
        if " of " in text or (" for " in text)
        else []
    )
    for lo, hi in institutions:
        name = text[lo:hi]
        if _AUTHORITY.search(name):
            continue
        entry = vocab.resolve("organization", name)
        key, name = (entry.key, entry.name) if entry else (slugify(name), name)
        out.append(Mention("organization", key, name, lo, hi, bool(entry)))
    for m in ORG.finditer(text):
        if any(lo <= m.start(1) < hi for lo, hi in institutions):
            continue  # "the Ashcombe Institute of Immunology": the whole name
        name = m.group(1)
        if _AUTHORITY.search(name):
            continue
        words = name.split()
        while words and (
            words[0] in ORG_LEAD_STOP or words[0].endswith(("'s", "’s", "-based", "-headquartered"))
        ):
            # "Japan's Sanbridge Pharma": the country's, not the name's; "Plymouth-based
            # Fowey Biotherapeutics": where it is, not its name
            words.pop(0)
        start = m.end(1) - len(" ".join(words))
        # "Suzhou Hengrun Biopharmaceutical Co., Ltd.", "Tsurugi Nucleic Acid Research Co.":
        # the company form is no part of the name when two words or more stay ("Merck &
        # Co." keeps it)
        while (
            len(words) > 2
            and words[-1].rstrip(".,") in _CORPORATE_FORMS
            and words[-2] not in ("&", "and")
        ):
            words.pop()
        if len(words) < 2:
            continue
        name = " ".join(words).rstrip(".,")
        entry = vocab.resolve("organization", name)
        key = entry.key if entry else slugify(name)
        out.append(
            Mention(
                "organization",
                key,
                entry.name if entry else name,
                start,
                start + len(name),
                bool(entry),
            )
        )
    # Short forms of the suffixed names ("Arvenza" for "Arvenza Pharma").
    short = {o.name.split()[0]: o for o in out if not o.known and len(o.name.split()[0]) > 3}
    for o in out:
        for word in o.name.split()[1:-1] if not o.known else ():
            if word not in short and _used_alone(text, word):
                short[word] = o  # "Kanghe" for "Jiangnan Kanghe Biopharma"
    for word, org in short.items():
        # (not the first part of a compound word: "CRISPR-edited", "Genmab-designed")
        for m in re.finditer(
            r"\b" + re.escape(word) + r"\b(?!\s+" + ORG_SUFFIX + r"|-[a-z])", text
        ):
            out.append(Mention("organization", org.key, org.name, m.start(), m.end(), False))
    # Universities have no short form ("Medical" is no name).
    for m in _UNIVERSITY.finditer(text) if "University" in text else ():
        name = m.group(0)
        entry = vocab.resolve("organization", name)
        key, name = (entry.key, entry.name) if entry else (slugify(name), name)
        out.append(Mention("organization", key, name, m.start(), m.end(), bool(entry)))
    return _to_full_names(out)


def _to_full_names(orgs: list[Mention]) -> list[Mention]:
    """ "the Delamere Institute" after "the Delamere Institute for Immunotherapy": the
    named institution the short form begins, one organisation."""
    longer = [o for o in orgs if " " in o.name]
    out = []
    for o in orgs:
        full = next(
            (f for f in longer if f.name.startswith((o.name + " for ", o.name + " of "))), None
        )
        if full is not None and not o.known:
            o = Mention(o.kind, full.key, full.name, o.start, o.end, full.known)
        out.append(o)
    return out


def _used_alone(text: str, word: str) -> bool:
    """Whether an inner word of a company's name ("Kanghe" of "Jiangnan Kanghe Biopharma")
    stands alone for it: capitalised inside a sentence, before no other capitalised word,
    and never written in lower case (not "Antibody" of "Wenling Antibody Institute")."""
    if len(word) <= 3 or not word.isalpha() or not word[0].isupper() or word.isupper():
        return False
    if written_in_lower_case(text, word):
        return False
    return re.search(r"[a-z,]\s+" + word + r"\b(?![^\S\n]+[A-Z]|-)", text) is not None


# "the Calder Vale Institute for Cancer Research", "the Elstree Centre for Cell and Gene
# Therapy", "the Dunmere Neuromuscular Research Network": named institutions, of or for
# something.
_INSTITUTION = re.compile(
    r"\b(?:(?!The\b)[A-Z][A-Za-z-]+[^\S\n]+){1,3}(?:Institute|Centre|Center|Network|Foundation"
    r"|Hospital|College|Society|Consortium|Alliance)[^\S\n]+(?:of|for)[^\S\n]+(?:the[^\S\n]+)?"
    r"[A-Z][A-Za-z-]+(?:[^\S\n]+(?:(?:and|&)[^\S\n]+"
    # (not "... for Cancer Research and Suzhou Hengyao Cell Therapeutics": another company)
    r"(?!(?:[A-Z][A-Za-z-]+[^\S\n]+){1,3}" + ORG_SUFFIX + r"\b))?[A-Z][A-Za-z-]+){0,4}"
)
_UNIVERSITY = re.compile(
    r"\b(?:(?!The\b)[A-Z][A-Za-z-]+[^\S\n]+){0,2}University[^\S\n]+of[^\S\n]+[A-Z][A-Za-z-]+"
    r"(?:[^\S\n]+[A-Z][A-Za-z-]+)?"
)


_ABSTRACT_NUMBER = re.compile(r"\b(?:Abstract|Poster)(?:[^\S\n]+(?:No\.?|number))?[^\S\n]+$", re.I)


def find_mentions(
    text: str,
    folded: str,
    vocab: Vocabulary,
    barriers: list[BarrierMention],
    spans: list[Span],
) -> list[Mention]:
    """Every mention of ``text`` (``folded`` is ``fold(text)``), sorted by start: vocabulary
    names first, then patterns; overlaps go to the longest match."""
    known = matcher(vocab).find(text, folded, vocab)
    pattern_th = []
    for m in pattern_therapies(text, folded):
        if any(c.isdigit() for c in m.name) and _ABSTRACT_NUMBER.search(
            text, max(0, m.start - 20), m.start
        ):
            continue  # "Abstract CT118: ...": a meeting's abstract number, not a code name
        entry = vocab.resolve("therapy", m.name)
        if entry is None:
            pattern_th.append(m)
        else:
            known.append(
                Mention("therapy", entry.key, entry.name, m.start, m.end, True, priority=3)
            )
    # a symbol the text gives as a target ("anti-OX40", "directed at OX40L") is no code
    by_form = pattern_targets(text, vocab)
    target_names = {t.name for t in by_form}
    pattern_th = [m for m in pattern_th if m.name not in target_names]
    layer = [
        *known,
        *pattern_th,
        *_modality_mentions(text, folded),
        *_fallback_indications(text, folded, vocab),
        *_pattern_diseases(text, vocab),
        *_pattern_orgs(text, vocab),
    ]
    main = [m for m in layer if m.kind != "target" and not names_a_setting(text, m.end)]
    # Class words and indications inside barrier words are part of the barrier
    # ("lymphodepleting chemotherapy", "T-cell lymphomas" after CAR-T).
    in_barrier = Disjoint(barriers)
    main = [m for m in main if m.kind in ("therapy", "organization") or not in_barrier.overlaps(m)]
    chosen = fixed_dose_combinations(text, _resolve_overlaps(main))
    chosen += possessive_orgs(text, [*known, *pattern_th], chosen)
    chosen += slot_orgs(text, [m for m in chosen if m.kind == "therapy"], chosen)
    therapies = Disjoint([m for m in chosen if m.kind == "therapy"])
    targets = [m for m in layer if m.kind == "target"] + by_form
    targets = [t for t in targets if not therapies.overlaps(t)]
    chosen += _resolve_overlaps(targets)
    chosen = _merge_inn_heads(chosen)
    chosen += truncated_names(text, chosen)
    before = {(m.start, m.end) for m in chosen if m.kind == "therapy"}
    chosen = link_aliases(text, sorted(chosen, key=lambda m: (m.start, -m.length)), vocab, spans)
    # Brands an introduction named ("Boehringer Ingelheim's Ofev (nintedanib)") have
    # possessive makers too.
    brands = [m for m in chosen if m.kind == "therapy" and (m.start, m.end) not in before]
    if brands:
        chosen += possessive_orgs(text, brands, chosen)
    chosen = setting_diseases(chosen)
    chosen += disease_anaphors(text, chosen)
    chosen += eponym_short_forms(text, chosen)
    return sorted(chosen, key=lambda m: (m.start, -m.length))


def _merge_inn_heads(mentions: list[Mention]) -> list[Mention]:
    """A lone first word of a two-word INN in the same text ("belantamab" for
    "belantamab mafodotin"), or the ligand of a radioligand ("fapirotide" for "lutetium Lu
    177 fapirotide"), is that therapy."""
    heads = {_head_word(m.name): m for m in mentions if m.kind == "therapy" and " " in m.name}
    # ("dinutuximab beta" and "dinutuximab" are two products)
    heads = {k: h for k, h in heads.items() if not ends_in_greek_letter(h.name)}
    out = []
    for m in mentions:
        if m.kind == "therapy" and " " not in m.name and m.name.lower() in heads and not m.known:
            h = heads[m.name.lower()]
            m = Mention("therapy", h.key, h.name, m.start, m.end, h.known, priority=m.priority)
        out.append(m)
    return out


def _head_word(name: str) -> str:
    words = name.lower().split()
    if is_radioligand_name(name):
        numbered = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
        if numbered and numbered[-1] < len(words) - 1:
            # "lutetium Lu 177 fapirotide", "Lu-177 X", "actinium (225Ac) X tetraxetan":
            # the ligand, the word after the isotope
            return words[numbered[-1] + 1]
    return words[0]
