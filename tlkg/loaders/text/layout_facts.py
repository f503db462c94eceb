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
from tlkg.loaders.text.layouts import label_blocks, tables
from tlkg.loaders.text.model import Mention

_I = re.IGNORECASE
# What a label or a column header says its value holds.
_PRODUCT = re.compile(
    r"(?:product|programme|program|drug|candidate|therapy|asset|agent|name|brand(?:\s+name)?"
    r"|inn|generic\s+name|molecule|compound)s?",
    _I,
)
_FACT_OF: tuple[tuple[re.Pattern[str], str, RelationKind], ...] = (
    (
        re.compile(
            r"(?:co-?)?(?:developers?|company|companies|sponsors?|makers?|owners?|partners?"
            r"|licensors?|licensees?|originators?|marketed\s+by|developed\s+by)",
            _I,
        ),
        "organization",
        "developed_by",
    ),
    (re.compile(r"(?:molecular\s+)?targets?|antigens?", _I), "target", "has_target"),
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
        column = next((i for i, h in enumerate(table.header) if _PRODUCT.fullmatch(h)), 0)
        for row in table.rows:
            if column >= len(row):
                continue
            cell = _within(ctx, *row[column])
            product = next((m for m in cell if m.kind == "therapy"), None)
            if product is None:
                continue
            for i, (s, e) in enumerate(row):
                if i != column and i < len(table.header):
                    _add(ctx, product, table.header[i], s, e)


def _within(ctx: Context, start: int, end: int) -> list[Mention]:
    lo = bisect_right(ctx.mention_starts, start - 1)
    hi = bisect_right(ctx.mention_starts, end)
    return [m for m in ctx.mentions[lo:hi] if m.end <= end]


def _add(ctx: Context, product: Mention, label: str, s: int, e: int) -> None:
    for pattern, kind, relation in _FACT_OF:
        if pattern.fullmatch(label.strip()) is None:
            continue
        sent = ctx.sentence_at(s)
        for m in _within(ctx, s, e):
            if m.kind == kind:
                ctx.add(relation, ctx.ref(product), ctx.ref(m), sent)
        return
