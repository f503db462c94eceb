"""An article's publication date from the forms news and science articles print.

``parse_date`` reads one date spelling ("Dec. 3, 2026", "3 December 2026", "Sept 3 2026",
"Thursday, December 3, 2026", "2026-12-03T08:00:00Z", "December 2026"); ``find_date``
picks the publication date among the lines of an article, in this order:

1. a **labelled header** at the start of a line or after a byline separator
   ("Published: ...", "Posted on ...", "First published ...", "Date: ...", "By J. Doe |
   Published Dec. 3, 2026"); "Updated"/"Modified" only when nothing else gives a date;
2. a **dateline** opening a lead paragraph: a place, the date and a wire tag or dash
   ("BOSTON, Dec. 3, 2026 /PRNewswire/ --", "LONDON, 3 December 2026 (Reuters) -",
   "Dec. 3, 2026 — ");
3. a **date line** near the top: a short line that is only a date or a byline with a date
   ("December 3, 2026", "Jane Doe · 3 Dec 2026 · 4 min read").

A date inside a sentence ("data presented on June 2, 2025") is an event the article
reports, never its publication date, so nothing else is read. Numeric dates are read only
in labelled headers: "12/03/2026" month first (the US order), "03.12.2026" day first.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

_MONTH_WORDS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
MONTH = rf"(?:{_MONTH_WORDS})\b\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?\s+)"
# A date as articles spell it (the groups say which order it is in).
DATE = (
    rf"{_WEEKDAY}?(?:(?P<m1>{MONTH})\s*(?P<d1>{_DAY}),?\s+(?P<y1>{_YEAR})"
    rf"|(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{MONTH}),?\s+(?P<y2>{_YEAR})"
    rf"|(?P<y3>{_YEAR})[-/.](?P<mo3>0?[1-9]|1[0-2])[-/.](?P<d3>[0-3]?\d)(?!\d)"
    rf"|(?P<m4>{MONTH}),?\s+(?P<y4>{_YEAR}))"
)
_NUMERIC = r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y5>(?:19|20)\d{2})"
# "at 9:15 AM EDT", "14:05 GMT", "T08:00:00Z", "8:00am": a time after the date.
_TIME = (
    # (a session's slot: "14:10-14:20")
    r"(?:[,|]?\s*(?:at\s+)?[T ]?\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?(?:\s*[-–]\s*\d{1,2}:\d{2})?"
    r"\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|\(?[A-Z]{2,5}\)?))?)?"
)
_I = re.IGNORECASE
_DATE_RE = re.compile(DATE, _I)
_FULL_DATE = re.compile(rf"\s*(?:{DATE}|{_NUMERIC}){_TIME}\s*$", _I)
_YEAR_MONTH = re.compile(rf"(?P<y>{_YEAR})(?:-(?P<mo>0[1-9]|1[0-2]))?(?![\d/.-])")
_MONTH_NUMBER = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
)}  # fmt: skip

_PUBLISHED_LABEL = (
    r"(?:first\s+)?(?:published|posted|publication\s+date|pub(?:lished)?\s+date"
    # a meeting abstract's "Abstract release date: ...", "Presented: ..."
    r"|(?:abstract\s+)?release\s+date|presented|released?"
    r"|issued|date(?:line)?|dated)"
)
_UPDATED_LABEL = r"(?:last\s+)?(?:updated|modified|revised|reviewed)"
_LABELLED = (
    rf"(?:(?P<pub>{_PUBLISHED_LABEL})|(?P<upd>{_UPDATED_LABEL}))"
    rf"(?:\s+(?:online|in\s+print))?(?:\s+(?:on|at))?\s*[:|-]?\s*(?P<date>(?:{DATE}|{_NUMERIC}){_TIME})"
)
# At the start of a line or after a byline separator; anywhere, capitalised, when it ends
# the line ("<title> Published: Mar 25, 2026 at 12:00 UTC"), never a sentence's "... were
# published on June 2, 2025."
_LABEL = re.compile(rf"(?:^|[|·•]|\s[-–—]\s)[\s*_>#]*{_LABELLED}", _I)
HEADER = re.compile(rf"[\s*_]{{0,4}}\b(?-i:(?=[A-Z])){_LABELLED}[\s*_]*$", _I)
# "BOSTON, Dec. 3, 2026 /PRNewswire/ --", "CAMBRIDGE, Mass., Dec. 3, 2026 (GLOBE NEWSWIRE)
# --", "LONDON, 3 December 2026 (Reuters) -", "Dec. 3, 2026 — ": a place of at most six
# capitalised words, the date, then a wire tag or a dash (a sentence never continues so).
_NOT_PLACE = r"(?!(?:In|On|By|From|Since|Until|Through|Before|After|As|At|Of)\b)"
_PLACE = rf"(?:{_NOT_PLACE}[A-Z][\w.'’&-]*(?:[ ,]+(?:and\s+)?[A-Z][\w.'’&-]*){{0,6}},?\s+)?"
_DATELINE = re.compile(
    rf"^[\s*_>]*{_PLACE}(?P<date>(?i:{DATE}){_TIME})\s*(?:/[^/\n]{{1,60}}/\s*)?(?:\([^)\n]{{1,40}}\)\s*)?"
    r"(?:--|[-–—:|])",
)
_LOWER_WORD = re.compile(r"(?<![\w.])[a-z][a-z]+\b")
# Words a byline may hold besides names: "By J. Doe and K. Roe | 4 min read".
_BYLINE_WORDS = frozenset({"by", "and", "min", "read", "at", "on", "staff", "reporter", "the"})
_SEGMENT_SEPARATOR = re.compile(r"\s[|·•]\s")
HEAD_LINES = 8  # lines after the title searched for a dateline or a date line


def _valid(year: int, month: int, day: int | None) -> str | None:
    try:
        datetime.date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _month(word: str) -> int:
    return _MONTH_NUMBER[word.rstrip(".")[:3].lower()]


def _day(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _from_match(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g.get("m1"):
        return _valid(int(g["y1"]), _month(g["m1"]), _day(g["d1"]))
    if g.get("m2"):
        return _valid(int(g["y2"]), _month(g["m2"]), _day(g["d2"]))
    if g.get("y3"):
        return _valid(int(g["y3"]), int(g["mo3"]), int(g["d3"]))
    if g.get("m4"):
        return _valid(int(g["y4"]), _month(g["m4"]), None)
    if g.get("y5"):
        a, b = int(g["a"]), int(g["b"])
        # "/" is the US order (month first) unless the first number cannot be a month;
        # "." is the European order (day first).
        month_first = (g["sep"] == "/" and a <= 12) or b > 12
        month, day = (a, b) if month_first else (b, a)
        return _valid(int(g["y5"]), month, day)
    return None


def parse_date(text: str | None) -> str | None:
    """ISO date (YYYY, YYYY-MM or YYYY-MM-DD) of a string that is a date (with an optional
    weekday and time), else None."""
    if not text:
        return None
    s = text.strip().strip("'\"")
    m = _FULL_DATE.match(s)
    if m:
        return _from_match(m)
    m = _DATE_RE.match(s)  # "2026-12-03T08:00:00+01:00" and other trailing forms
    if m:
        return _from_match(m)
    m = _YEAR_MONTH.match(s)  # "2026", "2026-12"
    if not m:
        return None
    return _valid(int(m["y"]), int(m["mo"]), None) if m["mo"] else m["y"]


def labelled_date(line: str, *, head: bool = True) -> tuple[str, bool] | None:
    """(ISO date, is a publication label) of a "Published: ..." / "Updated: ..." header;
    below the head of the article only a header ending its line counts."""
    if len(line) > 300:
        return None
    m = (_LABEL.search(line) if head else None) or HEADER.search(line)
    if not m:
        return None
    date = parse_date(m.group("date"))
    return (date, m.group("pub") is not None) if date else None


def dateline_date(line: str) -> str | None:
    """The date of a dateline opening ``line`` ("BOSTON, Dec. 3, 2026 /PRNewswire/ --")."""
    m = _DATELINE.match(line[:200])
    return _from_match(m) if m and not m["m4"] else None  # a dateline gives the day


def date_line(line: str) -> str | None:
    """The date of a short line that is a date or a byline with one, or of a header line
    whose segments one is only a date ("Abstract S214 | Oral session 6: ... | Saturday,
    13 June 2026, 10:45"), else None."""
    for segment in _SEGMENT_SEPARATOR.split(line)[1:] if len(line) <= 300 else ():
        if is_date_only(segment):
            return parse_date(segment)
    if len(line) > 120:
        return None
    m = _DATE_RE.search(line)
    if not m:
        return None
    rest = line[: m.start()] + " " + line[m.end() :]
    lower = [w for w in _LOWER_WORD.findall(rest) if w not in _BYLINE_WORDS]
    return _from_match(m) if len(lower) <= 1 else None


def is_date_only(line: str) -> bool:
    """Is the line nothing but a date (and time)? Such a line is not article text."""
    return bool(_FULL_DATE.match(line.strip(" *_|·•")))


def find_date(lines: Sequence[str], title: str | None = None) -> str | None:
    """The publication date among an article's body ``lines`` (module docstring); a header
    ending the ``title`` line counts too."""
    updated: str | None = None
    headed = ([title] if title else []) + list(lines)
    for i, line in enumerate(headed):
        found = labelled_date(line, head=i <= HEAD_LINES)
        if found and found[1]:
            return found[0]
        if found and updated is None:
            updated = found[0]
    for line in lines[:HEAD_LINES]:
        date = dateline_date(line)
        if date:
            return date
    for line in lines[:HEAD_LINES]:
        date = date_line(line)
        if date:
            return date
    return updated
