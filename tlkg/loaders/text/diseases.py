"""Disease names by their form, for the diseases no vocabulary lists: a disease head word
("cancer", "lymphoma", "disease", "colitis", "dystrophy", a word ending in -itis, -osis,
-emia, -pathy ...) and the words before it that say which one ("castration-resistant
prostate", "late-onset Pompe", "Crohn's", "relapsed or refractory follicular").

A head that names a disease by itself ("lymphoma", "psoriasis", "colitis") stands alone; a
generic head ("disease", "cancer", "syndrome", "deficiency", "failure") needs a modifier
that says which ("Pompe disease", "gastric cancer"), never only a word of stage or course
("stable disease", "progressive disease", "advanced cancer"). Words of stage and setting at
the front ("advanced", "unresectable", "previously treated", "moderately to severely
active") are left out of the name; "relapsed or refractory" and "metastatic
castration-resistant" stay, being names of their own populations. When the name found
ends with the name of a vocabulary disease, that one is its broader disease.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tlkg.loaders.text.patterns import ORG_SUFFIX

_I = re.IGNORECASE

# Heads that name a disease without a modifier.
_SPECIFIC_HEADS = (
    r"[a-z]*(?:lymphoma|myeloma|sarcoma|melanoma|carcinoma|glioma|blastoma|mesothelioma"
    r"|leuka?emia)s?"
    r"|[a-z]{3,}itis|psoriasis|lupus|asthma|diabetes|obesity|migraine|dementia"
    r"|[a-z]*lepsy|[a-z]*somnia|schizophrenia|urticaria|alopecia|vitiligo|eczema|gout|ha?emophilia(?:\s+[AB]\b)?"
    r"|(?:sickle[- ]cell\s+)?ana?emia|thalassa?emia|[a-z]{4,}osis|[a-z]{3,}pathy|gravis"
    r"|hypertension|[a-z]{3,}trophy|prurigo|pemphigus|pemphigoid|rosacea|acne"
    r"|[a-z]{4,}(?:ectasis|iasis)|angioa?edema|lympha?edema|lymphoedema"
    # "achondroplasia", "bronchopulmonary dysplasia"
    r"|[a-z]{3,}plasias?"
)
# What may follow a head inside a disease's name: a Latin adjective ("prurigo nodularis",
# "pemphigus vulgaris", "hidradenitis suppurativa") or "with(out) nasal polyps".
_HEAD_TAIL = (
    r"(?:\s+(?:nodularis|vulgaris|suppurativa|areata|foliaceus|pilaris|multiforme|perstans"
    # any Latin adjective of such a form ("retinitis pigmentosa", "epidermolysis bullosa",
    # "osteogenesis imperfecta", "porphyria cutanea tarda")
    r"|[a-z]{3,}(?:osa|osum|osus|aris|alis|icans|iva|ecta|arda|enita))"
    # "ATTR amyloidosis with cardiomyopathy": a manifestation that names the population
    r"|\s+with(?:out)?\s+nasal\s+polyps|\s+with\s+[a-z]{3,}(?:itis|osis|pathy)"
    # the type after the head: "narcolepsy type 1", "diabetes type 2"
    r"|[^\S\n]+type[^\S\n]+(?:[1-4][AB]?|I{1,3}|IV)(?![\w-])"
    # the virus's letter: "chronic hepatitis B", "hepatitis C"
    r"|(?<=hepatitis)[^\S\n]+[A-E](?![\w-]))?"
)
# Heads that need a modifier saying which disease.
_GENERIC_HEADS = (
    r"cancers?|tumou?rs?|neoplasms?|diseases?|disorders?|syndromes?|deficiency|failure"
    r"|dystrophy|atrophy|malignanc(?:y|ies)|fibrosis|sclerosis|infections?"
    # a urine finding is a disease only with a modifier ("paroxysmal nocturnal
    # haemoglobinuria", "primary hyperoxaluria"), never alone ("proteinuria")
    r"|[a-z]{4,}uria"
)
# Words ending like a head that are no disease.
_NOT_HEADS = frozenset(
    {"diagnosis", "prognosis", "hypnosis", "osmosis", "symbiosis", "apoptosis", "necrosis",
     "mitosis", "meiosis", "academia", "sympathy", "empathy", "telepathy", "homeopathy",
     "neurosis", "hypothesis", "synthesis", "emphasis", "analysis", "basis", "thesis",
     "crisis", "oasis", "genesis", "ischemia", "ischaemia", "viremia", "bacteremia",
     "hypoglycemia", "hyperglycemia", "lymphopenia", "exostosis", "cytosis", "phagocytosis",
     "endocytosis", "exocytosis", "pinocytosis", "lordosis", "kyphosis", "stenosis", "ptosis",
     "thrombosis", "lymphocytosis", "leukocytosis", "psychosis",
     "glycosis", "glycolysis", "dialysis", "paralysis", "trophy"}
)  # fmt: skip
# A modifier word: lower case, hyphenated, or a capitalised eponym (possessive or not).
_WORD = (
    r"(?:[A-Z][a-z]+(?:['’]s)?|[a-z][a-z]+(?:-[A-Za-z][a-z]*)*|[A-Z](?:-[a-z]+)+|[A-Z]{1,3}-[a-z]+"
    r"|[A-Z]{2,6}-associated|[A-Z]{2,5}|Ig[ADEGM]\d?)"
)
_HEAD = re.compile(
    r"(?<![\w-])(?:" + _GENERIC_HEADS + "|" + _SPECIFIC_HEADS + r")" + _HEAD_TAIL + r"(?![\w-])"
)
_MAX_MODIFIERS = 6
# "Cancer Center", "Lupus Foundation": the head inside an organisation's name.
# ("lymphoma specialists", "myeloma experts": the head names the people, not a disease's use)
_NAME_AFTER = re.compile(
    r"[^\S\n]+(?:(?-i:[A-Z][a-z]+)\b(?<!\bThe)|(?:specialists|experts|doctors|physicians"
    r"|oncologists|haematologists|hematologists|nurses|researchers|societies|foundations)\b)"
)
_GENERIC = re.compile(_GENERIC_HEADS)
# Heads that alone name only a category ("carcinoma"): they need a modifier too.
_BARE_CATEGORIES = frozenset({"carcinoma", "carcinomas", "adenocarcinoma", "adenocarcinomas"})
# Words that end the modifiers (read right to left): function words, verbs, people.
_STOP = frozenset(
    {"the", "a", "an", "with", "in", "for", "of", "and", "or", "to", "from", "by", "at", "on",
     "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "who", "which",
     "that", "their", "its", "his", "her", "this", "these", "those", "patients", "people",
     "adults", "children", "adolescents", "participants", "subjects", "men", "women",
     "including", "such", "other", "many", "most", "some", "all", "any", "each", "both",
     "several", "new", "first", "second", "third", "common", "rare", "cause", "causes",
     "caused", "treat", "treats",  "treating", "treatment", "therapy", "against",
     "into", "than", "like", "about", "over", "under", "after", "before", "between", "per",
     "not", "no", "more", "less", "also", "only", "approved", "indicated", "used",
     "certain", "various", "similar", "same", "own", "whose", "while", "where", "when",
     "it", "they", "we", "our", "your", "i", "he", "she", "said", "says", "will", "would",
     "can", "could", "may", "might", "should", "must", "shall", "do", "does", "did",
     "across", "within", "without", "among", "because", "since", "if", "but", "so", "yet",
     "trial", "trials", "study", "studies", "data", "results", "drug", "drugs", "market",
     "markets", "risk", "rate", "rates", "response", "responses", "lines", "line",
     "setting", "settings", "population", "populations", "cohort", "cohorts", "arm", "dose",
     "doses", "phase", "stage", "grade", "class", "type", "form", "forms", "field", "area",
     "areas", "space", "program", "programme", "company", "companies", "biotech",
     "investors", "analysts", "doctors", "physicians", "centres", "centers", "hospital",
     "hospitals", "living", "live", "lives", "suffer", "suffering",  "develop",
     "developing", "developed", "having", "got", "get", "gets", "getting", "life",
     "threatening", "life-threatening", "debilitating", "deadly", "fatal", "serious",
     "targeting", "targeted", "target", "targets", "directed", "given", "received", "receive",
     "receiving", "worldwide", "global", "globally", "us", "u.s", "eu", "european",
     "american", "china", "chinese", "japan", "japanese", "today", "year", "years",
     "month", "months", "week", "weeks", "day", "days", "time", "times", "number",
     "treated", "diagnosed", "experimental", "investigational", "novel", "potential",
     "candidate", "lead"}
)  # fmt: skip
# Words of stage, course and setting, dropped from the front of a name.
_SETTING = frozenset(
    {"advanced", "locally", "unresectable", "previously", "untreated", "early", "late",
     "early-stage", "late-stage", "moderate", "moderate-to-severe", "moderately", "severely",
     "severe", "mild", "active", "progressive", "stable", "residual", "measurable",
     "evaluable", "underlying", "recurrent", "high-risk", "low-risk",
     "intermediate-risk", "heavily", "pretreated", "pre-treated", "treatment-naive",
     "treatment-naïve", "newly", "to", "metastatic", "chronic-phase", "relapsed",
     "refractory", "one", "two", "pediatric", "paediatric", "adult", "childhood", "adolescent",
     "symptomatic"}
)  # fmt: skip
# Kept at the front: populations named by these words.
_KEEP_FRONT = (
    re.compile(r"^relapsed(?:\s+(?:or|and(?:/or)?|/)\s+|/)refractory\s", _I),
    re.compile(r"^metastatic\s+castration-resistant\s", _I),
    re.compile(r"^newly\s+diagnosed\s", _I),
)
# A generic head needs one modifier that says which disease, not only these.
_VAGUE = frozenset(
    {"rare", "serious", "chronic", "genetic", "inherited", "human", "common", "complex",
     "systemic", "inflammatory", "immune", "autoimmune", "metabolic", "infectious",
     "solid", "blood", "malignant", "benign", "primary", "secondary", "underlying",
     "other", "related", "associated", "orphan", "liquid", "haematological",
     "hematological", "hematologic", "haematologic", "b-cell", "t-cell", "cell",
     "minimal", "graft", "ultra-rare", "treatment-resistant", "drug-resistant",
     "resistant", "refractory", "relapsed", "relapsing", "large", "small", "big", "major",
     "natural", "prior", "recent", "opportunistic", "breakthrough", "viral", "bacterial",
     "fungal", "new", "active", "latent", "mild", "acute", "persistent", "heavy",
     "significant", "ongoing", "high", "low", "elevated", "nephrotic-range"}
)  # fmt: skip


@dataclass(frozen=True)
class DiseaseName:
    name: str
    start: int
    end: int


def disease_names(text: str) -> list[DiseaseName]:
    """Every disease name written in ``text``, by form (see the module docstring); in a
    line written in capitals ("REMZOTUG IN FIRST-LINE ENDOMETRIAL CANCER"), as if it were
    written in lower case."""
    out = _names(text)
    for line in _CAPITALS_LINE.finditer(text) if "\n" in text else ():
        low = line.group(0).lower()
        out.extend(
            DiseaseName(d.name, d.start + line.start(), d.end + line.start()) for d in _names(low)
        )
    return sorted(out, key=lambda d: d.start)


# A line of at least three words with no lower-case letter (a headline in capitals).
_CAPITALS_LINE = re.compile(r"(?m)^(?=[^\n]*[A-Z]{2})[^a-z\n]*\b[A-Z]+\s+[A-Z]+\s+[A-Z][^a-z\n]*$")


def _names(text: str) -> list[DiseaseName]:
    out: list[DiseaseName] = []
    for m in _heads(text):
        head = m.group(0)
        low_head = head.lower()
        if low_head in _NOT_HEADS:
            continue
        words, starts = _modifiers(text, m.start(), low_head.endswith(_ACRONYM_HEADS))
        start = starts[0] if starts else m.start()
        words, start = _drop_setting(text, words, start)
        generic = _GENERIC.fullmatch(low_head) is not None or low_head in _BARE_CATEGORIES
        if generic and not any(w.lower() not in _VAGUE | {"or", "and", "and/or"} for w in words):
            continue
        name = " ".join([*words, head])
        if name.lower() in _COMPLICATIONS or _NAME_AFTER.match(text, m.end()):
            continue
        found = DiseaseName(_canonical(name), start, m.end())
        while out and out[-1].start >= found.start:
            out.pop()  # "lupus" inside "lupus nephritis"
        out.append(found)
        out.extend(_coordinated(text, start, words, head))
    return sorted(out, key=lambda d: d.start)


# Lower-case words, and the endings and words a head can have: a cheap test on each word
# before the head pattern runs there (it is costly where it fails, at every word).
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]{4,}(?![\w-])")
_HEAD_ENDINGS = (
    "oma", "omas", "emia", "emias", "itis", "osis", "pathy", "trophy", "cancer", "cancers",
    "tumor", "tumors", "tumour", "tumours", "neoplasm", "neoplasms", "disease", "diseases",
    "disorder", "disorders", "syndrome", "syndromes", "deficiency", "failure", "malignancy",
    "infection", "infections",
    "malignancies", "lupus", "asthma", "diabetes", "obesity", "epilepsy", "migraine",
    "dementia", "lepsy", "somnia", "uria", "schizophrenia", "urticaria", "alopecia",
    "vitiligo", "eczema", "gout",
    "philia", "gravis", "hypertension", "prurigo", "pemphigus", "pemphigoid", "rosacea",
    "acne", "psoriasis", "ectasis", "iasis", "edema", "plasia", "plasias",
)  # fmt: skip


def _heads(text: str) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    for w in _LOWER_WORD.finditer(text):
        if out and w.start() < out[-1].end():
            continue  # inside the last head ("granulomatosis with polyangiitis")
        if w.group(0).endswith(_HEAD_ENDINGS):
            m = _HEAD.match(text, w.start())
            if m is not None:
                out.append(m)
    return out


# Heads an acronym right before may name the kind of ("ATTR amyloidosis", "AL amyloidosis",
# "ATTR cardiomyopathy"); not a cancer's ("GEJ adenocarcinoma" is a site).
_ACRONYM_HEADS = ("osis", "itis", "pathy", "infection", "infections")  # "HIV infection" too


def _modifiers(text: str, end: int, acronyms: bool = False) -> tuple[list[str], list[int]]:
    """The words right before ``end`` that say which disease (nearest first kept), up to
    the first word that ends them, and where each starts. The window's words are found
    once, then read from the head backwards."""
    words: list[str] = []
    starts: list[int] = []
    lo = max(0, end - 120)
    pos = end
    numbered = _TYPE_NUMBER.search(text, lo, end)  # "type 2 diabetes", "type 1 narcolepsy"
    if numbered is not None:
        words, starts, pos = numbered.group(0).split(), [numbered.start()], numbered.start()
    tokens = list(_TOKEN.finditer(text, lo, pos))
    i = len(tokens) - 1
    while i >= 0 and len(words) < _MAX_MODIFIERS:
        m = tokens[i]
        if not _GAP.fullmatch(text, m.end(), pos):
            break
        word = m.group(0)
        if word.endswith(("'s", "’s")) and (words or _company(text, word[:-2])):
            # "Torvane's lung cancer": a possessive eponym stands right before its head;
            # "Fernhollow's hemophilia A gene therapy": a company's, no eponym
            break
        # an acronym right before the head names the disease's kind ("ATTR amyloidosis")
        acronym = acronyms and not words and word.isupper() and word.isalpha()
        if word.lower() in _STOP or not (acronym or _modifier_word(word)):
            rr = _RELAPSED_OR.search(text, lo, pos)
            if rr is not None and word.lower() in ("or", "and", "and/or"):
                words.insert(0, rr.group(0).strip())
                starts.insert(0, rr.start())
                pos = rr.start()
                while i >= 0 and tokens[i].start() >= pos:
                    i -= 1
                continue
            break
        words.insert(0, word)
        starts.insert(0, m.start())
        pos = m.start()
        i -= 1
    return [w for part in words for w in part.split()], starts


_TYPE_NUMBER = re.compile(r"(?<![\w-])[Tt]ype[^\S\n]+(?:[1-4][ABab]?|I{1,3}|IV)(?=[^\S\n]+\Z)")


def _company(text: str, word: str) -> bool:
    """Is ``word`` the first word of a company's name in ``text`` ("Fernhollow Genetics")?"""
    return re.search(rf"\b{re.escape(word)}[^\S\n]+{ORG_SUFFIX}\b", text) is not None


_TOKEN = re.compile(r"(?<![\w-])" + _WORD + r"(?![\w'’-])")
_GAP = re.compile(r"[^\S\n]+")


# Modifiers by shape: adjectives ("follicular", "ulcerative", "metastatic"), nouns that
# name an organ or cell ("lung", "cell", "bowel"), hyphenated words ("castration-resistant"),
# eponyms ("Crohn's", "Pompe"); never a verb or a plural ("sends", "clear", "cells").
_ADJECTIVE_ENDINGS = (
    "al", "ar", "ic", "ous", "ive", "ary", "oid", "ile", "ian", "ant", "ent", "ory", "ine",
)  # fmt: skip
_PARTICIPLES = frozenset(
    {"relapsed", "relapsing", "remitting", "generalized", "generalised", "localized",
     "localised", "advanced", "inherited", "acquired", "diffuse", "refractory",
     "demyelinating", "sclerosing", "necrotizing", "necrotising", "ossifying"}
)  # fmt: skip
_ORGAN_NOUNS = frozenset(
    {"lung", "breast", "skin", "bone", "blood", "liver", "kidney", "cell", "junction", "tube",
     "head", "neck", "bowel", "colon", "brain", "bladder", "stomach", "duct", "bile", "heart",
     "muscle", "nerve", "joint", "marrow", "sickle", "mantle", "hairy", "zone", "tract",
     "cord", "eye", "thyroid", "prostate", "ovary", "cervix", "gland", "tissue", "plasma",
     "mast", "germ", "islet", "stem", "gut", "airway", "lymph", "node", "multiple", "small",
     "large", "acute", "chronic", "juvenile", "adult", "lupus", "myasthenia", "rectal",
     "graves", "coeliac", "celiac", "pancreas", "uterus", "skull",
     "spine", "vessel", "artery", "vein", "valve", "hip", "knee", "hand", "foot", "mouth",
     "plaque", "guttate"}
)  # fmt: skip


# Pathogens name an infection: "parainfluenza infection", "rotavirus infection".
_PATHOGENS = ("virus", "influenza", "coccus", "bacter", "bacterium", "monas")


# Verbs and nouns that end like adjectives.
_NOT_ADJECTIVES = frozenset(
    {"appear", "disappear", "clear", "bear", "fear", "hear", "near", "wear", "tear", "year",
     "went", "sent", "spent", "meant", "want", "grant", "plant", "combine", "determine",
     "examine", "decline", "define", "line", "mine", "fine", "outline", "deal", "heal",
     # a product's route, not the disease's ("its oral obesity candidate")
     "oral", "intravenous", "subcutaneous", "intramuscular", "intravitreal", "topical",
     "inhaled", "injectable",
     "reveal", "steal", "appeal", "conceal", "give", "live", "receive", "drive", "arrive",
     "survive", "thrive", "derive", "deprive", "compile", "patient", "agent", "event",
     "percent", "cent", "content", "intent", "consent", "parent", "talent", "payment",
     "trial", "arrival", "approval", "removal", "renewal", "proposal", "disposal",
     "potential", "medicine", "vaccine", "routine", "machine", "baseline", "guideline",
     "pipeline", "deadline", "headline", "online", "topic", "clinic", "logic", "music",
     "public", "republic", "traffic", "basic", "critic", "panic", "epidemic", "pandemic",
     "prevent", "represent", "implement", "present", "augment", "absent"}
)  # fmt: skip


def _modifier_word(word: str) -> bool:
    low = word.lower()
    if low in _NOT_ADJECTIVES:
        return False
    if "-" in word:
        return low == "triple-negative" or not _SETTING_HYPHEN.search(low)
    if word[:1].isupper():
        return word[1:2].islower() or word[1:2] in ("'", "’")
    if low in _ORGAN_NOUNS or low in _PARTICIPLES or low in _SETTING or low.endswith(_PATHOGENS):
        return True
    if low.endswith(("ed", "ing")) or (low.endswith("s") and not low.endswith(("ss", "us", "is"))):
        return False
    return low.endswith(_ADJECTIVE_ENDINGS)


# Hyphenated words of stage, line and course ("first-line", "extensive-stage", "rapidly-
# progressing"): setting, not which disease ("triple-negative" names one: ``_modifier_word``).
_SETTING_HYPHEN = re.compile(
    r"-(?:line|stage|progressing|growing|risk|grade|derived|induced|related|threatening|positive|to-treat"
    r"|negative|naive|naïve|eligible|ineligible|mutant|mutated|expressing|high|low|amplified)$"
    r"|^(?:non-malignant|rapidly-|slow-|fast-|head-to-head|first-in-human|open-label|real-world"
    # a product's form, not the disease's ("Acme's off-the-shelf lupus CAR-T")
    r"|off-the-shelf|ready-made|long-acting|once-|twice-|single-)"
)
# Complications the articles report as harms, not as what a therapy treats.
_COMPLICATIONS = frozenset(
    {"cytokine release syndrome", "neurotoxicity syndrome", "tumour lysis syndrome",
     "tumor lysis syndrome", "graft-versus-host disease", "peripheral neuropathy",
     "immune effector cell-associated neurotoxicity syndrome", "minimal residual disease",
     "measurable residual disease", "interstitial lung disease", "pneumonitis", "anaemia",
     "anemia", "keratopathy", "infusion reaction", "neutropenia", "colitis", "hepatotoxicity",
     "cardiotoxicity", "nephrotoxicity", "neurotoxicity", "ocular toxicity",
     "differentiation syndrome", "capillary leak syndrome", "acute liver failure",
     "liver failure"}
)  # fmt: skip
# "relapsed or refractory", read as one modifier when its "or" is reached.
_RELAPSED_OR = re.compile(r"relapsed\s+(?:or|and(?:/or)?)[^\S\n]+\Z", _I)


def _coordinated(text: str, start: int, words: list[str], head: str) -> list[DiseaseName]:
    """ "gastric or gastro-oesophageal junction cancer": the first member of the pair."""
    m = _PAIR_BEFORE.search(text, max(0, start - 60), start)
    if m is None or _HEAD.fullmatch(m.group(1)) is not None:
        return []  # "lymphoma and leukemia": two diseases, each found by its own head
    if m.group(1).lower() in _STOP or m.group(1).lower() in _SETTING:
        return []
    if not _modifier_word(m.group(1)):
        return []  # "itch and urticaria": two things, not "itch urticaria"
    return [DiseaseName(_canonical(f"{m.group(1)} {head}"), m.start(1), m.end(1))]


_PAIR_BEFORE = re.compile(r"(?<![\w-])([a-z][a-z-]{3,})\s+(?:or|and)\s+\Z")


def _drop_setting(text: str, words: list[str], start: int) -> tuple[list[str], int]:
    while words:
        joined = " ".join(words) + " "
        if any(p.match(joined) for p in _KEEP_FRONT):
            break
        if words[0].lower() not in _SETTING:
            break
        dropped = words.pop(0)
        start = text.index(dropped, start) + len(dropped)
        while start < len(text) and text[start].isspace():
            start += 1
    return words, start


_PLURALS = (
    (re.compile(r"(lymphoma|myeloma|sarcoma|melanoma|carcinoma|glioma|blastoma|tumou?r|cancer"
                r"|neoplasm|disease|disorder|syndrome|infection)s$", _I), r"\1"),
    (re.compile(r"malignancies$", _I), "malignancy"),
    (re.compile(r"(leuka?emia)s$", _I), r"\1"),
)  # fmt: skip


def _canonical(name: str) -> str:
    """Singular and US-spelt: one disease, one name."""
    for pattern, repl in _PLURALS:
        name = pattern.sub(repl, name)
    return us_spelling(name)


# British spellings of disease words, written the registry's and MeSH's (US) way so that
# one disease is one node whichever spelling an article uses.
_US_SPELLING = (
    (re.compile(r"(leuk|an|isch|septic|glyc|thalass|lipid|ur|bacter|vir)aem", re.I), r"\1em"),
    (re.compile(r"\bhaem", re.I), "hem"),
    (re.compile(r"\boesophag", re.I), "esophag"),
    (re.compile(r"\boedem", re.I), "edem"),
    (re.compile(r"\bpaediatr", re.I), "pediatr"),
    (re.compile(r"tumour", re.I), "tumor"),
    (re.compile(r"\b(general|local|special|metastas)is(ed|ing)\b", re.I), r"\1iz\2"),
)


def us_spelling(name: str) -> str:
    for pattern, repl in _US_SPELLING:
        name = pattern.sub(repl, name)
    return name


def broader_name(name: str, known: Callable[[str], str | None]) -> str | None:
    """The key of the longest other disease name ``name`` ends with, after one or more of
    its leading words ("relapsed or refractory follicular lymphoma" -> "follicular
    lymphoma", "late-onset Pompe disease" -> "Pompe disease"); ``known`` gives the key of a
    name (the vocabulary's or the article's), if any."""
    words = name.split()
    for i in range(1, len(words)):
        key = known(" ".join(words[i:]))
        if key is not None:
            return key
    return None
