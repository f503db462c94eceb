"""One therapy per programme, however the article introduces it: the names an article gives
one therapy become one therapy key, the best of them its name and the others its aliases.

Rules (general, no names listed anywhere):

1. **Introductions.** "A (B)", "A (B, C)", "A (B; C)", "A (formerly B)", "A, also known as
   B", "A, known during development as B", "A, which Harlow developed under the code B",
   "A (B), a ...": when A and every item in the parentheses is a therapy name (INN,
   new-style INN, code name, short "-cel" form, brand of the vocabulary, a brand marked
   (R)/TM, or one said to be a brand: "(marketed as Zorvexa)"), they are one therapy.
   Items that are an organisation ("(HBX-201, Harlow Bio)") or a trial id are skipped;
   anything else (a target "(BCMA)", a disease "(MM)", a class word "(CAR-T)", "(n = 34)",
   "(ORR 73%)", "(teclistamab and talquetamab)") means the parentheses are not an alias
   list.
2. **Short "-cel" forms.** "<p>-cel" names the cell-therapy INN of the same article whose
   first word starts with <p> and whose last word ends in "-cel"/"-leucel" ("zorva-cel"
   for "zorvacabtagene autoleucel"); when the article has none, the vocabulary's. Two
   candidates: no link.

3. **Detached codes and names.** A code introduced as an earlier name where no name stands
   beside it ("Acme, which had tested the drug under the code AC-101, ...", "formerly
   AC-101") names the programme in focus: in the same paragraph, the first unknown product
   INN of the last sentence naming one (its subject, not a comparator it ends on), else
   the article's most mentioned one. Likewise an INN introduced as a new name ("The
   antibody, now named dorvelimab, ...") names the coded programme in focus when that
   programme has no INN yet. Also "Bexley will develop it as BXO-402", "designated
   QBX-517 in Europe and QB-517J in Japan" (the second code joins the first), and a
   programme named only by codes takes an earlier one ("The product, CDM-1940, ... It was
   previously called CM-LV19").
4. **Table rows** (``alias_tables``). The names in the leading cells of a table row that
   hold only names ("| pelvoparib | KLS-101 | ... |", "| Kisunla | donanemab-azbt |
   LY3002813 |") are one programme.
5. **ADC short forms** ("sela-DXd" for the article's one "sela... deruxtecan").
6. **A maker's bare code** ("GFB-318" in a quote from Greyfield Biosciences, maker of
   sotravimig): ``maker_codes``, last.

Never merged: two therapies the vocabulary knows apart, or two different INNs (two drugs
are not one because an article wrote them side by side). The name is the vocabulary's
when one member is known, else the best written form: INN > brand > short form > code
name > anything else (on a tie the name the article uses most, then the first written).
What kind of name a name is, INN or code above all, is ``names.name_kind``'s answer (the
classifier the graph's clique leaders use too); a "-cel" short form, a brand to it, ranks
below other brands, and a name the article
marks or calls a brand ranks as a brand whatever its shape. Every mention of any member,
anywhere in the article, then carries the one key, so relations are credited to the one
therapy.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from dataclasses import replace

from tlkg.loaders.text.alias_groups import Groups
from tlkg.loaders.text.alias_tables import table_brands, table_rows
from tlkg.loaders.text.alias_words import ALIAS_WORDS, BRAND_WORDS, NOT_BRANDS
from tlkg.loaders.text.code_spellings import code_spellings
from tlkg.loaders.text.detached import detached_brands, detached_codes, detached_names
from tlkg.loaders.text.drug_names import (
    ADC_SHORT,
    ADC_SHORT_PAYLOADS,
    is_radioligand_name,
    is_short_form,
)
from tlkg.loaders.text.layouts import label_blocks
from tlkg.loaders.text.maker_codes import maker_codes
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.patterns import ENGLISH_ENDINGS, written_in_lower_case
from tlkg.loaders.text.sentences import Span
from tlkg.ontology.ids import slugify
from tlkg.ontology.names import (
    SHORT_CEL,
    NameKind,
    is_cell_inn,
    name_kind,
    short_cel_prefix,
)
from tlkg.ontology.vocab import Vocabulary

_I = re.IGNORECASE
# Never across a sentence or a line: "A, the standard drug.\nB, also known as C" is not A's.
_APPOSITION = re.compile(r"\s*,\s+(?:an?|the)\s[^,;().!?\n]{0,100}(?=,)")
# "A, a DLL3xCD3 engager known until this year as B": the alias words inside the apposition.
_APPOSITION_TO_ALIAS = re.compile(
    r"\s*,\s+(?:an?|the)\s[^,;().!?\n]{0,80}?(?=\s+(?:also\s+|previously\s+|formerly\s+)?known\b"
    r"|\s+(?:that|which)\s+(?:it|they)\s+calls?\b)"
)
_ALIAS_AFTER = re.compile(
    r"\s*,?\s*(?:(?:which|that)\s+(?:was\s+|is\s+|had\s+)?)?" + ALIAS_WORDS + r"\s+"
    # "discovered as LK-207 and was renamed RSM-0712 when ..."
    r"|\s*,?\s+and\s+(?:was\s+|has\s+been\s+|later\s+|then\s+|since\s+){0,2}renamed"
    r"(?:\s+as|\s+to)?\s+",
    _I,
)
# (also a label inside the brackets: "(development code ORB-1234)", "(INN: dorvatamig)",
# "(now dorvatamig)")
_ITEM_LEAD = re.compile(
    r"^(?:(?P<brand>"
    + BRAND_WORDS
    + r")|"
    + ALIAS_WORDS
    + r"|(?:(?:development|company|internal|research)\s+)?code(?:\s*name)?|INN|USAN|now"
    r"|(?:generic|international\s+non-?proprietary)\s+name)\s*:?\s+",
    _I,
)
# (one inner capital too: "PiaSky")
_BRAND_WORD = re.compile(r"^[A-Z](?:[a-z]{2,}|[a-z]+[A-Z][a-z]{2,})$")
_CAPITALS_WORD = re.compile(r"^[A-Z]{4,}$")  # a brand in capitals ("TYRENVO")
_NOUN_ENDINGS = (*ENGLISH_ENDINGS, "ors", "ers")  # a headline's noun ("PROGENITORS")
_OPEN = re.compile(r"\s*\(\s*")
_MAX_PAREN = 200
_MAKER_PART = re.compile(
    r"^(?:(?:originally\s+|first\s+)?(?:discovered|developed|made|licen[cs]ed|in-licen[cs]ed|invented"
    r"|originated|created|partnered|co-developed)\s+(?:by|at|from|with)|from|by)\s+\S",
    _I,
)
_TRIAL_ID = re.compile(r"^(?:NCT\d{8}|EudraCT\s*\d{4}-\d{6}-\d{2}|ISRCTN\d+)$", _I)
# A brand marked as one: "Zorvexa®", "ZORVEXA™".
_MARKED_BRAND = re.compile(r"^([A-Z][a-z]{2,}|[A-Z]{3,})\s?[®™]$")
# (the mark also written out, as press releases do: "PRAVELTA(TM)", "Zorvexa(R)")
_BRAND_BEFORE = re.compile(r"(?<![\w-])([A-Z][a-z]{2,}|[A-Z]{3,})\s?(?:[®™]|\((?:TM|R)\))\s*\Z")

# Rank of a kind of name when choosing the therapy's name (lower wins). A "-cel" short
# form is a brand to ``name_kind`` (the kinds a clique leader is chosen by), but here it
# ranks below a brand: "Zorvexa (zorva-cel)" is named by the brand whichever comes first.
_RANK: dict[NameKind, int] = {"inn": 0, "brand": 2, "code": 4, "descriptive": 5}
_SHORT_RANK = 3
# A generic name without a known stem, written in lower case ("tafamidis", "acoramidis"):
# brands are capitalised, so it ranks above them, and below an INN the stems recognise.
_GENERIC_RANK = 1


def _name_rank(name: str) -> int:
    if SHORT_CEL.match(name.strip()):
        # a gene therapy's "-vec" short form is less settled than a CAR-T's "-cel": no
        # better than its code ("ABBV-RGX-314 (sura-vec)")
        return _SHORT_RANK if name.strip().lower().endswith("-cel") else _RANK["code"]
    if is_radioligand_name(name):  # "actinium Ac 225 sorvipotide tetraxetan": an INN
        return _RANK["inn"]
    kind = name_kind(name)
    return _GENERIC_RANK if kind == "brand" and name.islower() else _RANK[kind]


def link_aliases(
    text: str, mentions: list[Mention], vocab: Vocabulary, spans: list[Span]
) -> list[Mention]:
    """``mentions`` (sorted by start) with the therapy mentions of one programme re-keyed
    to one therapy, plus the mentions of brands marked (R)/TM that an introduction named."""
    therapies = [m for m in mentions if m.kind == "therapy"]
    if not therapies:
        return mentions
    groups = Groups()
    for m in therapies:
        entry = vocab.get("therapy", m.key) if m.known else None
        inn = (
            name_kind(entry.name if entry else m.name) == "inn"
            or is_radioligand_name(m.name)  # "lutetium Lu 177 zadovipide": an INN too
            or (entry is not None and any(name_kind(a) == "inn" for a in entry.aliases))
        )
        groups.add(m.key, m.known, inn and not SHORT_CEL.match(m.name))
    code_spellings(text, therapies, groups)
    brands: list[Mention] = []
    _introductions(text, mentions, groups, brands)
    # an introduced short form ("etra-v") names its programme, in focus, from here on
    shorts = [b for b in brands if b.key and b.name[:1].islower()]
    if shorts:
        named = {t.key: t.name for t in therapies}
        therapies = [
            t if t in therapies else replace(t, name=named.get(t.key, t.name))
            for t in _brand_mentions(text, therapies, shorts)
        ]
    _short_forms(therapies, groups, vocab)
    _adc_short_forms(therapies, groups)
    # Rows and boxes say whose names they are: before any name is given to the one in focus.
    table_rows(text, therapies, groups)
    brands.extend(table_brands(text, therapies, groups))
    _fact_boxes(text, therapies, groups, brands)
    detached_names(text, therapies, groups)  # before codes: a named programme takes no code
    detached_codes(text, therapies, groups, frozenset(b.name for b in brands))
    detached_brands(text, therapies, brands)
    maker_codes(text, mentions, groups, spans)  # last: only codes nothing else linked
    if brands:
        mentions = _brand_mentions(text, mentions, brands)
        _brand_aliases(text, mentions, groups)
    branded = {groups.find(b.key) for b in brands if b.key}
    return _rekey(mentions, groups, vocab, branded, {b.name for b in brands if b.key})


def _brand_aliases(text: str, mentions: list[Mention], groups: Groups) -> None:
    """ "Rydelle, developed as WTC-508": an introduced brand's own later introductions
    (its mentions exist only once the brand is known)."""
    by_start = {m.start: m for m in mentions if m.kind == "therapy"}
    for m in mentions:
        if m.kind != "therapy" or m.key not in groups.parent or m.known:
            continue
        b = _named_after(text, m.end, by_start)
        if b is not None and b.key in groups.parent and b.key != m.key:
            groups.union([m.key, b.key])


# ---- rule 1: introductions -----------------------------------------------------------------
def _named_after(
    text: str, end: int, by_start: dict[int, Mention], appositions: bool = False
) -> Mention | None:
    """The mention a name ending at ``end`` is said to be also known as ("A, also known as
    B"); with ``appositions``, also across one ("A, a trispecific from Acme, known in the
    protocol as B")."""
    alias = _ALIAS_AFTER.match(text, end)
    if alias is None and appositions:
        apposition = _APPOSITION.match(text, end) or _APPOSITION_TO_ALIAS.match(text, end)
        alias = _ALIAS_AFTER.match(text, apposition.end()) if apposition else None
    return by_start.get(alias.end()) if alias is not None else None


def _introductions(
    text: str, mentions: list[Mention], groups: Groups, brands: list[Mention]
) -> None:
    by_start: dict[int, Mention] = {}
    for m in mentions:  # a therapy first, else the longest mention starting there
        old = by_start.get(m.start)
        if old is None or (m.kind == "therapy" and old.kind != "therapy"):
            by_start[m.start] = m
    for m in mentions:
        if m.kind != "therapy":
            continue
        b = _named_after(text, m.end, by_start, appositions=True) or _or_name(text, m, by_start)
        if b is not None and b.kind == "therapy":
            groups.union([m.key, b.key])
        brands.extend(_sold_as(text, m, by_start))
        # (a vocabulary INN without a class stem too: "pegcetacoplan (Aspaveli)")
        inn = (
            name_kind(m.name) == "inn"
            or m.key in groups.cluster[groups.find(m.key)].inns
            or (m.known and m.name.islower())
        ) and not SHORT_CEL.match(m.name)
        # "A (B, C)", "A (formerly B)"
        items = _paren_items(text, m.end, by_start, inn, m.name if _inn_like(m.name) else "")
        if items is None:
            continue
        keys = [m.key] + [x.key for x in items if x.kind == "therapy"]
        if len(keys) == 1 or groups.union(keys):
            for b in (x for x in items if x.kind == "brand"):
                b.key = m.key
                brands.append(b)
    # A brand before the parentheses: marked ("Zorvexa® (zorvacabtagene autoleucel)"), or
    # a capitalised word no ordinary word of the text before an INN alone ("Casgevy
    # (exagamglogene autotemcel)").
    for opened in re.finditer(r"\(", text):
        lo = max(0, opened.start() - 40)
        pre = _BRAND_BEFORE.search(text, lo, opened.start()) or _WORD_BEFORE.search(
            text, lo, opened.start()
        )
        if pre is None or pre.start(1) in by_start:
            continue
        items = _paren_items(text, pre.end(), by_start)
        keys = [x.key for x in items or () if x.kind == "therapy"]
        if len(keys) == 2 == len(items or ()) and _inn_and_code(items or []):
            groups.union(keys)  # "PROGENITORS (TAVINEPROCEL, BCT-417)": the two names
        if pre.re is _WORD_BEFORE and not _inn_alone(items, pre.group(1), text):
            continue
        if keys and (len(keys) == 1 or groups.union(keys)):
            brands.append(Mention("brand", keys[0], pre.group(1), pre.start(1), pre.end(1)))


def _inn_and_code(items: list[Mention]) -> bool:
    return {name_kind(x.name) for x in items} == {"inn", "code"}


def _sold_as(text: str, m: Mention, by_start: dict[int, Mention]) -> list[Mention]:
    """The brands after "zolbetuximab, sold as Vyloy" (and a second: "... and Vyndamax")."""
    sold = _SOLD_AS.match(text, m.end)
    if sold is None:
        return []
    return [
        Mention("brand", m.key, sold.group(g), sold.start(g), sold.end(g))
        for g in (1, 2)
        if sold.group(g) and sold.start(g) not in by_start
    ]


# "HGT-301, or verbidogene anzaparvovec, delivers ...": the other name set off by commas.
_OR_NAME = re.compile(r",\s+or\s+")
_OR_NAME_END = re.compile(r"\s*[,;.)]")


def _or_name(text: str, m: Mention, by_start: dict[int, Mention]) -> Mention | None:
    """The name after "A, or B," when one of the two is a code and the other an INN (two
    names of one kind are a list's alternatives: "pembrolizumab, or nivolumab,")."""
    sep = _OR_NAME.match(text, m.end)
    b = by_start.get(sep.end()) if sep is not None else None
    if b is None or b.kind != "therapy" or not _OR_NAME_END.match(text, b.end):
        return None
    kinds = {name_kind(m.name), name_kind(b.name)}
    return b if kinds == {"code", "inn"} else None


# "zolbetuximab, sold as Vyloy", "X, marketed under the brand name Y".
_SOLD_AS = re.compile(
    r",?\s+(?:(?:which|that)\s+(?:is\s+)?)?(?:sold|marketed)\s+(?:as|under\s+the\s+(?:brand|trade)"
    r"\s*name)\s+([A-Z][a-z]{2,}|[A-Z]{3,})(?![\w-])(?:\s+and\s+([A-Z][a-z]{2,}|[A-Z]{3,})(?![\w-]))?"
)


def _paren_items(
    text: str, pos: int, by_start: dict[int, Mention], inn_before: bool = False, inn: str = ""
) -> list[Mention] | None:
    """The names in "(B, C; formerly D)" right after ``pos``, or None when the parentheses
    hold anything but names of therapies (skipping organisations and trial ids). After an
    INN (``inn_before``), one capitalised word alone in the parentheses, used nowhere else
    in the text as an ordinary word, is its brand: "zolbetuximab (Vyloy)"."""
    opened = _OPEN.match(text, pos)
    if opened is None:
        return None
    close = text.find(")", opened.end(), opened.end() + _MAX_PAREN)
    if close < 0 or "(" in text[opened.end() : close]:
        return None
    items: list[Mention] = []
    parts = list(re.finditer(r"[^,;/]+", text[opened.end() : close]))  # ("A/B": two codes)
    for part in parts:
        raw = part.group(0)
        lead = len(raw) - len(raw.lstrip())
        item = raw.strip()
        start = opened.end() + part.start() + lead
        word = _ITEM_LEAD.match(item)
        branded = word is not None and word.group("brand") is not None
        if word is not None:
            start += word.end()
            item = item[word.end() :]
        if not item:
            continue
        end = start + len(item)
        if items and start < items[-1].end:
            continue  # a later part of one name ("trifluridine/tipiracil")
        m = by_start.get(start)
        if m is not None and m.kind == "therapy" and _item_end(text[m.end : end], word is not None):
            items.append(m)
            continue
        if m is not None and m.kind == "organization" and m.end == end:
            continue
        if _TRIAL_ID.match(item) or _MAKER_PART.match(item):
            continue  # "(NX-5948, discovered by Nurix Therapeutics)": who made it
        if inn and is_short_form(item, inn):  # "(etra-v, FBG-702)": named as a brand is
            items.append(Mention("brand", "", item, start, end, False))
            continue
        # "(Vyloy)", and beside other names of the drug: "(exa-cel; Casgevy)"
        lone = branded or (len(parts) <= 3 and inn_before and unknown_word(text, item))
        brand = _MARKED_BRAND.match(item) or (_BRAND_WORD.match(item) if lone else None)
        if brand is not None:
            name = brand.group(1) if brand.groups() else brand.group(0)
            items.append(Mention("brand", "", name, start, start + len(name), False))
            continue
        return None
    if len(items) > 1 and all(x.kind == "brand" for x in items):
        return None  # "(Tokyo, Osaka)": no drug's names
    return items or None


# "(previously called LNP-1922 in the founders' academic work)": after alias words, a
# phrase saying where or when the earlier name was used.
_ALIAS_CONTEXT = re.compile(r"\s+(?:in|at|by|during|until|before|when|while|from)\b")


def _item_end(rest: str, after_alias_words: bool) -> bool:
    """Whether ``rest``, the text after a name in a parenthesised item, leaves it a name
    (also a region: "(VLC-118; HR-2208 in Greater China)")."""
    if rest.strip() in ("", "®", "™") or _REGION_AFTER.fullmatch(rest):
        return True
    return after_alias_words and _ALIAS_CONTEXT.match(rest) is not None


# "HR-2208 in Greater China", "QB-517J in Japan": the name a region uses.
_REGION_AFTER = re.compile(
    r"\s+(?:in|for)\s+(?:the\s+)?(?:(?:Greater|mainland)\s+)?(?:China|Japan|Korea|Taiwan|Europe|the\s+EU"
    r"|EU|US|U\.S\.|United\s+States|Asia|India|Russia|Latin\s+America)\s*"
)


# (or all in capitals, as some brands are written: "PRAVELTA (vosatresgene autoleucel)")
_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Z][a-z]{3,}|[A-Z]{4,})\s*\Z")


def _inn_alone(items: list[Mention] | None, word: str, text: str) -> bool:
    """The parentheses after ``word`` hold one INN, first, with at most its codes and
    short forms ("Enhertu (trastuzumab deruxtecan, T-DXd)"), and ``word`` is no ordinary
    word of the text: "Casgevy (exagamglogene autotemcel)"."""
    if not items or items[0].kind != "therapy":
        return False
    if any(x.kind == "therapy" and _inn_like(x.name) for x in items[1:]):
        return False  # "(A, B)": two generic names, a list
    # A generic name in lower case counts as an INN here, whatever its stem ("Attruby
    # (acoramidis)").
    return _inn_like(items[0].name) and unknown_word(text, word)


def _inn_like(name: str) -> bool:
    return name_kind(name) == "inn" or name.islower() or is_radioligand_name(name)


def unknown_word(text: str, word: str) -> bool:
    """A capitalised word that is no ordinary word of the text: never written in lower
    case, and not one of the words that stand in parentheses for other reasons."""
    if word in NOT_BRANDS or not (_BRAND_WORD.match(word) or _CAPITALS_WORD.match(word)):
        return False
    if word.isupper() and word.lower().endswith(_NOUN_ENDINGS):
        return False  # a headline's noun in capitals ("PROGENITORS (TAVINEPROCEL, ...)")
    return not written_in_lower_case(text, word)


def _brand_mentions(text: str, mentions: list[Mention], brands: list[Mention]) -> list[Mention]:
    """Every occurrence of an introduced brand, as a therapy mention where nothing else
    was found."""
    taken = sorted((m.start, m.end) for m in mentions)
    out = list(mentions)
    for b in {b.name: b for b in brands if b.key}.values():
        # a short form in lower case ("etra-v") also starts a sentence ("Etra-v is ...")
        first = f"[{b.name[0]}{b.name[0].upper()}]" if b.name[0].islower() else re.escape(b.name[0])
        for hit in re.finditer(r"(?<![\w-])" + first + re.escape(b.name[1:]) + r"(?![\w-])", text):
            s, e = hit.start(), hit.end()
            if any(ts < e and s < te for ts, te in taken):
                continue
            out.append(Mention("therapy", b.key, b.name, s, e, False, priority=1))
            taken.append((s, e))
    return sorted(out, key=lambda m: (m.start, -m.length))


# ---- rule 4b: a fact box ---------------------------------------------------------------
# "- Brand name: Zephrava / - INN: actinium Ac 225 ... / - Development code: KRP-225": the
# lines of one "label: value" block (``layouts.label_blocks``) name one programme.
_NAME_LABEL = re.compile(
    r"(?:brand(?:\s+names?)?|trade\s*names?|INNs?|international\s+non-?proprietary\s+names?"
    r"|generic\s+names?|(?:development|research|former|previous|partner|regional)\s+codes?"
    r"|codes?(?:\s*names?)?|also\s+known\s+as|formerly(?:\s+known\s+as)?|programme|program"
    r"|product|drug|candidate)",
    _I,
)
_BRAND_LABEL = re.compile(r"brand|trade", _I)


def _fact_boxes(text: str, therapies: list[Mention], groups: Groups, brands: list[Mention]) -> None:
    """Names given on the name lines of one block are one programme's; a brand label's
    capitalised word is its brand. A name label seen again starts a new box (a box per
    programme)."""
    if ":" not in text:
        return
    for block in label_blocks(text):
        box: list[tuple[str, int, int]] = []
        for f in block:
            if _NAME_LABEL.fullmatch(f.label) is None:
                continue
            if any(lb.lower() == f.label.lower() for lb, _s, _e in box):
                _one_box(text, box, therapies, groups, brands)
                box = []
            box.append((f.label, f.start, f.end))
        _one_box(text, box, therapies, groups, brands)


def _one_box(
    text: str,
    block: list[tuple[str, int, int]],
    therapies: list[Mention],
    groups: Groups,
    brands: list[Mention],
) -> None:
    if len(block) < 2:
        return
    names = [t for t in therapies if any(s <= t.start and t.end <= e for _l, s, e in block)]
    keys = list(dict.fromkeys(t.key for t in names))
    if not keys or (len(keys) > 1 and not groups.union(keys)):
        return
    for label, s, e in block:
        word = text[s:e].strip()
        if (
            _BRAND_LABEL.match(label)
            and _BRAND_WORD.match(word)
            and not any(s <= t.start < e for t in names)
        ):
            start = text.index(word, s)
            brands.append(Mention("brand", keys[0], word, start, start + len(word)))


# ---- rule 2: short "-cel" forms ---------------------------------------------------------
def _adc_short_forms(therapies: list[Mention], groups: Groups) -> None:
    """ "sela-DXd" names the article's one "<sela...> deruxtecan" (``ADC_SHORT``)."""
    for m in therapies:
        short = ADC_SHORT.fullmatch(m.name)
        if short is None or m.known:
            continue
        prefix, payload = short.group(1).lower(), ADC_SHORT_PAYLOADS[short.group(2).lower()]
        roots = {
            groups.find(t.key)
            for t in therapies
            if (words := t.name.lower().split())[-1] == payload
            and len(words) == 2
            and words[0].startswith(prefix)
        }
        if len(roots) == 1:
            groups.union([m.key, roots.pop()])


def _short_forms(therapies: list[Mention], groups: Groups, vocab: Vocabulary) -> None:
    inns: dict[str, set[str]] = {}  # first word of a cell-therapy INN -> its roots
    for m in therapies:
        if is_cell_inn(m.name):
            inns.setdefault(m.name.split()[0].lower(), set()).add(m.key)
    done: set[str] = set()
    for m in therapies:
        prefix = short_cel_prefix(m.name)
        if prefix is None or m.key in done:
            continue
        done.add(m.key)
        c = groups.cluster[groups.find(m.key)]
        if c.known or c.inns:
            continue  # the vocabulary or an introduction already says what it is
        roots = {
            groups.find(k) for first, keys in inns.items() if first.startswith(prefix) for k in keys
        }
        if len(roots) == 1:
            groups.union([m.key, roots.pop()])
            continue
        if roots:
            continue  # ambiguous in the article
        known = {
            key
            for first, keys in _vocab_cell_inns(vocab).items()
            if first.startswith(prefix)
            for key in keys
        }
        if len(known) == 1:
            key = known.pop()
            groups.add(key, True, True)
            groups.union([m.key, key])


_VOCAB_CELL_INNS: weakref.WeakKeyDictionary[
    Vocabulary, tuple[tuple[int, int], dict[str, set[str]]]
] = weakref.WeakKeyDictionary()


def _vocab_cell_inns(vocab: Vocabulary) -> dict[str, set[str]]:
    """First word -> keys of the vocabulary's cell-therapy INNs (built once per size)."""
    stamp = (len(vocab), len(vocab.files))
    cached = _VOCAB_CELL_INNS.get(vocab)
    if cached is None or cached[0] != stamp:
        index: dict[str, set[str]] = {}
        for entry in vocab.entries["therapy"].values():
            if is_cell_inn(entry.name):
                index.setdefault(entry.name.split()[0].lower(), set()).add(entry.key)
        cached = (stamp, index)
        _VOCAB_CELL_INNS[vocab] = cached
    return cached[1]


# ---- re-keying ----------------------------------------------------------------------------
def _rekey(
    mentions: list[Mention],
    groups: Groups,
    vocab: Vocabulary,
    branded: set[str],
    brand_names: set[str],
) -> list[Mention]:
    """Every therapy mention of a group of several names gets the group's key and name.
    A name the article marks as a brand ranks as one whatever its shape: "ZORVACEL®"
    ends in an INN stem but does not name the product over its INN."""
    chosen: dict[str, tuple[str, str, bool]] = {}  # root -> key, name, known
    best: dict[str, tuple[int, int, int, str]] = {}  # root -> rank, -uses, start, name
    uses = Counter(m.name for m in mentions if m.kind == "therapy")
    for m in mentions:
        if m.kind != "therapy" or m.key not in groups.parent:
            continue
        root = groups.find(m.key)
        c = groups.cluster[root]
        if len(c.keys) < 2 and root not in branded:
            continue
        if c.known:
            key = next(iter(c.known))
            entry = vocab.get("therapy", key)
            chosen[root] = (key, entry.name if entry else m.name, True)
            continue
        rank = _RANK["brand"] if m.name in brand_names else _name_rank(m.name)
        # Of names of one rank, the one the article uses most ("QRD611" once, then
        # "QRD-611" throughout), then the first written.
        cand = (rank, -uses[m.name], m.start, m.name)
        if root not in best or cand < best[root]:
            best[root] = cand
    for root, (_rank, _uses, _start, name) in best.items():
        chosen.setdefault(root, (slugify(name), name, False))
    if not chosen:
        return mentions
    out = []
    for m in mentions:
        if m.kind == "therapy" and m.key in groups.parent:
            target = chosen.get(groups.find(m.key))
            if target is not None:
                key, name, known = target
                m = Mention(m.kind, key, name, m.start, m.end, known, m.reference, m.priority)
        out.append(m)
    return out
