"""Facts laid out rather than written (``layouts``): a "label: value" box names a product
and then its developers, targets and indications ("Product: Virtexa (temvoleucel)",
"Developers: Brantwood Cell Sciences; Oakhurst Institute", "Target: PSMA"), and a table
gives one product per row with columns for them ("| pelacarsen | Novartis (licensed from
Ionis) | Lp(a) | phase 3 |"). Each fact's evidence is the line it is read from."""

from __future__ import annotations

import re
from bisect import bisect_right

from tlkg.loaders.records import RelationKind
from tlkg.loaders.text.discourse import Context
from tlkg.loaders.text.layouts import Table, label_blocks, tables
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.owners import developer_plausible
from tlkg.loaders.text.targets import T_CELL_MARKERS
from tlkg.ontology.ids import slugify

_I = re.IGNORECASE
# What a label or a column header says its value holds.
_PRODUCT = re.compile(
    r"(?:product|programme|program|drug|candidate|therapy|asset|agent|name|brand(?:\s+name)?"
    r"|inn|generic\s+name|molecule|compound|(?:active\s+)?ingredient|(?:development\s+)?code"
    r"|other\s+name)(?:s|\(s\))?",
    _I,
)
# A developer column's names are organisations even where no rule finds one ("Astellas",
# "Innovent / Takeda", "Eisai, Biogen"): split at these, brackets dropped.
_ORG_SPLIT = re.compile(r"\s*(?:[/;,&]|\band\s+(?=[A-Z][\w-]*(?:\s|$)))\s*")
_BRACKETS = re.compile(r"\s*\([^)]*\)")
_ORG_NAME = re.compile(r"[A-Z][\w.&'’-]*(?:\s+[A-Za-z][\w.&'’-]*){0,4}")
_FACT_OF: tuple[tuple[re.Pattern[str], str, RelationKind], ...] = (
    (
        re.compile(
            r"(?:co-?)?(?:developers?|company|companies|sponsors?|makers?|owners?|partners?"
            r"|licensors?|licensees?|originators?|marketed\s+by|developed\s+by"
            r"|manufacturers?|marketers?|(?:licen[cs]e|marketing\s+authori[sz]ation)\s+holders?)",
            _I,
        ),
        "organization",
        "developed_by",
    ),
    # (a class or mechanism column names the target in it: "CLDN18.2 ADC", "TTR stabiliser")
    (
        re.compile(
            r"(?:molecular\s+)?targets?|antigens?|class(?:es)?|mechanisms?(?:\s+of\s+action)?"
            r"|moa|type|modality",
            _I,
        ),
        "target",
        "has_target",
    ),
    (re.compile(r"indications?|diseases?|conditions?", _I), "indication", "has_indication"),
)


def layout_facts(ctx: Context) -> None:
    """Add the developers, targets and indications that boxes and tables give."""
    text = ctx.text
    if ":" not in text and "|" not in text:
        return
    for block in label_blocks(text) if ":" in text else ():
        products = [
            m for f in block if _PRODUCT.fullmatch(f.label) for m in _within(ctx, f.start, f.end)
        ]
        product = next((m for m in products if m.kind == "therapy"), None)
        if product is None:
            continue
        for f in block:
            _add(ctx, product, f.label, f.start, f.end)
    for table in tables(text):
        scope = _header_indications(ctx, table)
        columns = [i for i, h in enumerate(table.header) if _PRODUCT.fullmatch(h)] or [0]
        partnered = any(_PARTNER.fullmatch(h.strip()) for h in table.header)
        owner = _pipeline_owner(ctx) if partnered else None
        for row in table.rows:
            # the first name column whose cell names a therapy ("| Leqembi | lecanemab-irmb
            # | BAN2401 |": a brand no rule knows, then the INN)
            found = (
                (i, m)
                for i in columns
                if i < len(row)
                for m in _within(ctx, *row[i])
                if m.kind == "therapy"
            )
            column, product = next(found, (-1, None))
            if product is None:
                continue
            for m in scope:  # "| Programme | ... | Stage in gastric cancer |"
                ctx.add("has_indication", ctx.ref(product), ctx.ref(m), ctx.sentence_at(row[0][0]))
            if owner is not None and developer_plausible(ctx, product, owner):
                # a pipeline table with a partner column: the rows are its owner's, the
                # company the headline names
                ctx.add(
                    "developed_by", ctx.ref(product), ctx.ref(owner), ctx.sentence_at(row[0][0])
                )
            for i, (s, e) in enumerate(row):
                if i != column and i < len(table.header) and i not in columns:
                    _add(ctx, product, table.header[i], s, e)


_PARTNER = re.compile(
    r"(?:co-?development\s+)?(?:partners?|partnerships?|licensors?|collaborators?)", _I
)


def _pipeline_owner(ctx: Context) -> Mention | None:
    """The company a pipeline table belongs to: the one company the headline (first line)
    names ("Merriott Therapeutics third-quarter 2026 results call")."""
    end = ctx.text.find("\n")
    end = len(ctx.text) if end < 0 else end
    named = {m.key: m for m in ctx.mentions if m.kind == "organization" and m.start < end}
    return next(iter(named.values())) if len(named) == 1 else None


# A column of each row's stage or status in a disease the header names.
_STAGE_IN = re.compile(r"(?:stage|status|phase|approv\w*)\s+(?:in|for)\b", _I)


def _header_indications(ctx: Context, table: Table) -> list[Mention]:
    """The diseases a stage column's header names ("Stage in gastric cancer", "Status in
    ATTR-CM"): every row's product is studied or approved in them."""
    out: list[Mention] = []
    for (s, e), label in zip(table.header_cells, table.header, strict=False):
        if _STAGE_IN.search(label):
            out.extend(m for m in _within(ctx, s, e) if m.kind == "indication")
    return out


def _within(ctx: Context, start: int, end: int) -> list[Mention]:
    lo = bisect_right(ctx.mention_starts, start - 1)
    hi = bisect_right(ctx.mention_starts, end)
    return [m for m in ctx.mentions[lo:hi] if m.end <= end]


def _add(ctx: Context, product: Mention, label: str, s: int, e: int) -> None:
    for pattern, kind, relation in _FACT_OF:
        if pattern.fullmatch(label.strip()) is None:
            continue
        sent = ctx.sentence_at(s)
        # (CD3 and the other T-cell markers are an engager's arm, never its target)
        found = [
            m
            for m in _within(ctx, s, e)
            if m.kind == kind and not (kind == "target" and m.key in T_CELL_MARKERS)
        ]
        if kind == "organization":  # the names no organisation rule found too
            seen = {m.key for m in found}
            found += [o for o in _cell_organisations(ctx, s, e) if o.key not in seen]
        for m in found:
            ctx.add(relation, ctx.ref(product), ctx.ref(m), sent)
        return


def _cell_organisations(ctx: Context, s: int, e: int) -> list[Mention]:
    """The organisations of a developer cell no rule found: each capitalised name between
    separators ("Innovent / Takeda"), keyed by the vocabulary's entry when it knows one."""
    out: list[Mention] = []
    known = [m for m in _within(ctx, s, e) if m.kind == "organization"]
    cell = _BRACKETS.sub("", ctx.text[s:e])
    for part in _ORG_SPLIT.split(cell):
        name = part.strip().rstrip(".")
        if not _ORG_NAME.fullmatch(name) or any(ch.isdigit() for ch in name):
            continue
        if any(name in m.name or m.name in name for m in known):
            continue  # a name a rule found ("Takeda" of "Takeda Pharmaceutical")
        entry = ctx.vocab.resolve("organization", name)
        key, shown = (entry.key, entry.name) if entry else (slugify(name), name)
        out.append(Mention("organization", key, shown, s, e, entry is not None))
    return out
