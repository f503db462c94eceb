"""Text laid out rather than written: "label: value" boxes ("- Brand name: Zephrava",
"Developers: A; B") and tables ("| drug | company | target |"), as character spans of
the article's text, for the rules that read names (``aliases``) and facts
(``layout_facts``) from them."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LABEL_LINE = re.compile(
    r"^[ \t]*(?:[-*•][ \t]+)?(?:\*\*)?([A-Za-z][\w /.-]{0,40}?)(?:\*\*)?[ \t]*:[ \t]*(.+)$"
)
_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$")
# A plain-text table's row, columns aligned with pipes but none at the ends ("tafamidis  |
# Vyndaqel | TTR stabiliser"): three cells or more.
_BARE_ROW = re.compile(r"^([^|\n]*(?:\|[^|\n]*){2,})$")
_RULE_ROW = re.compile(r"^[\s|:-]+$")


@dataclass(frozen=True)
class Field:
    """One "label: value" line: its label and the span of its value."""

    label: str
    start: int
    end: int


def label_blocks(text: str) -> list[list[Field]]:
    """Runs of consecutive "label: value" lines (a line of another shape ends a run)."""
    blocks: list[list[Field]] = []
    block: list[Field] = []
    pos = 0
    for line in text.split("\n"):
        m = _LABEL_LINE.match(line)
        if m is None:
            if block:
                blocks.append(block)
            block = []
        else:
            block.append(Field(m.group(1).strip(), pos + m.start(2), pos + m.end(2)))
        pos += len(line) + 1
    if block:
        blocks.append(block)
    return blocks


@dataclass(frozen=True)
class Table:
    """A table's header cells (lower case) and its data rows, each a list of cell spans;
    ``header_cells``: the header's cell spans."""

    header: list[str]
    rows: list[list[tuple[int, int]]]
    header_cells: list[tuple[int, int]]


def tables(text: str) -> list[Table]:
    """The "| a | b |" tables of ``text`` (Markdown, and web pages' tables as the HTML
    loader writes them); the first row is the header, rule rows ("|---|") are skipped."""
    if "|" not in text:
        return []
    out: list[Table] = []
    current: list[list[tuple[int, int]]] = []
    bare = False  # the current table's rows have no pipes at their ends
    pos = 0
    for line in [*text.split("\n"), ""]:
        m = _ROW.match(line)
        # (only a line with two pipes is tried: most lines are prose)
        b = None if m is not None or line.count("|") < 2 else _BARE_ROW.match(line)
        if b is not None and current and (not bare or len(current[0]) != line.count("|") + 1):
            b = None  # a plain row goes on a plain table of as many cells only
        if m is not None and not _RULE_ROW.match(line):
            row, is_bare = _cells(line, pos, m.start(1), m.end(1)), False
        elif b is not None and not _RULE_ROW.match(line):
            row, is_bare = _cells(line, pos, b.start(1), b.end(1)), True
        elif m is not None:
            pos += len(line) + 1
            continue  # a rule row ("|---|")
        else:
            row, is_bare = None, False
        if current and (row is None or is_bare != bare):
            _close(text, current, bare, out)
            current = []
        if row is not None:
            current.append(row)
            bare = is_bare
        pos += len(line) + 1
    return out


def _close(text: str, rows: list[list[tuple[int, int]]], bare: bool, out: list[Table]) -> None:
    """Keep the rows read as one table (a plain one needs a header and a row)."""
    if bare and len(rows) < 2:
        return
    header = [text[s:e].strip().lower() for s, e in rows[0]]
    out.append(Table(header, rows[1:], rows[0]))


def _cells(line: str, offset: int, start: int, end: int) -> list[tuple[int, int]]:
    cells = []
    pos = start
    for part in line[start:end].split("|"):
        lead = len(part) - len(part.lstrip())
        cells.append((offset + pos + lead, offset + pos + len(part.rstrip())))
        pos += len(part) + 1
    return cells
