"""Sentences that are legal boilerplate, not news: a press release's forward-looking
statements ("This press release contains forward-looking statements ... regulators may
require additional data") speak of every risk a company could meet, so no relation is
read from them (docs/extraction.md, "Boilerplate")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tlkg.loaders.text.discourse import Sentence

# A paragraph about forward-looking statements, or a safe-harbor heading.
_BOILERPLATE = re.compile(
    r"forward[- ]looking\s+statements?|\bsafe\s+harbou?r\b|cautionary\s+(?:note|statement)",
    re.IGNORECASE,
)
# A heading line: a few words, no sentence end ("About Acme", "Media contact").
_HEADING = re.compile(r"^\W*[\w&'’().,/ -]{1,60}\W*$")
_HEADING_WORDS = 8


def boilerplate_sentences(sentences: Sequence[Sentence]) -> frozenset[int]:
    """The indices of the sentences of forward-looking statements: in a line (a
    paragraph), from the first sentence that names them to the line's end, and every
    line after such a heading up to the next heading."""
    out: set[int] = set()
    in_section = False  # after a forward-looking statements heading
    in_line = False  # after such a sentence, in the same line
    paragraph = -1
    for i, sent in enumerate(sentences):
        says = _BOILERPLATE.search(sent.text) is not None
        if sent.span.paragraph != paragraph:
            paragraph, in_line = sent.span.paragraph, False
            if not says and _is_heading(sent.text):
                in_section = False  # the next heading ends the section
        if says:
            in_line = True
            in_section = in_section or _is_heading(sent.text)
        if in_line or in_section:
            out.add(i)
    return frozenset(out)


def _is_heading(text: str) -> bool:
    text = text.strip()
    return (
        len(text.split()) <= _HEADING_WORDS
        and not text.endswith((".", ":", ";"))
        and _HEADING.match(text) is not None
    )
