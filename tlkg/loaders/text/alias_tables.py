"""Rule 4 of ``aliases``: the names in the leading cells of a table row are one
programme ("| Kisunla | donanemab-azbt | LY3002813 | Eli Lilly |")."""

from __future__ import annotations

import re
from bisect import bisect_left

from tlkg.loaders.text.alias_groups import Groups
from tlkg.loaders.text.layouts import tables
from tlkg.loaders.text.model import Mention
from tlkg.ontology.names import name_kind

_I = re.IGNORECASE
_ROW_LINE = re.compile(r"^[^\n|]*\|[^\n]*\|[^\n]*$", re.MULTILINE)
# What a cell of names may hold besides the names found: separators, a region in brackets
# ("Attruby (US), Beyonttra (EU)"), and capitalised words (a brand no rule knows: "Vyloy,
# IMAB362"; a maker: "Astellas"), which name nothing themselves.
_CELL_FILLER = re.compile(
    r"(?:[\s,;/&]|\band\b|\bor\b|\([A-Za-z. ]{1,14}\)|(?-i:[A-Z][\w-]*))*", _I
)


def table_rows(text: str, therapies: list[Mention], groups: Groups) -> None:
    """ "| pelvoparib | KLS-101 | PARP1 inhibitor |", "| Kisunla | donanemab-azbt | LY3002813
    | Eli Lilly |": the names in the leading cells of a table row that hold only names
    (one or several: "Vyloy, IMAB362") are one programme. A row whose names are all of one
    kind, each alone in its cell, is a header of products side by side, not one product."""
    if "|" not in text:
        return
    starts = [m.start for m in therapies]
    for row in _ROW_LINE.finditer(text):
        lo = bisect_left(starts, row.start())
        in_row = [m for m in therapies[lo : bisect_left(starts, row.end())] if m.end <= row.end()]
        if len(in_row) < 2:
            continue
        names = _leading_names(text, row.start(), row.end(), in_row)
        kinds = {name_kind(m.name) for m in names}
        if len({m.key for m in names}) > 1 and (len(kinds) > 1 or _one_cell(text, names)):
            groups.union(list(dict.fromkeys(m.key for m in names)))


def _leading_names(text: str, start: int, end: int, in_row: list[Mention]) -> list[Mention]:
    """The therapy mentions of the row's first cells that hold nothing but names."""
    names: list[Mention] = []
    pos = start
    for cell in text[start:end].split("|"):
        lo, hi = pos, pos + len(cell)
        pos = hi + 1
        if not cell.strip():
            if lo == start:  # the empty cell before a leading pipe
                continue
            break
        inside = [m for m in in_row if lo <= m.start and m.end <= hi]
        rest, last = [], lo
        for m in inside:
            rest.append(text[last : m.start])
            last = max(last, m.end)
        rest.append(text[last:hi])
        if not _CELL_FILLER.fullmatch("".join(rest)):
            break
        names.extend(inside)
    return names


def _one_cell(text: str, names: list[Mention]) -> bool:
    """Whether ``names`` lie in one cell (no pipe between the first and the last)."""
    return "|" not in text[names[0].end : names[-1].start]


# A column of brands ("Brand", "Brand(s)", "Trade names"), and one brand in its cell: a
# capitalised name of up to three words ("Leqembi Iqlik"), a region in brackets after it.
_BRAND_HEADER = re.compile(r"(?:brand|trade)\s*(?:names?)?(?:s|\(s\))?", _I)
_BRAND_ITEM = re.compile(r"(?-i:[A-Z][A-Za-z-]{2,}(?:\s+[A-Z][A-Za-z-]{2,}){0,2})")


def table_brands(text: str, therapies: list[Mention], groups: Groups) -> list[Mention]:
    """The brands a table's brand column gives each row's programme ("| Leqembi; Leqembi
    Iqlik | lecanemab-irmb | BAN2401 |"), as brand mentions keyed by the programme (the
    first therapy named in the row), where no rule found a therapy."""
    out: list[Mention] = []
    for table in tables(text):
        columns = [i for i, h in enumerate(table.header) if _BRAND_HEADER.fullmatch(h)]
        if not columns:
            continue
        for row in table.rows:
            lo, hi = row[0][0], row[-1][1]
            named = [m for m in therapies if lo <= m.start and m.end <= hi]
            if not named:
                continue
            key = groups.find(named[0].key)
            for i in columns:
                if i >= len(row):
                    continue
                s, e = row[i]
                for item in _BRAND_ITEM.finditer(text, s, e):
                    if not any(m.start < item.end() and item.start() < m.end for m in named):
                        out.append(Mention("brand", key, item.group(0), item.start(), item.end()))
    return out
