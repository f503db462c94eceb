"""The phrases that make a stage cue a plan, not a stage reached: "the phase 3 plan", "a
registrational path", "a phase 3 trial is planned", "the Phase 3 trial will compare ...", "a
randomised Phase 2b/3 trial ... is being designed" (``stages``)."""

from __future__ import annotations

import re

_I = re.IGNORECASE

# "the phase 3 plan", "a pivotal-study design discussion", "a registrational trial start":
# the trial is talked of, not run.
PLAN_NOUN_AFTER = re.compile(
    r"[\s-]+(?:(?:trial|study|studies|programme|program)\s+)?(?:plans?|planning|design"
    r"|discussions?|start|initiation|path|pathway|route|strategy)\b",
    _I,
)

# "A randomized phase 3 trial, X-3, comparing A with B is planned.": the predicate ending
# the cue's clause makes the whole trial a plan (``planned_predicate``).
_PLANNED_SENTENCE = re.compile(
    r"\b(?:is|are)\s+(?:now\s+|also\s+)?(?:planned|scheduled|being\s+(?:planned|designed|prepared)"
    # (", pending talks with regulators": a condition the plan still waits on)
    r"|expected\s+to\s+(?:start|begin|open))\b[^.;,]{0,60}(?:,\s+pending\b[^.;,]{0,60})?[.;,]?\s*$",
    _I,
)


# A cue the rest of its phrase makes a plan or a denial: "Phase 3 starting", "heads to phase
# 3", "a phase 3 trial is planned", "the Phase 3 trial will compare ...", "markets no drug".
PLANNED_AFTER = re.compile(
    # (commas around a trial's name only: "Our Phase 3 programme, TIDE-3A and TIDE-3B, will
    # start"; "the Phase 3 trial, patients will start ..." is no plan)
    r"[\w-]+(?:(?:\s+|,\s+(?=(?-i:[A-Z][A-Z0-9-]*\d)))[\w-]+){0,5}?,?\s+"
    r"(?:starting|to\s+start|(?:is|are)\s+(?:planned|scheduled|expected)"
    r"|planned\b|expected\s+to\s+(?:start|begin|open)"
    r"|(?:will|would)\s+(?:not\s+)?(?:start|begin|open|enrol+|compare|test|evaluate|follow"
    # "A pivotal readout would not come before 2029": a result still to come
    r"|come|arrive|read\s+out)"
    r"|(?:could|may|might)\s+(?:start|begin|open|follow))"
    # "A phase 2b with about 300 patients starts in the first half of 2026."
    r"|[\w-]+(?:\s+[\w-]+){0,6}?\s+(?:starts|begins|opens)\s+(?:in|by|early|later|next|this)\b"
    r"|\w+\s+(?:no|none|nothing)\b",
    _I,
)


def planned_predicate(text: str, pos: int, end: int) -> bool:
    """Does the cue's clause end in a plan's predicate ("A randomized phase 3 trial, X-3,
    comparing A with B is planned.", "A phase 3 programme ... is planned to start in 2027,
    and ...")?"""
    stop = min(
        (i for i in (text.find(", and ", pos, end), text.find(";", pos, end)) if i >= 0),
        default=end,
    )
    return _PLANNED_SENTENCE.search(text, pos, stop) is not None
