# ruff: noqa: E501  (a table of regular expressions reads better unbroken)
"""Barrier words: each term a pattern for one barrier (or two) of ``concepts.BARRIERS``,
with a fixed stance when the words themselves say the barrier is removed, and anchors for
a cheap test before the pattern runs. The cues that give the other terms their stance are
in ``phrases``."""

from __future__ import annotations

import re

from tlkg.loaders.text.barrier_places import PLACE_TERMS
from tlkg.ontology import concepts as C

# Each term: (pattern, barrier keys, fixed polarity or None, anchors). A fixed polarity means
# the term itself says the barrier is removed ("made in advance"). Anchors: lower-case
# strings one of which any match contains (a cheap test before the pattern runs).
_OWN_CELLS = r"(?:a\s+|the\s+|each\s+)?patient(?:['’]s|s['’]|s)?\s+(?:own\s+)?(?:immune\s+|(?-i:T)[- ])?cells"
# A stretch of weeks or a month: "three to five weeks", "several weeks", "close to a month".
_DURATION = (
    r"(?:(?:(?:about|around|roughly|nearly|almost|close\s+to|up\s+to|more\s+than|over)\s+)?"
    r"(?:(?:two|three|four|five|six|eight|\d+)(?:\s*(?:to|-|–)\s*(?:three|four|five|six|eight|ten|\d+))?"
    r"|several|a\s+few|many)\s+weeks|(?:(?:about|around|nearly|almost|close\s+to|up\s+to|more\s+than"
    r"|over)\s+)?a\s+month)"
)
# A manufacturing duration ("production and release take three to five weeks", "the cells
# go off to a factory for three to four weeks", "spend close to a month in a manufacturing
# facility", "engineered over several weeks"): the duration ending at "weeks"/"month", with
# a manufacturing word before it (within the window) or a facility word right after it.
# Read back from each "weeks"/"month" (``mentions.duration_barriers``): a pattern tried at
# every position cost more than all the other barrier words together.
DURATION_BEFORE = re.compile(_DURATION + r"\Z", re.IGNORECASE)
MANUFACTURING_WORD = re.compile(
    r"\b(?:production|manufactur\w*|engineer(?:ed|ing)|processed|factory|facility)\b[^.;\n]*\Z",
    re.IGNORECASE,
)
FACILITY_AFTER = re.compile(
    r"\s+(?:in\s+)?(?:an?\s+|the\s+)?(?:manufacturing\s+facility|factory|production)\b",
    re.IGNORECASE,
)
DURATION_KEYS = (C.VEIN_TO_VEIN, C.MANUFACTURING)
# A rapid process: "made with a next-day process", "produces it overnight", "quick to make",
# "manufactured in a single day": no long run, no long wait. Said of a product, never of a
# class (``relations._barriers``: "an autologous CAR-T made in three days" is one product).
RAPID_PROCESS = (
    r"(?:next|same|one|single)[- ]day\s+(?:[\w-]+\s+)?(?:manufactur\w*|process(?:es|ing)?|production)"
    r"|(?:produc\w*|made|makes?|manufactur\w*|ready)\s+(?:\w+\s+){0,2}?overnight"
    r"|overnight\s+(?:manufactur\w*|process(?:es|ing)?|production)|quick\s+to\s+(?:make|manufacture|produce)"
    r"|(?:manufactured|made|produced)\s+in\s+(?:a\s+(?:single\s+)?day|(?:one|two|three|\d+)\s+days?|\d+\s+hours)"
)
BARRIER_TERMS: tuple[tuple[str, tuple[str, ...], str | None, tuple[str, ...]], ...] = (
    (
        r"(?:leuk)?apheres\w*|cell\s+collection|(?:collect|extract|harvest)\w*\s+(?:of\s+)?"
        + _OWN_CELLS
        + r"|cells\s+(?:to\s+be|are|is|being|were)\s+(?:collected|harvested|extracted)"
        r"|cells\s+to\s+(?:collect|harvest|extract)\b",
        (C.APHERESIS,),
        None,
        ("apheres", "collection", "cells"),
    ),
    (
        r"weeks?\s+of\s+(?:\w+\s+)?manufactur\w*|weeks?[- ]long\s+manufactur\w*|(?:(?:long|lengthy|slow)\s+)?manufacturing\s+(?:times?|turnaround)",
        (C.VEIN_TO_VEIN, C.MANUFACTURING),
        None,
        ("manufactur",),
    ),
    (
        # a duration stated as a fact: "manufacturing then takes months", "the cells are
        # expanded over about three weeks"
        r"manufacturing\s+(?:then\s+|still\s+|alone\s+)?takes\s+(?:\w+\s+){0,2}?(?:weeks|months)"
        r"|(?:expanded|grown|manufactured)\s+over\s+(?:about\s+|roughly\s+|some\s+)?(?:\w+\s+)?weeks",
        (C.VEIN_TO_VEIN, C.MANUFACTURING),
        "faces",
        ("takes", "weeks"),
    ),
    (
        # A dose that decays within days must be made for each cycle: "every dose decays
        # within days of production"
        r"\b(?:(?:every|each|a|the)\s+)?(?:[\w-]+\s+)?(?:decays?|decaying|expires?)\s+within"
        r"\s+(?:\w+\s+){0,2}?(?:days|hours)",
        (C.MANUFACTURING,),
        "faces",
        ("decay", "expire"),
    ),
    (
        # Treatment that can start within days has no manufacturing wait.
        r"(?:start\w*|begin\w*|began|treat\w*|given|infus\w*|dos(?:e|ed|ing))\s+(?:\w+\s+){0,3}?"
        r"within\s+(?:a\s+few\s+|several\s+|\w+\s+)?days",
        (C.VEIN_TO_VEIN,),
        "addresses",
        ("within days", "within a few days", "within several days", "within two days"),
    ),
    (
        # Made by the patient's own body: no manufacturing run at all.
        r"(?:manufactured|made|produced|generated)\s+(?:inside|within)\s+(?:the\s+)?(?:patient(?:['’]s\s+body)?|body)",
        (C.MANUFACTURING,),
        "addresses",
        ("inside", "within"),
    ),
    (
        RAPID_PROCESS,
        (C.MANUFACTURING, C.VEIN_TO_VEIN),
        "addresses",
        ("day", "overnight", "quick to", "hours"),
    ),
    (
        # "take two to four weeks to manufacture": the wait as well as the making
        r"\bweeks\s+to\s+(?:manufacture|make|produce)",
        (C.MANUFACTURING, C.VEIN_TO_VEIN),
        None,
        ("weeks",),
    ),
    (
        # "every patient infused within five days of enrolment": no wait for cells
        r"(?:infused|treated|dosed)\s+within\s+(?:a|one|two|three|four|five|six|seven|\d)\s+days?"
        r"\s+of\s+(?:enrol(?:l)?ment|the\s+decision|consent)",
        (C.VEIN_TO_VEIN,),
        "addresses",
        ("within",),
    ),
    (
        r"(?:manufactured|made|produced|prepared)\s+in\s+advance",
        (C.VEIN_TO_VEIN,),
        "addresses",
        ("in advance",),
    ),
    (
        r"vein[- ]to[- ]vein(?:\s+times?)?|turnaround\s+times?|(?:weeks?|months?)[- ]long\s+waits?"
        r"|(?:manufacturing\s+)?wait(?:ing)?\s+(?:times?|periods?|lists?)|manufacturing\s+(?:waits?|times?|delays?|turnaround)"
        r"|(?:treatment|manufacturing)\s+delays?|weeks\s+later|bridging\s+therap(?:y|ies)"
        r"|before\s+(?:their|the)\s+cells\s+are\s+ready"
        # "the wait from collection to infusion", "the time from apheresis to infusion"
        r"|(?:wait|time|interval)\s+(?:from|between)\s+(?:(?:cell|the)\s+)?(?:collection|(?:leuk)?apheresis)"
        r"\s+(?:to|and)\s+(?:the\s+)?(?:infusion|treatment|dosing)"
        r"|wait(?:s|ed|ing)?\s+(?:for\s+)?(?:several|a\s+few|many|two|three|four|five|six|\d+)\s+weeks"
        r"|wait(?:s|ed|ing)?\s+for\s+(?:the\s+)?manufactur\w*"
        r"|wait(?:s|ed|ing)?\s+for\s+(?:(?:the|their|each|a)\s+)?patient(?:['’]s|s['’])?(?=\s+(?:own\s+)?cells)",
        (C.VEIN_TO_VEIN,),
        None,
        ("vein", "turnaround", "wait", "delay", "weeks later", "bridging", "ready", "infusion"),
    ),
    (
        r"(?:(?:centrali[sz]ed|central|individual(?:i[sz]ed|ly)?|custom|bespoke|personali[sz]ed|cell|complex)\s+)?manufactur\w*"
        r"(?:\s+(?:slots?|capacity|facilit(?:y|ies)|runs?|process(?:es)?|consistency|failures?|issues?|bottlenecks?|constraints?))?"
        r"|production\s+capacity|engineer\w*\s+(?:them\s+|the\s+cells\s+|cells\s+|(?-i:T)\s+cells\s+)?in\s+(?:a\s+|the\s+)?(?:lab|laboratory|central\s+facility)",
        (C.MANUFACTURING,),
        None,
        ("manufactur", "production capacity", "lab", "facility"),
    ),
    (
        # (not a surname, "Halloran-Price"; not a share's "price target", "target price",
        # "closing price" or premium; not a trial's cost a partner would share; not "at the
        # cost of" a side effect; not a price a company "has not disclosed" or says it "will" set)
        r"(?<![\w-])(?:(?<!share\sthe\s)(?<!shares\s)(?<!development\s)(?<!at\sthe\s)costs?"
        r"(?!\s+of\s+(?:the\s+|a\s+)?(?:trial|study|programme|program))"
        r"|costly|expensive|(?<!disclosed\sa\s)(?<!announced\sa\s)(?<!disclose\sa\s)(?<!target\s)"
        # ("will you price it against ...", "we price it": the verb, a decision to come)
        r"(?<!closing\s)(?<!share\s)(?<!stock\s)(?<!will\s)(?<!you\s)(?<!we\s)prices?"
        r"(?!\s+(?:target|\(\d|(?:is\s+)?(?:an?\s+)?\d+%\s+premium))"
        r"|priced|pricing|affordab\w+)\b(?!-)|price\s+tags?"
        r"|\b(?:drug|treatment|medicines?|pharmacy)\s+(?:bills?|spend(?:ing)?)\b|\bbudget\s+impact\b"
        # "adds up to a six-figure bill per patient"
        r"|\b(?:five|six|seven)-figure\s+(?:bills?|price\s+tags?|prices?|sums?|costs?)\b",
        (C.COST,),
        None,
        ("cost", "expensive", "price", "pricing", "affordab", "bill", "spend", "budget", "figure"),
    ),
    (
        # "list at over $100,000 a year", "launched at $3.5 million": a price, never a deal's
        # sum (a term of its own, so that the cost words' pattern runs as often as before)
        r"\blist(?:s|ed)?\s+(?:price\s+)?(?:at|of|for)\s+(?:\w+\s+){0,3}?[$€£]\s?\d[\d,.]*(?:\s*(?:million|m|bn|billion)\b)?"
        r"|\blaunch(?:ed|es)?\s+(?:(?:in|on)\s+[\w.]+\s+(?:[\w.]+\s+)?){0,2}at\s+(?:\w+\s+){0,2}?[$€£]\s?\d[\d,.]*"
        r"(?:\s*(?:million|m|bn|billion)\b)?"
        r"|[$€£]\s?\d[\d,.]*(?:\s*(?:million|m|bn|billion|k)\b)?\s+(?:a|per|each)\s+(?:year|patient|course|dose"
        r"|treatment|infusion|month|vial)\b(?!\s+(?:ago|earlier|before))"  # not "$41 million a year ago"
        # a price in words: "list at tens of thousands of dollars a year"
        r"|\blist(?:s|ed)?\s+(?:price\s+)?(?:at|of|for)\s+(?:\w+\s+){0,2}?(?:tens|hundreds)\s+of"
        r"\s+thousands\s+of\s+(?:dollars|euros|pounds)",
        (C.COST,),
        None,
        ("$", "€", "£", "thousands of"),
    ),
    (
        # "Hydroxyurea is a cheap capsule", "launch it at a meaningful discount to the
        # incumbents": a low price removes the cost barrier
        r"\b(?:cheap|inexpensive|low-cost|low-priced)\b(?!\s+to\s+(?:make|manufacture|produce))"
        r"|\b(?:launch|price)\w*\s+(?:\w+\s+){0,2}?at\s+(?:an?\s+)?(?:\w+\s+)?discount\s+to\b",
        (C.COST,),
        "addresses",
        ("cheap", "inexpensive", "low-cost", "low-priced", "discount"),
    ),
    (
        # "Neither drug will be cheap", "it won't be cheap": the cost, denied its opposite
        r"\b(?:(?:not|never)|neither\s+(?:[\w-]+\s+){1,2}?(?:will|would|is|was|are|were))"
        r"\s+(?:be\s+)?(?:an?\s+)?(?:cheap|inexpensive)\b|\bn['’]t\s+(?:be\s+)?(?:an?\s+)?(?:cheap|inexpensive)\b",
        (C.COST,),
        "faces",
        ("cheap", "inexpensive"),
    ),
    (
        r"reimburs\w+|\bpayers?\b|insurance\s+coverage|coverage\s+decisions?|health\s+technology\s+assessments?",
        (C.REIMBURSEMENT,),
        None,
        ("reimburs", "payer", "coverage", "technology assessment"),
    ),
    (
        # insurers' conditions and pay-for-results contracts
        r"\binsurers?\b|\bformular(?:y|ies)\b|\bhealth\s+plans?\b"
        r"|(?:outcomes?|value|results)-based\s+(?:contracts?|agreements?|deals?|pricing|arrangements?)"
        r"|pay(?:-for-|\s+for\s+|-by-|\s+by\s+)(?:performance|results|outcomes?)",
        (C.REIMBURSEMENT,),
        None,
        (
            "insurer",
            "formular",
            "health plan",
            "-based",
            "pay-for",
            "pay for",
            "pay-by",
            "pay by",
        ),
    ),
    (
        # Not paid for: "neither Wegovy nor Zepbound is covered by Medicare", "neither is
        # paid for by the NHS"
        r"\b(?:not|never|nor|neither)\s+(?:[\w-]+\s+){0,4}?(?:covered|reimbursed|paid\s+for)\b",
        (C.REIMBURSEMENT,),
        "faces",
        ("covered", "reimbursed", "paid for"),
    ),
    (
        # A payer's or an HTA body's refusal or condition is the reimbursement barrier
        # faced: "NICE has not recommended Octavell", "as a condition of coverage",
        # "struggled with payers", "rely on ... to be paid for".
        r"(?-i:NICE|HTA|G-BA|CADTH|IQWiG|SMC|PBAC|HAS|CMS)\b[^.;]{0,60}?\b(?:has\s+not|have\s+not|did\s+not"
        r"|does\s+not|declined\s+to|refused\s+to)\s+recommend\w*"
        r"|conditions?\s+of\s+(?:coverage|reimbursement|payment)|struggled\s+with\s+payers"
        r"|(?:rely|relies|depend|depends)\s+on\s+[^.;]{0,80}?\bto\s+be\s+paid\s+for",
        (C.REIMBURSEMENT,),
        "faces",
        ("recommend", "condition of", "conditions of", "payers", "paid for"),
    ),
    (
        # an insurer's hurdle is faced wherever it is named ("sit behind prior
        # authorisation"), unless negated ("no prior authorisation is needed")
        r"prior\s+authori[sz]ations?|step\s+therapy"
        # step therapy in words: "plans make patients fail a cheaper drug before they will pay"
        r"|(?:make|makes|require|requires)\s+patients\s+(?:to\s+)?(?:fail|try)\s+(?:an?\s+|one\s+|two\s+)?"
        r"(?:cheaper|older|generic|other)\s+(?:drugs?|medicines?|treatments?|therap(?:y|ies)|options?)",
        (C.REIMBURSEMENT,),
        "faces",
        ("prior authori", "step therapy", "patients fail", "patients try", "patients to"),
    ),
    *PLACE_TERMS,
    (
        r"lymphodeplet\w*(?:\s+(?:chemotherapy|conditioning|regimens?))?|conditioning\s+chemotherapy"
        r"|fludarabine\s+(?:and|or|plus|/)\s+cyclophosphamide"
        r"|cyclophosphamide\s+(?:and|or|plus|/)\s+fludarabine",
        (C.LYMPHODEPLETION,),
        None,
        ("lymphodeplet", "conditioning", "fludarabine", "cyclophosphamide"),
    ),
    (r"cytokine[- ]release\s+syndrome|(?-i:CRS)\b", (C.CRS,), None, ("cytokine", "crs")),
    (
        r"immune\s+effector\s+cell[- ]associated\s+neurotoxicity(?:\s+syndrome)?|neurotoxicit(?:y|ies)"
        r"|neurologic(?:al)?\s+(?:toxicit(?:y|ies)|events|adverse\s+events)|(?-i:ICANS)\b|parkinsonism",
        (C.NEUROTOXICITY,),
        None,
        ("neuro", "icans", "parkinson"),
    ),
    (
        r"second(?:ary)?\s+(?:primary\s+)?(?:(?:\w+|(?-i:T))[- ])?(?:\w+\s+)?(?:malignanc(?:y|ies)|cancers?|tumou?rs?|neoplasms?)"
        r"|insertional\s+oncogenesis"
        # "whether years of it raise the risk of leukaemia and skin cancers"
        r"|(?:rais\w*|increas\w*|higher|elevated)\s+(?:the\s+)?risks?\s+of\s+(?:\w+\s+){0,2}?"
        r"(?:leuka?emias?|cancers?|malignanc(?:y|ies)|tumou?rs?|lymphomas?)",
        (C.SECONDARY_MALIGNANCY,),
        None,
        ("second", "oncogenesis", "risk of"),
    ),
    (
        # a blood cancer a label warns of: "labels warn of myelodysplastic syndrome and
        # acute leukaemia", "a boxed warning for therapy-related myeloid neoplasms"
        r"\bwarn(?:s|ing|ings)?\s+(?:\w+\s+){0,2}?(?:of|about|for)\s+(?:\w+\s+){0,3}?"
        r"(?:myelodysplastic\s+syndromes?|(?:acute\s+)?(?:myeloid\s+)?leuka?emias?|(?-i:MDS|AML)"
        r"|(?:therapy-related\s+)?myeloid\s+neoplasms?)\b",
        (C.SECONDARY_MALIGNANCY,),
        "faces",
        ("warn",),
    ),
    (
        r"long[- ]term\s+(?:(?:liver|cardiac|cardiovascular|bone|renal|kidney|hepatic|neurologic(?:al)?)\s+)?"
        r"(?:safety|risks?|side\s+effects|toxicit(?:y|ies)|toxicology|follow[- ]up)|insertional\s+mutagenesis|genotoxicity"
        r"|integrat\w+\s+(?:\w+\s+)?vectors?|off[- ]target\s+(?:transduction|effects|editing)|years\s+of\s+follow[- ]up"
        # "asks sponsors to follow patients for at least 15 years"
        r"|follow\w*\s+(?:up\s+)?(?:patients|participants|recipients|them)\s+for\s+(?:at\s+least\s+|up\s+to\s+)?"
        r"(?:\d+|five|ten|fifteen)\s+years"
        r"|lifelong\s+(?:follow[- ]up|monitoring|immunosuppress\w*)|followed\s+for\s+life"
        # "will remain in a 5-year follow-up study"
        r"|\b(?:\d+|five|ten|fifteen)[- ]year\s+follow[- ]up",
        (C.LONG_TERM_SAFETY,),
        None,
        (
            "long-term",
            "long term",
            "mutagenesis",
            "genotox",
            "integrat",
            "off-target",
            "off target",
            "follow",
            "lifelong",
        ),
    ),
    (
        # "the thyroid damage is often permanent", "dyskinesia that can become permanent": a
        # lasting harm is itself the concern
        r"(?:damage|dyskinesia|injury|toxicit(?:y|ies)|effects?)\s+(?:that\s+)?(?:is|are|can\s+be"
        r"|may\s+be|can\s+become|may\s+become)\s+(?:often\s+|sometimes\s+)?(?:permanent|irreversible)",
        (C.LONG_TERM_SAFETY,),
        "faces",
        ("permanent", "irreversible"),
    ),
    (
        # "given without immunosuppression": no years of drugs that raise the risk of
        # infection and kidney damage
        r"(?:without|no\s+need\s+for|free\s+(?:of|from))\s+(?:any\s+|chronic\s+|lifelong\s+)?"
        # (the regimen, not the patients' own drugs: "free of disease and without any
        # immunosuppressive medicine" is a remission)
        r"immunosuppression\b",
        (C.LONG_TERM_SAFETY,),
        "addresses",
        ("immunosuppress",),
    ),
    (
        # "patients are followed up for years afterwards": a burden (a number of years is a
        # trial's follow-up)
        r"\bfollowed(?:\s+up)?\s+for\s+(?:many\s+)?(?:years|decades|a\s+decade)\b",
        (C.LONG_TERM_SAFETY,),
        "faces",
        ("followed",),
    ),
    (
        # "The long-term effects of near-complete TTR suppression are not yet known": the
        # phrase itself is the concern faced.
        r"long[- ]term\s+effects\b(?=[^.;]{0,60}\b(?:unknown|not\s+(?:yet\s+)?known|uncertain"
        r"|unclear|still\s+being|being\s+(?:mapped|studied)))",
        (C.LONG_TERM_SAFETY,),
        "faces",
        ("long-term effects", "long term effects"),
    ),
    (
        # (not a protein's role, "the natural regulator of C3 activation", nor a trial
        # designed or agreed with regulators)
        r"(?<!designed\swith\s)(?<!agreed\swith\s)(?<!discussed\swith\s)"
        r"regulat(?:ory|ors?|ion)\b(?!\s+(?-i:T)[- ]cells?)(?!\s+of\b)|regulatorily"
        r"|(?:clear|pass|complete|succeed\s+in)\s+(?:\w+\s+){0,2}(?:phase\s*(?:3|iii)|pivotal|registrational|confirmatory)\s+(?:trials?|studies|study)"
        r"|(?:(?-i:FDA|EMA)|agency)\s+(?:scrutiny|requirements?|hurdles?|questions?|concerns?)"
        r"|approval\s+pathway"
        # a risk programme the regulator imposes ("sold only through REMS programmes")
        r"|(?-i:REMS)\b",
        (C.REGULATORY,),
        None,
        (
            "regulat",
            "phase",
            "pivotal",
            "registrational",
            "confirmatory",
            "clinical hold",
            "complete response",
            "fda",
            "ema",
            "agency",
            "approval pathway",
            "rems",
        ),
    ),
    # Short supply is the manufacturing-capacity barrier itself: "spent long stretches on
    # the FDA's drug shortage list", "Pluvicto was rationed", "paused production".
    (
        r"(?:drug\s+)?shortages?(?:\s+list)?|rationed|rationing"
        r"|supply\s+(?:constraints?|problems?|disruptions?|shortfalls?|issues?|crunch)"
        # "depend on a fragile supply chain"
        r"|(?:fragile|limited|constrained|tight|scarce|vulnerable)\s+(?:isotope\s+)?supply\b"
        # "supply has been constrained for years", "a supply that has been short"
        r"|supply\s+(?:(?:that|which)\s+)?(?:is|was|has\s+been|had\s+been|have\s+been|remains?)\s+"
        r"(?:\w+\s+)?(?:constrained|short|limited|tight|scarce)\b"
        r"|(?:paused|halted|suspended|stopped)\s+production|production\s+(?:problems?|halts?|pauses?"
        r"|disruptions?)"
        # "could not make enough of it"
        r"|(?:could\s+not|couldn['’]t|cannot|can['’]t|unable\s+to|struggled\s+to)\s+(?:make|produce"
        r"|manufacture|supply)\s+enough",
        (C.MANUFACTURING,),
        "faces",
        ("shortage", "ration", "supply", "production", "enough"),
    ),
    # Made at scale removes it: "One manufacturing run yields doses for more than 100
    # patients", "can be produced at a scale injectable peptides struggle to match".
    (
        r"(?:one|a\s+single)\s+(?:manufacturing\s+)?(?:run|batch|lot)\s+(?:yields|makes|produces"
        r"|supplies)\s+(?:doses\s+for\s+)?(?:more\s+than\s+|over\s+|up\s+to\s+)?\d"
        r"|(?:produced|made|manufactured)\s+at\s+(?:a\s+|large\s+|commercial\s+)?scale"
        # capacity a maker added: "has qualified a second manufacturing plant", "contracted
        # capacity at two manufacturing sites", "which can produce enough for 500 patients"
        r"|(?:qualified|built|opened|added|contracted|secured)\s+(?:\w+\s+){0,3}?(?:manufacturing"
        r"\s+|production\s+|finishing\s+)?(?:plants?|sites?|capacity|production\s+lines?)\b"
        # "nothing has to be made to order"
        r"|\bnothing\s+(?:has|needs)\s+to\s+be\s+(?:made|manufactured|produced)\s+(?:to\s+order"
        r"|for\s+each)",
        (C.MANUFACTURING,),
        "addresses",
        ("run", "batch", "lot", "scale", "plant", "site", "capacity", "line", "nothing"),
    ),
    # Made for each patient: "have to be designed and manufactured for each patient",
    # "made to order".
    (
        r"(?:made|manufactured|produced)\s+(?:to\s+order|for\s+each\s+(?:individual\s+)?patient)"
        # "supply of the isotope, not the data, is now the main risk", "a supply risk"
        r"|\bsupply\s+risks?\b|\bsupply\s+of\s+the\s+isotope\b",
        (C.MANUFACTURING,),
        "faces",
        ("to order", "each patient", "each individual patient", "supply"),
    ),
    # Hard to make: the manufacturing barrier, faced by the words themselves.
    (
        r"(?:hard(?:er)?|difficult|more\s+complex|complex)\s+to\s+(?:make|manufacture|produce)",
        (C.MANUFACTURING,),
        "faces",
        ("to make", "to manufacture", "to produce"),
    ),
    # A regulator's stop is itself the barrier faced (unless negated).
    (
        r"clinical\s+hold|complete\s+response\s+letter"
        # "the EMA's committee issued a negative opinion", "refused marketing authorisation"
        r"|negative\s+opinion|refus(?:ed|al\s+of)\s+(?:a\s+|the\s+)?marketing\s+authori[sz]ation",
        (C.REGULATORY,),
        "faces",
        ("clinical hold", "complete response", "negative opinion", "marketing authori"),
    ),
    # T-cell cancers count as secondary malignancies only with a safety cue (below).
    (
        r"(?-i:T)[- ]cell\s+(?:malignanc(?:y|ies)|cancers?|lymphomas?|tumou?rs?)",
        (C.SECONDARY_MALIGNANCY,),
        "needs-cue",
        ("t-cell", "t cell"),
    ),
)
