# ruff: noqa: E501  (a table of regular expressions reads better unbroken)
"""Phrase tables of the article extractor (``tlkg.loaders.text.extract``): class words that name a
modality, words that name a barrier, and the cue words around them. Keyed by the concept
keys of ``tlkg.ontology.concepts``. Pure data: regular-expression sources (with anchor strings:
a pattern runs only on text containing one of them), compiled once by the extractor (case-insensitive unless a pattern sets ``(?-i:...)`` itself).

The ontology's skos:altLabels are for people and search; these lists are what the
extractor matches, with the inflections and word order news text uses.
"""

from __future__ import annotations

from tlkg.loaders.records import EvidenceLevel
from tlkg.ontology import concepts as C

# ---- modality class words ---------------------------------------------------------------
# A target may stand between modifier and class word: "autologous CD19 CAR-T",
# "BCMA-directed bispecific antibodies", "BCMA- and CD19-directed autologous CAR-T".
# (Never across a line break: "News\nADCs ..." is a title and a class word.)
TARGET_MODIFIER = (
    r"(?:(?:anti-?)?(?-i:[A-Z][A-Za-z0-9]{1,7})(?:-?(?:directed|targeted|targeting|specific))?"
    r"(?:-?[^\S\n]+(?:and|or|/)[^\S\n]+(?:anti-?)?(?-i:[A-Z][A-Za-z0-9]{1,7})(?:-?(?:directed|targeted|targeting|specific))?)?"
    r"(?:[^\S\n]|-)+)?"
)
_CAR_NOUN = (
    r"(?:cell\s+)?(?:therap(?:y|ies)|products?|treatments?|approach(?:es)?|programmes?|programs?"
    r"|candidates?|constructs?|platforms?|developers?|research|field|space|generation|cells?)"
)
CAR_CORE = (
    rf"(?:(?-i:CAR)[- ]?(?-i:T)s?(?:[- ]cells?)?(?:[- ]cell)?(?:\s+{_CAR_NOUN})?"
    rf"|chimeric\s+antigen\s+receptor[- ](?-i:T)(?:[- ]cells?)?(?:\s+{_CAR_NOUN})?"
    rf"|chimeric\s+antigen\s+receptor\s+(?:(?-i:T)[- ]cell\s+)?therap(?:y|ies))"
)
# Modifiers before a CAR-T word, with the modality they give. The first that matches wins.
CAR_MODIFIERS: tuple[tuple[str, str], ...] = (
    (r"in[- ]vivo\s+(?:lentivir\w*|LV)", C.CAR_T_IN_VIVO_LENTIVIRAL),
    (
        r"in[- ]vivo\s+(?:LNP|lipid[- ]nanoparticle|mRNA)(?:[- ](?:LNP|mRNA|based))?",
        C.CAR_T_IN_VIVO_LNP,
    ),
    (
        r"(?:lentivir\w*|LNP|mRNA-LNP|lipid[- ]nanoparticle)[- ](?:based\s+)?in[- ]vivo",
        C.CAR_T_IN_VIVO,
    ),
    (r"in[- ]vivo(?:[- ]generated)?", C.CAR_T_IN_VIVO),
    (
        r"allogen(?:e)?ic|off[- ]the[- ]shelf|donor[- ]derived|universal|healthy[- ]donor",
        C.CAR_T_ALLOGENEIC,
    ),
    (r"autologous|ex[- ]vivo|patient[- ]derived|personali[sz]ed", C.CAR_T_AUTOLOGOUS),
)
# Words that make a class word a *reference class* ("existing CAR-T", "approved CAR-T
# products", "today's cell therapies"): what the article compares against, never the
# subject it is about. Approved and existing CAR-T are all autologous ex vivo products.
REFERENCE_MODIFIER = (
    r"(?:existing|approved|current(?:ly\s+(?:available|approved))?|conventional|traditional"
    r"|commercial(?:ly\s+available)?|standard|today['’]s|marketed|available|first[- ]generation"
    r"|older|classic(?:al)?|established)"
)
REFERENCE_CAR_MODALITY = C.CAR_T_AUTOLOGOUS

# Gene symbols that are also English words: matched only as written ("MET", never "met"),
# and not at all in a line written in capitals ("TRIAL MET ITS PRIMARY ENDPOINT").
WORD_SYMBOLS = frozenset({"met", "kit", "ret", "set", "cat", "rest"})

MODALITY_PHRASES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        r"(?:in[- ]vivo|ex[- ]vivo|AAV|lentiviral|viral)\s+gene\s+therap(?:y|ies)|gene\s+therap(?:y|ies)"
        # ("in vivo gene editors", "a PCSK9 base editor"; a "gene-editing therapy" may be
        # an edited cell therapy)
        # (not the enzyme an mRNA encodes: "messenger RNA for an adenine base editor")
        r"|(?:(?:in[- ]vivo|ex[- ]vivo)\s+)?(?<!adenine\s)(?<!cytosine\s)(?:gene|base|prime)[- ]editors?",
        C.GENE_THERAPY,
        (
            "gene therap",
            "gene-therap",
            "gene edit",
            "gene-edit",
            "base edit",
            "base-edit",
            "prime edit",
            "prime-edit",
        ),
    ),
    (
        r"(?:(?:autologous|allogeneic|allo|auto)[- ])?(?:ha?ematopoietic\s+)?stem[- ]cell\s+transplant(?:ation|s)?|bone\s+marrow\s+transplant(?:ation|s)?|(?-i:ASCT)",
        C.STEM_CELL_TRANSPLANT,
        ("transplant", "asct"),
    ),
    (
        r"(?-i:CAR)[- ]?(?-i:NK)(?:[- ]cells?)?(?:\s+therap(?:y|ies))?|(?:natural\s+killer|(?-i:NK))[- ]cell(?:s|\s+therap(?:y|ies))?"
        r"|(?-i:CAR)[- ]macrophages?|(?-i:TCR)[- ](?-i:T)(?:[- ]cells?)?(?:\s+(?:cell\s+)?therap(?:y|ies))?|tumou?r[- ]infiltrating\s+lymphocytes?|(?-i:TILs?)\b"
        # "TCR therapies", "an engineered T-cell receptor (TCR) therapy"
        r"|(?-i:TCR)\s+(?:cell\s+)?(?:therap(?:y|ies)|products?)"
        r"|(?:engineered\s+)?(?-i:T)[- ]cell\s+receptor\s+(?:\((?-i:TCR)\)\s+)?(?:(?-i:T)[- ]cell\s+)?therap(?:y|ies)",
        C.OTHER_CELL_THERAPY,
        ("nk", "macrophage", "tcr", "infiltrating", "til", "cell receptor"),
    ),
    (
        r"ex[- ]vivo\s+(?:methods?|approach(?:es)?|therap(?:y|ies)|products?|cell\s+therap(?:y|ies)|manufactur\w+\s+therap(?:y|ies))",
        C.CAR_T_AUTOLOGOUS,
        ("ex vivo", "ex-vivo"),
    ),
    (
        r"autologous\s+(?:products?|(?:cell\s+)?therap(?:y|ies))",
        C.CAR_T_AUTOLOGOUS,
        ("autologous",),
    ),
    (
        r"allogen(?:e)?ic\s+(?:products?|(?:cell\s+)?therap(?:y|ies))",
        C.CAR_T_ALLOGENEIC,
        ("allogen",),
    ),
    (
        r"in[- ]vivo\s+(?:(?:cell\s+)?therap(?:y|ies)|products?|approach(?:es)?|programmes?|programs?|candidates?"
        r"|platforms?|engineering|(?-i:CAR)s?\b)",
        C.CAR_T_IN_VIVO,
        ("in vivo", "in-vivo"),
    ),
    (
        r"(?:(?:off[- ]the[- ]shelf|engineered|adoptive|immune)\s+)?(?:cell(?:[- ]based)?|cellular)\s+(?:immuno)?therap(?:y|ies)|cell[- ]therapy\s+products?",
        C.CELL_THERAPY,
        ("cell therap", "cell-therap", "cellular", "cell-based", "cell immunotherap"),
    ),
    (
        r"(?:bispecific(?:s|\s+(?:(?-i:T)[- ]cell[- ]engag(?:er|ing)s?(?:\s+antibod(?:y|ies))?|antibod(?:y|ies)|drugs?|agents?|therap(?:y|ies)|molecules?|constructs?))?|(?-i:T)[- ]cell[- ]engag(?:er|ing)(?:s|\s+antibod(?:y|ies))?|(?-i:BiTEs?)\b"
        # ("a masked DLL3 x CD3 engager"; "the engager" is the product in focus)
        r"|(?<![\w-])(?<!the\s)(?<!this\s)(?<!that\s)(?<!its\s)engagers?\b)",
        C.BISPECIFIC,
        ("bispecific", "engag", "bite"),
    ),
    # ("a bispecific conjugate"; plural "the conjugates" name the class, never a conjugate
    # vaccine)
    (
        r"(?:(?:bispecific\s+)?antibody[- ]drug\s+conjugates?|bispecific\s+conjugates?"
        r"|(?<!oligonucleotide\s)(?<!peptide\s)(?<!(?-i:siRNA)\s)(?<!GalNAc\s)(?<!GalNAc-)"
        r"conjugates\b(?!\s+vaccines?)|(?-i:ADCs?)\b)",
        C.ADC,
        ("conjugate", "adc"),
    ),
    (
        r"(?:monoclonal\s+antibod(?:y|ies)|(?-i:mAbs?)\b)",
        C.MONOCLONAL_ANTIBODY,
        ("monoclonal", "mab"),
    ),
    (
        r"(?:(?:tyrosine\s+)?kinase|(?-i:BTK|JAK|BCR-ABL|EGFR|ALK|FLT3|MEK|BRAF|KIT|MET|CDK4/6|PI3K|SYK))\s+inhibitors?|(?-i:TKIs?)\b",
        C.KINASE_INHIBITOR,
        ("inhibitor", "tki"),
    ),
    (r"proteasome\s+inhibitors?", C.PROTEASOME_INHIBITOR, ("proteasome",)),
    (
        r"immunomodulatory\s+(?:imide\s+)?(?:drugs?|agents?)|(?-i:IMiDs?)\b|cereblon\s+modulators?|(?-i:CELMoDs?)\b",
        C.IMMUNOMODULATORY,
        ("immunomodulatory", "imid", "cereblon", "celmod"),
    ),
    (
        # targeted protein degraders are small molecules (PROTACs, molecular glues); a
        # "degrader-antibody conjugate" is not one
        r"small[- ]molecules?(?:\s+(?:drugs?|inhibitors?|therap(?:y|ies)))?"
        r"|(?:protein\s+)?degraders?(?![- ]antibod)|(?-i:PROTACs?)\b|molecular\s+glues?",
        C.SMALL_MOLECULE,
        ("small", "degrader", "protac", "glue"),
    ),
    (
        r"(?:(?:standard|conventional|intensive|high[- ]dose|combination|cytotoxic|salvage|platinum[- ]based|systemic)\s+)?chemotherapy|\bchemo\b",
        C.CHEMOTHERAPY,
        ("chemo",),
    ),
    (r"corticosteroids?", C.CORTICOSTEROID, ("corticosteroid",)),
    (
        # A radioligand (radiopharmaceutical) is internal radiation therapy.
        r"radiotherapy|radiation\s+therapy|radioligands?(?:\s+therap(?:y|ies))?"
        r"|radiopharmaceuticals?|(?:targeted\s+)?radionuclide\s+therap(?:y|ies)",
        C.RADIOTHERAPY,
        ("radiotherapy", "radiation", "radioligand", "radiopharmaceutical", "radionuclide"),
    ),
    (r"(?:cancer\s+|therapeutic\s+)?vaccines?", C.VACCINE, ("vaccine",)),
)

# ---- barriers ---------------------------------------------------------------------------
# The barrier words themselves are in ``barrier_words`` (``BARRIER_TERMS``); the cues that
# give them a stance follow.
# Barriers whose mention with a therapy is already the claim (reported adverse events,
# lymphodepletion given, a cost): no cue word is needed for faces_barrier.
ADVERSE = frozenset({C.CRS, C.NEUROTOXICITY, C.SECONDARY_MALIGNANCY})
IMPLICIT = ADVERSE | {C.LYMPHODEPLETION, C.COST}
SAFETY_CUE = (
    r"\b(?:warnings?|risks?|reports?\s+of|cases?\s+of|secondary|after|following|develop\w*)\b"
)

FACES_CUE = (
    r"\b(?:requir\w*|needs?|needed|necessit\w*|must|depend\w*|burden\w*|barriers?|hurdles?|challeng\w*"
    r"|bottlenecks?|issues?|problems?|concerns?|limit\w*|constrain\w*|delay\w*|wait\w*|scarce|shortages?"
    r"|remain\w*|untested|unknown|unclear|questions?|risks?|warnings?|complex\w*|plague\w*|strain\w*"
    r"|demand\w*|ask\s+for|long\s+way|tempered|slots?|capacity|restricted|obstacles?|drawbacks?"
    r"|downsides?|difficult\w*|adds?\s+(?:up|to)|high(?:er)?|expensive|costly|logistic\w*|receiv\w*"
    r"|underw\w*|trade-?offs?|only\s+(?:at|in|available)|(?:starts?|begins?|starting|beginning)\s+with|involv\w*"
    r"|entail\w*|calls?\s+for|relies\s+on|rely\s+on|(?:a\s+)?(?:small\s+number|handful)\s+of"
    # "faces pushback from payers", "payers have refused to cover it", "regulators want 15
    # years of follow-up"
    r"|faces?|facing|push\s*back|refus\w*|reluctan\w*|want(?:s|ed)?"
    r"|want\w*\s+to\s+see|before\s+(?:they|it)\s+pays?|insist\w*|(?:take|takes|took|spend|spends)\s+"
    r"(?:\w+\s+){0,3}(?:weeks?|a\s+month))\b"
)
# Before a barrier word (same clause): the barrier is removed.
ADDRESSES_CUE = (
    r"\b(?:without|no\s+need\s+(?:for|of)|no|neither|nor|skip\w*|eliminat\w*|avoid\w*|bypass\w*|obviat\w*|remov\w*"
    r"|circumvent\w*|spar(?:e|es|ing)|free\s+(?:of|from)|(?:do|does|did)\s+not\s+(?:need|require)"
    r"|(?:do|does|did)n['’]t\s+(?:need|require)|no\s+longer\s+(?:need|require)\w*|beyond|rather\s+than"
    r"|instead\s+of|not\s+(?:need|require)\w*|reduc\w*|lower\w*|cut\w*|slash\w*|shorten\w*|simplif\w*"
    r"|overcom\w*|solv\w*|address\w*)\b"
)
# Addresses cues that a requirement or a question turns into a barrier still faced
# ("would need to solve manufacturing issues", "can it overcome access barriers?").
WEAK_ADDRESSES = r"\b(?:overcom\w*|solv\w*|address\w*)\b"
REQUIREMENT_OR_QUESTION = (
    r"\b(?:need(?:s|ed)?\s+to|must|ha(?:ve|s)\s+to|would|whether|can\s+it|will\s+it|could\s+it)\b"
)
# Cues that only weaken (do not remove) an adverse event, or just plan to look at it.
ADVERSE_NEUTRAL = r"\b(?:reduc\w*|lower\w*|fewer|less|evaluat\w*|assess\w*|monitor\w*|measur\w*|track\w*|endpoints?|screen\w*)\b"
NEGATION = r"\b(?:no|not|never|none|neither|nor|without|absence\s+of|free\s+of|(?:did|does|do|was|were|has|have)n['’]t|lack\s+of)\b"
# After a barrier word: "... was not observed", "... not needed", "...-free".
AFTER_NEGATED = r"^\s*(?:(?:was|were|is|are|has\s+been|have\s+been)\s+(?:not|never)\b|(?:did\s+not|didn['’]t)\s+occur)"
AFTER_ADDRESSED = (
    r"^(?:-free\b|\s+(?:was|is|were|are)?\s*(?:not\s+(?:needed|required|necessary)|unnecessary))"
)

# ---- comparisons ------------------------------------------------------------------------
HEAD_TO_HEAD_CUE = r"head[- ]to[- ]head"
NON_INFERIORITY_CUE = r"non-?inferior(?:ity)?"
COMPARED_CUE = (
    r"\bcompared\s+(?:with|to)\b|\bunlike\b|\bcompar(?:e|ing|es)\b(?=\s+(?!with\b|to\b|favou?rabl|notes\b|results\b))"
    # a trial that "compared a switch to X with continued Y": the transitive past
    r"|(?:(?<=trial )|(?<=study )|(?<=that )|(?<=which ))compared\b(?=\s+(?!with\b|to\b|favou?rabl))|\bcomparisons?\s+(?:with|to|between)\b|(?<!-)\bversus\b(?!-)|\bvs\.?(?=\s)|\bagainst\b"
    r"|\brelative\s+to\b|\bsuperior(?:ity)?\s+(?:to|over)\b|\boutperform\w*|\bbetter\s+than\b|\bmatch(?:es|ed)?\b"
    # "A's 21.4% compares with 20.9% for B", "compares favourably with"
    r"|\bcompares\s+(?:favou?rably\s+|well\s+|poorly\s+)?(?:with|to)\b"
    # "after beating lenvatinib in CheckMate 9DW" (not "the drug to beat", "has to beat")
    r"|(?<!\bto\s)\bbeat(?:s|en|ing)?\b(?!\s+(?:it|them|this|that|what|us|back|out|off)\b)"
    # "both improved progression-free survival (PFS) over docetaxel"
    r"|\b(?:improv|prolong|extend)\w*\s+(?:[\w()-]+\s+){1,5}?over\b"
)
COMPETES_CUE = (
    r"\bcompet\w*|\brival\w*|\balternatives?\s+to\b|\breplac\w*|\bdisplac\w*|\bsupplant\w*"
    r"|\bgo(?:es|ing)?\s+up\s+against\b|\bfield\s+in\s+which\b"
    # "a potential challenger to X", "both vying for the same patients", "X trails Y"
    r"|\bchallengers?\s+to\b|\bvy(?:e|es|ing)\b|\bvie\b|\btrails?\b|\btrailing\b|\bthreat\s+to\b"
    # "Tarvimilast also enters a market where ensifentrine is already used"
    r"|\benter(?:s|ed|ing)?\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:market|field|space|class)"
    r"\s+(?:where|in\s+which|(?:already\s+)?(?:led|dominated|served)\s+by|that\s+already)\b"
)
# (not the complement system: "inhibits complement C3", "complement factor D",
# "complement-mediated")
COMPLEMENTS_CUE = (
    r"\bcomplement(?:s|ed|ing|ary)?\b(?![-\s]+(?:C\d|factors?|system|pathways?|proteins?|inhibit\w*"
    r"|cascade|components?|activation|receptors?|mediated|dependent|regulat\w*)\b)"
)
# Words after which the rest of the clause is what something is set against, not its
# subject (no relation of their own).
CONTRAST_OPENERS = (
    r"\bunlike\b|\bin\s+contrast\s+to\b|\bas\s+opposed\s+to\b|\badvantages?\s+over\b|\bthan\b"
    r"|\bfalls?\s+short\s+of\b|\bsimilar\s+to\b|\bcompared\s+(?:with|to)\b"
)
# What stands between a class word or a product and the examples it gives: "CAR-Ts such as
# A", "bispecifics, including B" (the whole gap between two mentions).
EXAMPLES_GAP = r"\s*(?:,\s*)?(?:such\s+as|including|like|e\.g\.,?)\s*"
STANDARD_OF_CARE = (
    r"standard[- ]of[- ]care|standard\s+(?:regimens?|therap(?:y|ies)|treatments?)|usual\s+care"
    r"|physician['’]?s['’]?\s+choice|investigator['’]?s['’]?\s+choice|best\s+available\s+therapy|(?-i:SOC)\b"
)

# ---- evidence level ---------------------------------------------------------------------
# A product's label ("open-label" is a trial design, "off-label" a use; "rests on a label
# without a REMS": a label hoped for, not one held).
_LABEL = r"(?<!open-)(?<!open\s)(?<!off-)(?<!\ba\s)\blabels?\b"
EVIDENCE_CUES: tuple[tuple[str, EvidenceLevel, float], ...] = (
    (
        r"\bapproves?\b|\bapproved\s+by\b|\b(?:has|have|had|was|were|is|are|been|being)\s+(?:\w+\s+)?approved\b"
        r"|\b(?:granted|received|won|secured|gained)\s+(?:\w+\s+){0,2}(?:approval|authori[sz]ation)"
        r"|\bmarketing\s+authori[sz]ation\b|\bcommercially\s+available\b|\bapproval\s+(?:of|for)\b"
        # a regulator's act: "The FDA on Monday approved X", "FDA clears X"
        r"|\b(?:FDA|EMA|MHRA|NMPA|PMDA|Administration|Agency|Commission|regulators?)"
        r"\s+(?:\w+\s+){0,2}?(?:approved|clear(?:s|ed))\b"
        # a licence from a regulator, and a health technology assessment body's decision on
        # a licensed product ("NICE backs X", "has provisionally recommended X")
        r"|\blicensed\s+by\s+(?:the\s+)?(?:FDA|EMA|MHRA|Medicines|European|regulators?)\b"
        r"|\b(?:NICE|health\s+technology\s+assessment\s+body|HTA\s+body|G-BA|IQWiG|CADTH|PBAC)"
        r"\b[^.;]{0,60}?\b(?:recommend(?:s|ed)?(?!\s+(?:phase|dose))|backs|backed|endorse[sd]?"
        r"|turn(?:s|ed)\s+down|reject(?:s|ed)?)\b",
        "approved",
        1.0,
    ),
    (r"\bboxed\s+warning\b|" + _LABEL, "approved", 0.5),
    (r"\bphase\s*(?:3|iii|2/3|ii/iii|4|iv)\b|\bpivotal\b|\bregistrational\b", "pivotal", 1.0),
    (
        r"\bphase\s*(?:1|i|ii|2|1b|1a|2a|2b|1/2|i/ii)\b(?!\s*/\s*(?:3|iii))|\bfirst[- ]in[- ](?:human|patient)s?\b"
        r"|\bearly[- ]clinical\b|\bearly[- ]phase\b|\bdose[- ]escalation\b|\bearly\s+(?:data|results|report)\b",
        "early-clinical",
        1.0,
    ),
    (
        r"\b(?:first|initial|lead)\s+patients?\s+(?:has\s+been\s+|was\s+|were\s+)?dosed\b|\bhealthy\s+volunteers\b"
        r"|\b(?:is|are|being)\s+(?:tested|evaluated|studied|assessed)\s+in\s+(?:patients|an?\s+(?:early|clinical|open-label)\b)"
        r"|\bearly\s+clinical\s+(?:testing|trials?|stud(?:y|ies)|development|stage)\b|\bclinical-stage\b",
        "early-clinical",
        0.5,
    ),
    (
        r"\brandomi[sz]ed\b[^.;]{0,60}\b(?:met|results?|showed|reduced|improved|extended|data)\b",
        "pivotal",
        0.5,
    ),
    (
        r"\bpre-?clinical\b|\bin\s+mice\b|\bmouse\s+models?\b|\bmurine\b|\banimal\s+(?:models?|studies)\b"
        r"|\bnon-?human\s+primates?\b|\bxenografts?\b|\bin\s+vitro\b|\bcell\s+lines?\b|\bin\s+(?:rats|monkeys|primates|dogs)\b"
        r"|\b(?:mouse|mice|monkey|primate|rat|rodent|animal)\s+(?:study|studies|data|experiments?|work)\b"
        r"|\borganoids?\b"
        # "has not yet been given to a patient", "IND-enabling toxicology"
        r"|\b(?:not\s+yet|never)\s+(?:been\s+)?(?:given|dosed|tested|administered)\s+(?:to|in)"
        r"\s+(?:a\s+|any\s+)?(?:patients?|humans?|people)\b|\bIND-enabling\b",
        "preclinical",
        1.0,
    ),
)
# An approval of a trial or a deal, not of a product: "has approved the Investigational New
# Drug (IND) application", "IND approval", "ethics approval", "Both boards have approved the
# deal".
TRIAL_APPROVAL_BEFORE = (  # right before the cue
    r"\b(?:IND|CTA|IRB|ethics(?:\s+committee)?|boards?|shareholders?|stockholders?|directors)"
    r"\s+(?:\w+\s+)?\Z"
)
TRIAL_APPROVAL_AFTER = (  # from the cue on
    r"\w*\s+(?:\w+\s+){0,3}?(?:the\s+)?(?:investigational\s+new\s+drugs?|IND|CTA|clinical\s+trial"
    r"\s+(?:application|authori[sz]ation))\b"
    r"|\w*\s+(?:the\s+|a\s+|its\s+)?(?:trial|study|protocol|deal|merger|acquisition"
    r"|transaction|agreement|offer|takeover|financing|plan)\b"
)
# A level said of the future or as a condition is not the level the article is about.
HYPOTHETICAL_BEFORE = (
    r"\b(?:if|would|could|might|may|plans?\s+to|planning\s+to|expected\s+to|hopes?\s+to|aims?\s+to|seek\w*"
    r"|file\s+for|submit\w*|pending|yet\s+to|not\s+yet|need(?:s)?\s+to|must|will|before|ahead\s+of|next"
    r"|declin\w*\s+to|refus\w*\s+to|reject\w*)\b"
    r"[^.;]{0,40}$"
)
# Plans and intentions anywhere earlier in the clause ("intends to start a randomized
# phase 3 study next year", "will initiate a pivotal trial", "is preparing to file for
# approval"): what is planned never raises a level or a phase, however far the cue is.
PLAN_BEFORE = (
    r"\b(?:plans?|planned|planning|intends?|intended|intention|aims?|hopes?|expects?|prepar(?:es|ing)"
    r"|scheduled|poised|on\s+track|seeks?|seeking|sought|anticipat\w+|proposed|will|shall"
    # an analyst's forecast: "Our $34 target assumes US approval in 2030", "We model ..."
    r"|assum(?:e|es|ed|ing)|model(?:s|led|ing)?|forecasts?|forecasting"
    r"|to\s+(?:start|begin|initiate|launch|open|enrol+|run|conduct|fund|take|advance|move|bring)"
    # "the Series C lets us run the phase 3 ourselves"
    r"|(?:lets?|allows?|enables?)\s+(?:us|them|it|\w+)\s+(?:to\s+)?(?:run|start|begin|launch|conduct|fund)"
    r"|(?:files?|filed|filing|apply|applied|applications?|submit\w*|submission)\s+(?:for|to|of)|under\s+review|accepted\s+for"
    r"|awaiting|pending|ahead\s+of|yet\s+to|not\s+yet|forward-looking|closer\s+to|towards?"
    r"|heads?\s+(?:in)?to|heading\s+(?:in)?to|moves?\s+(?:in)?to|moving\s+(?:in)?to|path\s+to"
    r"|statements?\s+(?:about|regarding|concerning|on)|(?:timing|design)\s+(?:and\s+\w+\s+)?of"
    # "to meet the FDA to discuss a registrational path", "the probability of approval"
    r"|discuss\w*|probability|likelihood|odds|chances?)\b[^;.]{0,80}$"
)

# ---- stated phases (``tlkg.loaders.text.stages``) -----------------------------------------
# A trial phase as written: "phase 3", "Phase 1b", "phase I/II", "phase 2/3"; the highest
# number counts. "pivotal" and "registrational" are the trial meant to support approval
# (phase 3 unless a number is written); "first-in-human" is phase 1.
# A filing under review: the product finished phase 3 (its stage), but the sentence is
# about no trial's evidence (no claim level of its own).
UNDER_REVIEW = (
    r"\bunder\s+(?:(?:FDA|EMA|MHRA|NMPA|PMDA|US|EU|regulatory|priority|accelerated|standard)\s+){0,3}"
    r"review\b"
)
PHASE_CUE = (
    r"\bphases?[\s-]*(?P<num>(?:[1-4]|iv|i{1,3})[ab]?(?:\s*(?:/|-|and|or)\s*(?:[1-4]|iv|i{1,3})[ab]?)?)(?![\w/])"
    r"|\b(?P<pivotal>pivotal|registrational|registration[- ]enabling|confirmatory)\b"
    r"|\b(?P<fih>first[- ]in[- ](?:human|patients?|man))\b"
)
# Approval and label news: the product is on the market. ("open-label" is a trial design;
# "approval pathway" a regulatory route, not an approval.)
APPROVAL_CUE = (
    r"\bapproves?\b|\bapproved\b|\bapprovals?\b(?!\s+(?:pathway|process|route|path|standards?|hurdles?))"
    r"|\bmarketing\s+authori[sz]ation\b(?!\s+applications?)|\bcommercially\s+(?:available|launched)\b|\bnow\s+available\b"
    # (selling rights, a stake or shares is a deal, not a product on the market)
    r"|\b(?:sells?|sold|markets|marketed)\b(?!\s+(?:(?:its|their|the|a|an|all|global|worldwide"
    r"|exclusive|some|part\s+of|[\w-]+\s+in)\s+)*(?:rights?|stakes?|shares?|equity|royalt\w*"
    r"|interests?|licen[cs]es?|business|unit|division|priority\s+review\s+vouchers?)\b)|\b(?:on|reached|entered|came\s+to|hit)\s+the\s+(?:[\w.]+\s+)?market\b"
    r"|\blaunched\s+(?:in\s+(?:the\s+)?(?:US|U\.S\.|EU|Europe|Japan|China|UK)|at\s+[$€£])|\bboxed\s+warnings?\b|"
    + _LABEL
    + r"(?![\s-]+(?:expansion|update)s?\s+(?:trial|study))"
)
# A negated stage: "has not been approved", "no ... has completed a phase 3 trial",
# "awaiting approval", "withdrawn".
STAGE_NEGATED_BEFORE = (
    r"\b(?:not|no|never|without|yet\s+to|awaiting|pending|failed|unapproved|off-label|withdr[ae]w\w*"
    # "years from any approval", "far from approval"
    r"|rejected|refused|declin\w*\s+to|(?:years|months|far)\s+(?:away\s+)?from)\b[^.;,]{0,45}$"
)
# A therapy named as earlier treatment of a trial's patients ("after teclistamab", "previously
# treated with X") is not the programme the trial studies.
PRIOR_THERAPY_BEFORE = (
    r"\b(?:prior|previous(?:ly)?|after|following|refractory\s+to|relapsed\s+(?:after|on)|exposed\s+to|exposure\s+to"
    r"|failed|failure\s+of|progress\w*\s+(?:on|after))\s+(?:(?:treatment|therapy|treated|exposure|dosing)\s+(?:with|to)\s+)?$"
)

# ---- indications the vocabulary may lack --------------------------------------------------
# (pattern, canonical name); matched only where no vocabulary name is.
FALLBACK_INDICATIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"systemic\s+lupus\s+erythematosus|\blupus\b", "systemic lupus erythematosus", ("lupus",)),
    (r"lupus\s+nephritis", "lupus nephritis", ("nephritis",)),
    (r"myasthenia\s+gravis", "myasthenia gravis", ("gravis",)),
    (r"multiple\s+sclerosis", "multiple sclerosis", ("sclerosis",)),
    (r"rheumatoid\s+arthritis", "rheumatoid arthritis", ("arthritis",)),
    # "in Crohn's", "Crohn's disease": the eponym alone names the disease
    (r"\bcrohn['’]s(?:\s+disease)?", "Crohn's disease", ("crohn",)),
    (
        r"diffuse\s+large\s+(?-i:B)[- ]cell\s+lymphomas?",
        "diffuse large B-cell lymphoma",
        ("lymphoma",),
    ),
    (r"follicular\s+lymphomas?", "follicular lymphoma", ("lymphoma",)),
    (r"mantle[- ]cell\s+lymphomas?", "mantle cell lymphoma", ("lymphoma",)),
    (
        r"(?-i:B)[- ]cell\s+(?:acute\s+)?lymphoblastic\s+leuk(?:a)?emias?|(?-i:B-ALL)\b",
        "B-cell acute lymphoblastic leukemia",
        ("leuk", "b-all"),
    ),
    (
        r"acute\s+lymphoblastic\s+leuk(?:a)?emias?|(?-i:ALL)(?=\s+(?:patients|cohort))",
        "acute lymphoblastic leukemia",
        ("leuk", "all"),
    ),
    (r"acute\s+myeloid\s+leuk(?:a)?emias?|(?-i:AML)\b", "acute myeloid leukemia", ("leuk", "aml")),
    (
        r"chronic\s+lymphocytic\s+leuk(?:a)?emias?|(?-i:CLL)\b",
        "chronic lymphocytic leukemia",
        ("leuk", "cll"),
    ),
    (r"(?-i:B)[- ]cell\s+malignanc(?:y|ies)", "B-cell malignancy", ("malignan",)),
    (r"multiple\s+myeloma|\bmyeloma\b", "multiple myeloma", ("myeloma",)),
    (r"non-hodgkin['’]?s?\s+lymphomas?", "non-Hodgkin lymphoma", ("hodgkin",)),
    (r"(?<!non-)\bhodgkin['’]?s?\s+(?:lymphomas?|disease)", "Hodgkin lymphoma", ("hodgkin",)),
    (r"(?-i:B)[- ]cell\s+lymphomas?", "B-cell lymphoma", ("lymphoma",)),
    (r"\blymphomas?\b", "lymphoma", ("lymphoma",)),
    (r"\bleuk(?:a)?emias?\b", "leukemia", ("leuk",)),
    (r"\bmelanomas?\b", "melanoma", ("melanoma",)),
    (r"(?:non-small[- ]cell\s+)?lung\s+cancer|(?-i:NSCLC)\b", "lung cancer", ("lung", "nsclc")),
    (r"breast\s+cancer", "breast cancer", ("breast",)),
    (r"autoimmune\s+(?:diseases?|disorders?)", "autoimmune disease", ("autoimmune",)),
    # Solid tumours; an adjective coordinated before the noun counts too ("ovarian,
    # fallopian tube or primary peritoneal cancer").
    (
        r"platinum[- ]resistant\s+(?:(?:high[- ]grade|low[- ]grade|serous|epithelial|recurrent|advanced)\s+){0,3}ovarian(?:\s+cancers?)?",
        "platinum-resistant ovarian cancer",
        ("ovarian",),
    ),
    (
        r"ovarian\s+(?:cancers?|carcinomas?|tumou?rs?)|ovarian(?=,\s+(?:fallopian|primary\s+peritoneal))",
        "ovarian cancer",
        ("ovarian",),
    ),
    (r"fallopian[- ]tube(?:\s+cancers?)?", "fallopian tube cancer", ("fallopian",)),
    (
        r"primary\s+peritoneal(?:\s+(?:cancers?|carcinomas?))?",
        "primary peritoneal cancer",
        ("peritoneal",),
    ),
    (
        r"renal[- ]cell\s+(?:carcinomas?|cancers?)|(?-i:RCC)\b",
        "renal cell carcinoma",
        ("renal", "rcc"),
    ),
    (r"kidney\s+(?:cancers?|tumou?rs?)", "kidney cancer", ("kidney",)),
    (
        r"pancreatic\s+ductal\s+adenocarcinomas?|(?-i:PDAC)\b",
        "pancreatic ductal adenocarcinoma",
        ("pancreatic", "pdac"),
    ),
    (r"pancreatic\s+(?:cancers?|tumou?rs?|carcinomas?)", "pancreatic cancer", ("pancreatic",)),
    (r"solid\s+tumou?rs?", "solid tumours", ("solid",)),
)

# Anaphors: words standing for therapies named before ("it", "both", "the two drugs",
# "Neither drug", "the therapy"); ``discourse.ANAPHOR``.
ANAPHOR = (
    # ("binds both EGFR and HER3": two targets, no anaphor)
    r"\b(?:it|its|they|their|both(?!\s+(?:in|for|as|at|on|by|with|from|and|of\s+(?:the|these|those)\s+(?:trials?|stud)"
    r"|(?-i:[A-Z][A-Z0-9-]{1,9})\s+and\b|ways|sides|directions|ends)\b)"
    r"|(?:all|each)\s+(?:two|three|four|of\s+them)\b"
    r"|(?:all|each|both)\s+of\s+the\s+(?:two|three|four)\b(?!\s+(?:patients|trials?|studies|years|months|weeks|doses|arms|cohorts)\b)"
    r"|each\s+(?:product|drug|therapy|treatment|agent|candidate|programme|program|molecule|antibody)\b"
    r"|each(?=\s+(?:must|is|are|was|were|has|had|have|requires?|needs?|costs?|carries|can|will|would"
    r"|should|comes?|uses?|involves?|takes?|lists?)\b)"
    r"|(?:these|those|the)\s+(?:two|three|four)\s+(?:\w+\s+)?(?:drugs|products|therapies|treatments|agents|candidates"
    r"|programmes|programs|molecules|antibodies|assets)"
    r"|(?:these|those)\s+(?:two|three|four)\b(?!\s+(?:patients|trials?|studies|years|months|weeks|doses|arms|cohorts)\b)"
    # "The two still on the market are ...": opening "The" and a count, then what they do
    r"|(?-i:The)\s+(?:two|three|four)(?=\s+(?:still|also|both|each|now|already|remain|are|were|have|had|carry"
    r"|cost|require|need|list|share|differ|compete)\b)"
    r"|(?:these|those)\s+(?:\w+\s+)?(?:drugs|products|therapies|treatments|agents|candidates|programmes|programs"
    r"|molecules|antibodies|assets)"
    r"|(?:this|these)(?=\s+(?:is|are|was|were|could|would|may|might|will|can|has|have|had|does|do|did"
    r"|remains?|means?|shows?|suggests?|offers?|works?)\b)"
    r"|the\s+(?:two|both)\s+(?:drugs|products|therapies|treatments|classes|approaches|agents)"
    # "Neither drug will be cheap": both, each denied the same
    r"|neither\s+(?:drug|product|therapy|treatment|agent|medicine|of\s+(?:them|the\s+two))"
    r"|the\s+(?:(?-i:[A-Z])[\w&'’-]*\s+){1,3}(?:drug|product|therapy|treatment|antibody|candidate"
    r"|conjugate|vector|molecule|compound|programme|program|asset|bispecific|engager|medicine)"
    # "The autologous CAR-T product recognises ...": the programme in focus, described
    r"|the\s+(?!(?:same|other|first|second|third|only|approved|marketed|standard|new|next|older)\b)"
    r"(?:[\w-]+\s+){1,3}?(?:product|drug|candidate|medicine|molecule)\b(?!-)"
    r"|the\s+(?:therapy|treatment|drug|approach|product|candidate|technology|platform|method|strategy|agent"
    r"|molecule|antibody|compound|construct|programme|program|asset|infusion|cells)"
    r"|this\s+(?:approach|therapy|treatment|drug|product|candidate|technology|platform|method|strategy))\b"
)
