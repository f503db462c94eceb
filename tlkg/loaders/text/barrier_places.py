# ruff: noqa: E501  (a table of regular expressions reads better unbroken)
"""Barrier words of place (``concepts.INFRASTRUCTURE``, "treatment-centres"): where a
treatment ties patients to a specialised centre (a hospital stay, an infusion unit, a
clinic visit) or frees them from one (taken at home, given in a local clinic). The same
table shape as ``barrier_words.BARRIER_TERMS``, which includes these terms in place."""

from __future__ import annotations

from tlkg.ontology import concepts as C

PLACE_TERMS: tuple[tuple[str, tuple[str, ...], str | None, tuple[str, ...]], ...] = (
    (
        # Given where patients already are: no specialised centre is needed.
        r"(?:given|administered|treated|delivered|dosed|infused|injected|give\s+it|give\s+them)"
        r"\s+(?:\w+\s+){0,2}?(?:in|at)\s+(?:an?\s+|the\s+)?(?:(?:ordinary|local|community|outpatient)\s+)+"
        r"(?:hospitals?|clinics?|settings?|practices?)|(?:treated|given)\s+close\s+to\s+home",
        (C.INFRASTRUCTURE,),
        "addresses",
        ("hospital", "clinic", "setting", "practice", "close to home"),
    ),
    (
        # Removed by where the drug is taken: an outpatient infusion, a pill taken at home.
        r"(?:given|administered)\s+as\s+(?:an?\s+)?(?:\w+\s+){0,2}?outpatient\s+(?:infusions?|injections?|treatments?)"
        r"|(?:take|takes|taken|taking|give|gives|giving|given|received|receive|receives|injected|inject|injects"
        r"|infused|dosed|used|delivered|administered|self-administ\w+)\s+(?:[\w-]+\s+){0,4}?at\s+home"
        # "monthly home self-administration", "home infusions", "at-home dosing"
        r"|(?:at-)?home\s+(?:self-)?(?:administration|injections?|infusions?|dosing|use)"
        # a drug patients inject themselves: "self-injected under the skin", "a monthly
        # self-injection"
        r"|self-inject(?:ed|ions?|s|ing|able)?\b|self-administ(?:ered|ration|ers|er)\b"
        # given by a nurse who comes to the patient; fewer trips to a centre
        r"|home\s?care\b|(?:by|from)\s+an?\s+(?:visiting|district|community)\s+nurses?"
        r"|(?:fewer|less|no\s+more|without)\s+(?:\w+\s+)?(?:hospital|clinic|infusion[- ]cent(?:re|er))"
        r"\s+(?:visits|trips|appointments|days)|stop\s+coming\s+to\s+(?:the\s+)?(?:hospital|clinic)",
        (C.INFRASTRUCTURE,),
        "addresses",
        (
            "outpatient",
            "home",
            "nurse",
            "fewer",
            "less",
            "no more",
            "without",
            "stop coming",
            "self-",
        ),
    ),
    (
        # A hospital stay or a hospital start ties treatment to a centre with beds: the
        # phrase itself is the barrier faced (unless negated).
        r"hospital\s+stays?|hospitali[sz](?:ation|ations|ed)|inpatient\s+(?:stays?|admissions?|beds?)"
        # admitted for the treatment's sake (not with an adverse event: "admitted to
        # hospital with liver injury" is a safety finding)
        r"|admi(?:tted|ssions?)\s+to\s+(?:a\s+|the\s+)?hospital\s+(?:for\s+(?:monitoring|observation"
        r"|(?:the\s+)?(?:first|initial|step-up)\b|(?:a|each|every|the)\s+dose\b|(?:up\s+to\s+|about\s+)?(?:\d+|one|two|three|several|a\s+few)"
        r"\s+(?:hours?|days?|nights?))|after\s+(?:the\s+|each\s+)?(?:first\s+|initial\s+"
        r"|step-up\s+|early\s+)?(?:doses?|infusions?))"
        r"|hospital\s+admissions?"
        r"|(?:given|started|initiated|begun|administered|monitored|monitoring|observed|observation"
        r"|admitted|kept|stays?|stayed|staying|spent|spend|spends),?\s+(?:[\w-]+,?\s+){0,5}?"
        r"in\s+(?:a\s+|the\s+)?(?:hospital|health\s?care\s+(?:facility|setting))"
        r"|(?:split|spread)\s+over\s+(?:\w+\s+){1,2}in\s+(?:the\s+|a\s+)?(?:clinic|hospital)"
        r"|(?:hours?|days?|nights?)\s+in\s+(?:the\s+|a\s+)?hospital"
        # "given to inpatients", "admitted for one to two days after each dose", "requires
        # monitoring for 22 to 24 hours", "overnight hospital monitoring"
        r"|(?:given|treated|dosed)\s+(?:to\s+|as\s+)inpatients|admitted\s+for\s+(?:about\s+|up\s+to\s+)?"
        r"(?:\d+|one|two|three|several|a\s+few)(?:\s+(?:to|or)\s+(?:\d+|two|three|four))?\s+(?:hours?|days?|nights?)"
        r"|monitor(?:ing|ed)\s+for\s+(?:about\s+|up\s+to\s+|at\s+least\s+)?(?:\d+|one|two|several)"
        r"(?:\s+(?:to|or)\s+\d+)?\s+(?:hours|days)|(?:overnight|\d+-hour)\s+(?:hospital\s+)?monitoring"
        r"|\b\d+(?:\s+(?:to|or)\s+\d+)?\s+hours\s+of\s+(?:\w+\s+)?monitoring"
        # "step-up doses that require hospital monitoring", "inpatient days"
        r"|hospital\s+(?:monitoring|observation)|inpatient\s+days?"
        r"|transplant\s+units?",
        (C.INFRASTRUCTURE,),
        "faces",
        (
            "hospital",
            "inpatient",
            "admitted for",
            "monitor",
            "healthcare facilit",
            "health care facilit",
            "healthcare setting",
            "health care setting",
            "in the clinic",
            "in a clinic",
            "transplant unit",
        ),
    ),
    (
        # "instilled through a catheter in the urology clinic once a week", "which means a
        # trip back to the transplant centre", "add clinic time to the visits", "frequent
        # clinic visits": treatment tied to a clinic or centre (own anchors: "clinic" alone
        # is in every "clinical")
        r"(?:instilled|infused|injected|administered)\s+(?:[\w-]+\s+){0,8}?in\s+(?:the|a|an)\s+"
        r"(?!(?:local|community|outpatient|ordinary|family|primary)\b)(?:[\w-]+\s+)?clinic\b"
        r"|(?:trips?|journeys?|visits?)\s+(?:back\s+)?to\s+(?:the|a|an)\s+(?:transplant|infusion"
        r"|treatment|specialist|cancer)\s+(?:cent(?:re|er)|unit|clinic)s?"
        r"|(?:adds?|adding|more|extra|frequent)\s+(?:\w+\s+)?(?:clinic|hospital)\s+(?:time|visits)",
        (C.INFRASTRUCTURE,),
        "faces",
        (
            "instilled",
            "infused",
            "injected",
            "administered",
            "trip",
            "journey",
            "visits to",
            "clinic time",
            "clinic visits",
            "hospital time",
            "hospital visits",
        ),
    ),
    (
        # A dose a professional gives ("injected by a healthcare professional every three
        # months, usually in a clinic") ties treatment to a clinic.
        r"(?:injected|given|administered|infused)\s+by\s+(?:a\s+|the\s+)?(?:health\s?care|medical"
        r"|trained)\s+(?:professionals?|providers?|staff|workers?)"
        r"|(?:usually|typically|always|generally)\s+in\s+(?:a|the)\s+(?:clinic|doctor'?s\s+office)",
        (C.INFRASTRUCTURE,),
        "faces",
        (
            "by a health",
            "by a medical",
            "by a trained",
            "by the health",
            "usually in",
            "typically in",
            "always in",
            "generally in",
        ),
    ),
    (
        # A dose that needs a hospital visit: "Each dose means a hospital visit", "injected
        # into the fluid around the spinal cord by lumbar puncture" (an intrathecal dose is
        # given in hospital).
        r"(?:hospital|clinic)\s+visits?|visits?\s+to\s+(?:a|the)\s+(?:[\w-]+\s+)?(?:hospital|clinic)"
        r"|visit(?:s|ing)?\s+(?:an?|the)\s+(?:[\w-]+\s+)?(?:hospital|clinic)"
        r"|return(?:s|ing)?\s+to\s+(?:an?|the)\s+(?:[\w-]+\s+)?(?:hospital|clinic)"
        # "patients keep coming back to the clinic for months"
        r"|(?:keep|keeps|kept)\s+coming\s+back\s+to\s+(?:an?|the)\s+(?:[\w-]+\s+)?(?:hospital|clinic)"
        r"|lumbar\s+punctures?|intrathecal(?:ly)?(?:\s+(?:injections?|doses?|dosing|administration))?",
        (C.INFRASTRUCTURE,),
        "faces",
        ("visit", "lumbar", "intrathecal", "return", "coming back"),
    ),
    (
        # an infusion that ties each dose to a clinic: "in a hospital infusion unit",
        # "infusions in a clinic", "at an infusion centre" (a term of its own: "infusion" is
        # a common word, and the hospital words' pattern need not run for it)
        r"(?:hospital\s+)?infusion\s+(?:units?|cent(?:er|re)s?|suites?|chairs?)"
        r"|infusions?\s+(?:\w+\s+){0,4}?(?:in|at)\s+(?:an?\s+|the\s+)?(?:hospital|clinic)s?\b",
        (C.INFRASTRUCTURE,),
        "faces",
        ("infusion",),
    ),
    (
        # "infused ... by interventional radiologists at transplant centres": given where
        # only specialised centres can give it
        r"(?:given|infused|injected|administered|performed|done|treated|implanted|kept)\s+"
        r"(?:[\w-]+,?\s+){0,6}?(?:at|in)\s+(?:a\s+|the\s+)?(?:few\s+)?(?:certified|speciali[sz]ed"
        r"|specialist|accredited|transplant|expert|designated)\s+(?:treatment\s+|(?-i:[A-Z]{2,6})\s+)?"
        r"cent(?:er|re)s?\b",
        (C.INFRASTRUCTURE,),
        "faces",
        ("center", "centre"),
    ),
    (
        r"(?:(?:certified|speciali[sz]ed|specialist|authori[sz]ed|qualified|academic|accredited|treatment|transplant|expert"
        r"|designated|cell|gene|therapy)\s+)+"
        # ("specialist HCM centres")
        r"(?:(?-i:[A-Z]{2,6})\s+)?cent(?:er|re)s?\b"
        r"|infrastructure|hospital\s+capacity"
        r"|nuclear[- ]medicine\s+(?:departments?|units?|facilit(?:y|ies))",
        (C.INFRASTRUCTURE,),
        None,
        ("center", "centre", "infrastructure", "hospital capacity", "nuclear"),
    ),
    (
        # "asks patients to stay near the treating centre for two weeks": treatment that
        # keeps patients close to where it is given
        r"(?:stay|stays|staying|remain|remains|remaining|live|living)\s+(?:near|close\s+to"
        r"|within\s+(?:\w+\s+){1,3}?(?:of|from))\s+(?:the|a|their)\s+(?:\w+\s+){0,2}?"
        r"(?:cent(?:er|re)|hospital|clinic)s?\b",
        (C.INFRASTRUCTURE,),
        "faces",
        ("near", "close", "within"),
    ),
    (
        # "can only be given in ...", "given only in hospitals with ...", "available only at
        # 40 centres": treatment tied to a kind of place (not an outpatient or local one)
        r"(?:only\s+(?:be\s+)?(?:given|administered|infused|injected|available|offered|performed|done)"
        r"|(?:given|administered|infused|injected|available|offered|performed|done)\s+only)"
        r"\s+(?:in|at)\s+(?!(?:an?\s+|the\s+)?(?:outpatient|local|community|ordinary)\b)"
        r"(?:[\w-]+\s+){0,4}?(?:hospitals?|departments?|cent(?:er|re)s?|clinics?|units?|sites?)\b"
        # "given at only two hospitals", "restricted to hospital use"
        r"|(?:given|administered|infused|available|offered)\s+(?:in|at)\s+only\s+(?:[\w-]+\s+){0,3}?"
        r"(?:hospitals?|cent(?:er|re)s?|clinics?|sites?)\b"
        r"|restricted\s+to\s+(?:[\w-]+\s+)?(?:hospital|specialist|clinic)\s+(?:use|settings?)",
        (C.INFRASTRUCTURE,),
        "faces",
        ("only", "restricted"),
    ),
)
