"""Synthetic ClinicalTrials.gov API v2 studies for benchmarks.

Each study has the shape and roughly the size of a real v2 record (~15-20 KB of JSON:
identification, status, sponsors, oversight, description, conditions, design, arms and
interventions, outcomes, eligibility, locations, references, and the derived MeSH browse
modules), with made-up text. Nothing is copied from real records; the field layout follows
the API v2 schema. Generation is deterministic for a seed.

Content is meant to stress the analysis services the way a registry would:

- conditions from a realistic spread (most trials are not haematology), written in the
  loose ways registries write them ("MM", "Relapsed/Refractory Multiple Myeloma", ...),
  with MeSH terms in ``derivedSection``;
- therapies from the seed vocabulary (by the indications it gives them) plus invented
  code names (``ABX-1234``), INN-like names with real stems (``-tamab``, ``-cabtagene
  autoleucel``, ``-tinib``, ...) and descriptive CAR-T programmes ("BCMA CAR-T cells");
- arms: experimental, active comparator (standard drugs or "Standard of care"), placebo
  comparator, no intervention; regimen components (dexamethasone, chemotherapy) and
  supportive care, diagnostics and procedures among the interventions;
- phases, statuses (including withdrawn / terminated / suspended) and dates spread like a
  registry's.

Usage::

    python bench/synth.py --studies 1000 --seed 7 --out studies.jsonl   # or .zip
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

# ---- conditions ------------------------------------------------------------------------------
# (group, weight, names as registries write them, MeSH (id, term) pairs)
CONDITIONS: list[tuple[str, float, list[str], list[tuple[str, str]]]] = [
    (
        "myeloma",
        2.2,
        ["Multiple Myeloma", "Myeloma, Multiple", "MM (Multiple Myeloma)", "Plasma Cell Myeloma"],
        [("D009101", "Multiple Myeloma")],
    ),
    (
        "myeloma",
        1.6,
        ["Relapsed/Refractory Multiple Myeloma", "Relapsed Refractory Multiple Myeloma", "RRMM"],
        [("D009101", "Multiple Myeloma"), ("D012008", "Recurrence")],
    ),
    (
        "myeloma",
        0.8,
        ["Newly Diagnosed Multiple Myeloma", "NDMM"],
        [("D009101", "Multiple Myeloma")],
    ),
    (
        "lymphoma",
        1.8,
        ["Diffuse Large B-Cell Lymphoma", "DLBCL", "Large B-cell Lymphoma"],
        [("D016403", "Lymphoma, Large B-Cell, Diffuse")],
    ),
    (
        "lymphoma",
        1.2,
        ["Follicular Lymphoma", "FL - Follicular Lymphoma"],
        [("D008224", "Lymphoma, Follicular")],
    ),
    ("lymphoma", 0.7, ["Mantle Cell Lymphoma"], [("D020522", "Lymphoma, Mantle-Cell")]),
    (
        "lymphoma",
        1.0,
        ["Non-Hodgkin Lymphoma", "B-cell Non Hodgkin Lymphoma"],
        [("D008228", "Lymphoma, Non-Hodgkin")],
    ),
    ("lymphoma", 0.8, ["Hodgkin Lymphoma", "Hodgkin Disease"], [("D006689", "Hodgkin Disease")]),
    ("lymphoma", 0.6, ["Lymphoma"], [("D008223", "Lymphoma")]),
    (
        "leukaemia",
        2.0,
        ["Acute Myeloid Leukemia", "AML", "Leukemia, Myeloid, Acute"],
        [("D015470", "Leukemia, Myeloid, Acute")],
    ),
    (
        "leukaemia",
        1.6,
        ["Acute Lymphoblastic Leukemia", "B-cell Acute Lymphoblastic Leukemia", "B-ALL"],
        [("D054198", "Precursor Cell Lymphoblastic Leukemia-Lymphoma")],
    ),
    (
        "leukaemia",
        1.2,
        ["Chronic Lymphocytic Leukemia", "CLL", "Small Lymphocytic Lymphoma"],
        [("D015451", "Leukemia, Lymphocytic, Chronic, B-Cell")],
    ),
    (
        "leukaemia",
        0.6,
        ["Chronic Myeloid Leukemia", "CML"],
        [("D015464", "Leukemia, Myelogenous, Chronic, BCR-ABL Positive")],
    ),
    ("leukaemia", 0.8, ["Leukemia", "Refractory Leukemia"], [("D007938", "Leukemia")]),
    (
        "leukaemia",
        0.8,
        ["Myelodysplastic Syndromes", "MDS"],
        [("D009190", "Myelodysplastic Syndromes")],
    ),
    (
        "leukaemia",
        0.5,
        ["Hematologic Malignancies", "Hematological Malignancy"],
        [("D019337", "Hematologic Neoplasms")],
    ),
    (
        "solid",
        5.0,
        ["Breast Cancer", "Metastatic Breast Cancer", "HER2-positive Breast Cancer"],
        [("D001943", "Breast Neoplasms")],
    ),
    (
        "solid",
        4.0,
        ["Non-small Cell Lung Cancer", "NSCLC", "Lung Cancer"],
        [("D008175", "Lung Neoplasms")],
    ),
    ("solid", 1.0, ["Small Cell Lung Cancer"], [("D055752", "Small Cell Lung Carcinoma")]),
    (
        "solid",
        3.0,
        ["Prostate Cancer", "Metastatic Castration-resistant Prostate Cancer"],
        [("D011471", "Prostatic Neoplasms")],
    ),
    (
        "solid",
        3.0,
        ["Colorectal Cancer", "Metastatic Colorectal Cancer"],
        [("D015179", "Colorectal Neoplasms")],
    ),
    ("solid", 1.5, ["Hepatocellular Carcinoma", "HCC"], [("D006528", "Carcinoma, Hepatocellular")]),
    (
        "solid",
        1.5,
        ["Head and Neck Squamous Cell Carcinoma"],
        [("D006258", "Head and Neck Neoplasms")],
    ),
    ("solid", 2.0, ["Advanced Solid Tumors", "Solid Tumor, Adult"], [("D009369", "Neoplasms")]),
    (
        "autoimmune",
        1.2,
        ["Systemic Lupus Erythematosus", "SLE"],
        [("D008180", "Lupus Erythematosus, Systemic")],
    ),
    ("autoimmune", 0.6, ["Lupus Nephritis"], [("D008181", "Lupus Nephritis")]),
    ("autoimmune", 2.0, ["Rheumatoid Arthritis"], [("D001172", "Arthritis, Rheumatoid")]),
    (
        "autoimmune",
        0.6,
        ["Systemic Sclerosis", "Diffuse Cutaneous Systemic Sclerosis"],
        [("D012595", "Scleroderma, Systemic")],
    ),
    ("autoimmune", 0.4, ["Myasthenia Gravis"], [("D009157", "Myasthenia Gravis")]),
    ("autoimmune", 1.2, ["Crohn Disease", "Crohn's Disease"], [("D003424", "Crohn Disease")]),
    ("autoimmune", 1.2, ["Atopic Dermatitis", "Eczema"], [("D003876", "Dermatitis, Atopic")]),
    (
        "metabolic",
        5.0,
        ["Type 2 Diabetes", "Diabetes Mellitus, Type 2", "T2DM"],
        [("D003924", "Diabetes Mellitus, Type 2")],
    ),
    ("metabolic", 3.0, ["Obesity", "Overweight and Obesity"], [("D009765", "Obesity")]),
    ("metabolic", 3.0, ["Hypertension", "Essential Hypertension"], [("D006973", "Hypertension")]),
    ("metabolic", 1.5, ["Hypercholesterolemia"], [("D006937", "Hypercholesterolemia")]),
    (
        "metabolic",
        1.5,
        ["Chronic Kidney Disease", "CKD"],
        [("D051436", "Renal Insufficiency, Chronic")],
    ),
    ("infectious", 2.5, ["COVID-19", "SARS-CoV-2 Infection"], [("D086382", "COVID-19")]),
    ("infectious", 2.0, ["HIV Infections", "HIV-1 Infection"], [("D015658", "HIV Infections")]),
    ("infectious", 1.5, ["Pneumonia", "Community-acquired Pneumonia"], [("D011014", "Pneumonia")]),
    ("infectious", 1.0, ["Urinary Tract Infections"], [("D014552", "Urinary Tract Infections")]),
    (
        "infectious",
        0.8,
        ["Respiratory Syncytial Virus Infections"],
        [("D018357", "Respiratory Syncytial Virus Infections")],
    ),
    (
        "neuro",
        2.0,
        ["Alzheimer Disease", "Alzheimer's Disease"],
        [("D000544", "Alzheimer Disease")],
    ),
    (
        "neuro",
        2.5,
        ["Major Depressive Disorder", "Depression"],
        [("D003865", "Depressive Disorder, Major")],
    ),
    ("neuro", 2.0, ["Stroke", "Acute Ischemic Stroke"], [("D020521", "Stroke")]),
]

# Seed-vocabulary therapies by condition group (names as sponsors write them).
SEED: dict[str, list[str]] = {
    "myeloma": [
        "Idecabtagene vicleucel",
        "Ciltacabtagene Autoleucel",
        "Teclistamab",
        "Elranatamab",
        "Linvoseltamab",
        "Talquetamab",
        "Daratumumab",
        "Isatuximab",
        "Elotuzumab",
        "Belantamab mafodotin",
        "Pomalidomide",
        "Iberdomide",
        "Mezigdomide",
        "Carfilzomib",
        "Ixazomib",
        "Anitocabtagene autoleucel",
        "Arlocabtagene autoleucel",
        "Cevostamab",
        "Equecabtagene autoleucel",
        "ESO-T01",
        "Melphalan",
    ],
    "lymphoma": [
        "Axicabtagene Ciloleucel",
        "Tisagenlecleucel",
        "Lisocabtagene maraleucel",
        "Brexucabtagene autoleucel",
        "Glofitamab",
        "Epcoritamab",
        "Mosunetuzumab",
        "Odronextamab",
        "Polatuzumab vedotin",
        "Loncastuximab tesirine",
        "Brentuximab vedotin",
        "Ibrutinib",
        "Zanubrutinib",
        "Acalabrutinib",
        "UB-VV111",
        "INT2104",
        "Obinutuzumab",
    ],
    "leukaemia": [
        "Blinatumomab",
        "Inotuzumab ozogamicin",
        "Obecabtagene autoleucel",
        "Tisagenlecleucel",
        "Venetoclax",
        "Gemtuzumab ozogamicin",
        "Pirtobrutinib",
        "Ibrutinib",
        "Acalabrutinib",
    ],
    "autoimmune": ["KYV-101", "Resecabtagene autoleucel", "CPTX2309", "Obinutuzumab", "Iberdomide"],
}
# Regimen components and comparators by group: (name, type).
BACKBONE: dict[str, list[tuple[str, str]]] = {
    "myeloma": [
        ("Dexamethasone", "DRUG"),
        ("Bortezomib", "DRUG"),
        ("Lenalidomide", "DRUG"),
        ("Daratumumab", "BIOLOGICAL"),
        ("Pomalidomide", "DRUG"),
        ("Cyclophosphamide", "DRUG"),
    ],
    "lymphoma": [
        ("Rituximab", "BIOLOGICAL"),
        ("Cyclophosphamide", "DRUG"),
        ("Doxorubicin", "DRUG"),
        ("Prednisone", "DRUG"),
        ("Bendamustine", "DRUG"),
        ("Gemcitabine", "DRUG"),
    ],
    "leukaemia": [
        ("Cytarabine", "DRUG"),
        ("Fludarabine", "DRUG"),
        ("Daunorubicin", "DRUG"),
        ("Standard chemotherapy", "DRUG"),
        ("Azacitidine", "DRUG"),
    ],
    "solid": [
        ("Docetaxel", "DRUG"),
        ("Carboplatin", "DRUG"),
        ("Paclitaxel", "DRUG"),
        ("Pembrolizumab", "BIOLOGICAL"),
        ("Capecitabine", "DRUG"),
        ("Chemotherapy", "DRUG"),
    ],
    "autoimmune": [
        ("Methotrexate", "DRUG"),
        ("Hydroxychloroquine", "DRUG"),
        ("Mycophenolate mofetil", "DRUG"),
        ("Prednisone", "DRUG"),
    ],
    "metabolic": [
        ("Metformin", "DRUG"),
        ("Insulin glargine", "DRUG"),
        ("Atorvastatin", "DRUG"),
        ("Lisinopril", "DRUG"),
    ],
    "infectious": [("Remdesivir", "DRUG"), ("Ceftriaxone", "DRUG"), ("Dolutegravir", "DRUG")],
    "neuro": [("Sertraline", "DRUG"), ("Donepezil", "DRUG"), ("Alteplase", "DRUG")],
}
# Invented products per group: how many, and the INN stems they may carry.
INVENTED: dict[str, tuple[int, list[str]]] = {
    "myeloma": (450, ["tamab", "cabtagene autoleucel", "mab", "zomib", "domide", "mig"]),
    "lymphoma": (550, ["tamab", "cabtagene autoleucel", "mab", "brutinib", "tuzumab vedotin"]),
    "leukaemia": (600, ["cabtagene autoleucel", "tinib", "mab", "toclax", "tamab"]),
    "solid": (3500, ["mab", "tinib", "tuzumab deruxtecan", "ciclib", "parib", "tug"]),
    "autoimmune": (900, ["mab", "cabtagene autoleucel", "tinib", "cept"]),
    "metabolic": (1500, ["glutide", "gliflozin", "sartan", "statin", "mab"]),
    "infectious": (900, ["vir", "mab", "cillin", "mycin"]),
    "neuro": (900, ["mab", "zepam", "setron", "tine"]),
}
CAR_TARGETS = {
    "myeloma": ["BCMA", "GPRC5D", "CD38", "SLAMF7"],
    "lymphoma": ["CD19", "CD20", "CD22"],
    "leukaemia": ["CD19", "CD22", "CD33", "CD123", "CD7"],
    "autoimmune": ["CD19", "BCMA"],
}
SUPPORTIVE = [
    ("Tocilizumab", "DRUG"),
    ("Antiemetic prophylaxis", "DRUG"),
    ("G-CSF", "BIOLOGICAL"),
    ("Blood sample collection", "OTHER"),
    ("MRI", "DIAGNOSTIC_TEST"),
    ("PET-CT scan", "DIAGNOSTIC_TEST"),
    ("Quality of life questionnaire", "OTHER"),
    ("Apheresis", "PROCEDURE"),
    ("Autologous stem cell transplantation", "PROCEDURE"),
    ("Radiation therapy", "RADIATION"),
    ("Exercise program", "BEHAVIORAL"),
]
PLACEBOS = ["Placebo", "Matching placebo", "Placebo oral tablet", "Saline placebo"]
SOC = [
    "Standard of care",
    "Best supportive care",
    "Investigator's choice of therapy",
    "Standard treatment",
]

STATUSES = [
    ("COMPLETED", 34),
    ("RECRUITING", 17),
    ("UNKNOWN", 15),
    ("TERMINATED", 8),
    ("ACTIVE_NOT_RECRUITING", 8),
    ("NOT_YET_RECRUITING", 7),
    ("WITHDRAWN", 3),
    ("ENROLLING_BY_INVITATION", 2),
    ("SUSPENDED", 1),
]
PHASES = [
    (["NA"], 22),
    (["EARLY_PHASE1"], 2),
    (["PHASE1"], 15),
    (["PHASE1", "PHASE2"], 7),
    (["PHASE2"], 22),
    (["PHASE2", "PHASE3"], 2),
    (["PHASE3"], 18),
    (["PHASE4"], 12),
]

WORDS = [
    "patients",
    "participants",
    "study",
    "treatment",
    "dose",
    "safety",
    "efficacy",
    "response",
    "randomized",
    "phase",
    "evaluate",
    "assess",
    "primary",
    "secondary",
    "endpoint",
    "outcome",
    "baseline",
    "week",
    "month",
    "cycle",
    "therapy",
    "combination",
    "administered",
    "intravenous",
    "oral",
    "daily",
    "weekly",
    "adverse",
    "events",
    "tolerability",
    "pharmacokinetics",
    "progression",
    "survival",
    "overall",
    "rate",
    "complete",
    "partial",
    "duration",
    "months",
    "subjects",
    "enrolled",
    "screening",
    "period",
    "investigator",
    "protocol",
    "cohort",
    "arm",
    "regimen",
    "standard",
    "compared",
    "placebo",
    "blinded",
    "open-label",
    "multicenter",
    "international",
    "trial",
    "data",
    "analysis",
    "clinical",
    "disease",
    "relapsed",
    "refractory",
    "prior",
    "lines",
    "eligible",
    "criteria",
    "measured",
    "laboratory",
    "biomarker",
    "exploratory",
    "quality",
    "life",
    "symptoms",
    "change",
    "score",
    "scale",
    "visit",
    "follow-up",
    "after",
]
CITIES = [
    ("Boston", "Massachusetts", "United States", 42.36, -71.06),
    ("Houston", "Texas", "United States", 29.76, -95.37),
    ("New York", "New York", "United States", 40.71, -74.01),
    ("Los Angeles", "California", "United States", 34.05, -118.24),
    ("Paris", None, "France", 48.85, 2.35),
    ("Lyon", None, "France", 45.76, 4.84),
    ("Berlin", None, "Germany", 52.52, 13.40),
    ("Munich", None, "Germany", 48.14, 11.58),
    ("Madrid", None, "Spain", 40.42, -3.70),
    ("Milan", None, "Italy", 45.46, 9.19),
    ("London", None, "United Kingdom", 51.51, -0.13),
    ("Toronto", "Ontario", "Canada", 43.65, -79.38),
    ("Beijing", None, "China", 39.90, 116.41),
    ("Shanghai", None, "China", 31.23, 121.47),
    ("Tokyo", None, "Japan", 35.68, 139.69),
    ("Seoul", None, "Korea, Republic of", 37.57, 126.98),
    ("Sydney", "New South Wales", "Australia", -33.87, 151.21),
]
_SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "fa",
    "fe",
    "fi",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "na",
    "ne",
    "ni",
    "no",
    "pa",
    "pe",
    "po",
    "ra",
    "re",
    "ri",
    "ro",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "va",
    "ve",
    "vi",
    "vo",
    "xa",
    "za",
    "ze",
    "zi",
    "zo",
]
_COMPANY = [
    "Thera",
    "Onco",
    "Immu",
    "Cellu",
    "Gene",
    "Bio",
    "Nova",
    "Vita",
    "Medi",
    "Pharma",
    "Neo",
    "Astra",
    "Luma",
    "Kino",
    "Zeta",
    "Helix",
    "Apex",
    "Orbi",
    "Sana",
    "Vero",
]
_COMPANY_END = ["gen", "tix", "cure", "logic", "vance", "thera", "nix", "via", "mune", "core"]
_COMPANY_KIND = ["Therapeutics", "Biosciences", "Pharmaceuticals", "Bio", "Oncology", "Inc."]


@dataclass
class Product:
    name: str
    itype: str
    others: list[str]
    group: str


class World:
    """The fixed pools (products, sponsors) a seed draws studies from."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed * 7919 + 1)
        self.groups = sorted({c[0] for c in CONDITIONS})
        self.conditions = CONDITIONS
        self.weights = [c[1] for c in CONDITIONS]
        self.sponsors_industry = sorted({self._company(rng) for _ in range(1600)})
        self.sponsors_academic = sorted(
            {
                f"{rng.choice(CITIES)[0]} {rng.choice(['University Hospital', 'Cancer Center', 'Medical University', 'Clinical Research Institute'])}"  # noqa: E501
                for _ in range(600)
            }
        )
        self.products: dict[str, list[Product]] = {}
        seen: set[str] = set()
        for group, (count, stems) in INVENTED.items():
            pool = [
                Product(n, "BIOLOGICAL" if "mab" in n.lower() else "DRUG", [], group)
                for n in SEED.get(group, [])
            ]
            while len(pool) < count + len(SEED.get(group, [])):
                p = self._invent(rng, group, stems)
                if p.name.lower() not in seen:
                    seen.add(p.name.lower())
                    pool.append(p)
            self.products[group] = pool

    @staticmethod
    def _company(rng: random.Random) -> str:
        return f"{rng.choice(_COMPANY)}{rng.choice(_COMPANY_END)} {rng.choice(_COMPANY_KIND)}"

    @staticmethod
    def _code(rng: random.Random) -> str:
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTVXYZ") for _ in range(rng.randint(2, 4)))
        sep = rng.choice(["-", "-", ""])
        return f"{letters}{sep}{rng.randint(10, 99999)}"

    def _invent(self, rng: random.Random, group: str, stems: list[str]) -> Product:
        roll = rng.random()
        code = self._code(rng)
        if roll < 0.45:
            return Product(code, rng.choice(["DRUG", "DRUG", "BIOLOGICAL"]), [], group)
        if roll < 0.85:
            stem = rng.choice(stems)
            root = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
            name = (
                f"{root}{stem}" if " " not in stem else f"{root}{stem.split()[0]} {stem.split()[1]}"
            )
            itype = (
                "GENETIC" if "cabtagene" in stem else ("BIOLOGICAL" if "mab" in stem else "DRUG")
            )
            return Product(name.capitalize(), itype, [code], group)
        if group in CAR_TARGETS:
            target = rng.choice(CAR_TARGETS[group])
            kind = rng.choice(["CAR-T cells", "CAR T-cell therapy", "CAR-T", "CAR-NK cells"])
            return Product(f"{target} {kind}", "BIOLOGICAL", [code], group)
        return Product(code, "DRUG", [], group)


# ---- text ----------------------------------------------------------------------------------
def _sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(8, 22))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _date(rng: random.Random, year0: int, year1: int, partial: float = 0.15) -> str:
    y = rng.randint(year0, year1)
    m = rng.randint(1, 12)
    if rng.random() < partial:
        return f"{y}-{m:02d}"
    return f"{y}-{m:02d}-{rng.randint(1, 28):02d}"


def _shift(date: str, years: int) -> str:
    return f"{int(date[:4]) + years}{date[4:]}"


# ---- studies -------------------------------------------------------------------------------
def study(world: World, rng: random.Random, index: int) -> dict[str, Any]:
    """Study ``NCT8`` + the index in 7 digits. The random draws are made in a fixed order,
    so that a seed always gives the same studies."""
    nct = f"NCT8{index:07d}"
    group, conditions, meshes = _conditions(world, rng)
    phases = rng.choices(PHASES, weights=[w for _, w in PHASES])[0][0]
    status = rng.choices(STATUSES, weights=[w for _, w in STATUSES])[0][0]
    industry = rng.random() < 0.45
    sponsor = rng.choice(world.sponsors_industry if industry else world.sponsors_academic)
    first_posted = _date(rng, 2000, 2025, partial=0.0)
    start = _shift(first_posted, rng.choice([-1, 0, 0, 0]))
    completion = _shift(start, rng.randint(1, 6))
    experimental, arms, interventions = _arms_and_interventions(world, group, rng)
    locations = _locations(rng, status)
    outcomes = _outcomes(rng)
    criteria = _criteria(rng)
    title_drugs = " and ".join(p.name for p in experimental)
    brief = f"A Study of {title_drugs} in {conditions[0]}"
    protocol: dict[str, Any] = {
        "identificationModule": {
            "nctId": nct,
            "orgStudyIdInfo": {"id": f"{sponsor[:3].upper()}-{rng.randint(100, 9999)}"},
            "organization": {"fullName": sponsor, "class": "INDUSTRY" if industry else "OTHER"},
            "briefTitle": brief,
            "officialTitle": f"A {'Randomized' if len(arms) > 1 else 'Single-arm'} "
            f"Study to Evaluate {title_drugs} in Participants With {conditions[0]}",
        },
        "statusModule": {
            "statusVerifiedDate": first_posted[:7],
            "overallStatus": status,
            "startDateStruct": {"date": start, "type": "ACTUAL"},
            "primaryCompletionDateStruct": {"date": completion, "type": "ESTIMATED"},
            "completionDateStruct": {"date": completion, "type": "ESTIMATED"},
            "studyFirstSubmitDate": first_posted,
            "studyFirstPostDateStruct": {"date": first_posted, "type": "ACTUAL"},
            "lastUpdatePostDateStruct": {
                "date": _shift(first_posted, rng.randint(0, 3)),
                "type": "ACTUAL",
            },
        },
        "sponsorCollaboratorsModule": {
            "responsibleParty": {"type": "SPONSOR"},
            "leadSponsor": {"name": sponsor, "class": "INDUSTRY" if industry else "OTHER"},
        },
        "oversightModule": {
            "oversightHasDmc": rng.random() < 0.5,
            "isFdaRegulatedDrug": rng.random() < 0.4,
        },
        "descriptionModule": {
            "briefSummary": _paragraph(rng, rng.randint(2, 6)),
            "detailedDescription": _paragraph(rng, rng.randint(8, 40)),
        },
        "conditionsModule": {
            "conditions": conditions,
            "keywords": [rng.choice(WORDS) for _ in range(rng.randint(0, 8))],
        },
        "designModule": {
            "studyType": "INTERVENTIONAL",
            "phases": phases,
            "designInfo": {
                "allocation": "RANDOMIZED" if len(arms) > 1 else "NA",
                "interventionModel": "PARALLEL" if len(arms) > 1 else "SINGLE_GROUP",
                "primaryPurpose": "TREATMENT",
                "maskingInfo": {"masking": "QUADRUPLE" if "Placebo" in str(arms) else "NONE"},
            },
            "enrollmentInfo": {"count": rng.randint(0, 900), "type": "ACTUAL"},
        },
        "armsInterventionsModule": {
            "armGroups": arms,
            "interventions": list(interventions.values()),
        },
        "outcomesModule": outcomes,
        "eligibilityModule": {
            "eligibilityCriteria": criteria,
            "healthyVolunteers": False,
            "sex": "ALL",
            "minimumAge": "18 Years",
            "stdAges": ["ADULT", "OLDER_ADULT"],
        },
        "contactsLocationsModule": {"locations": locations},
    }
    if industry and rng.random() < 0.3:
        protocol["sponsorCollaboratorsModule"]["collaborators"] = [
            {"name": rng.choice(world.sponsors_industry), "class": "INDUSTRY"}
        ]
    if rng.random() < 0.3:
        protocol["referencesModule"] = _references(rng)
    return {
        "protocolSection": protocol,
        "derivedSection": _derived(rng, first_posted, conditions, meshes),
        "hasResults": status == "COMPLETED" and rng.random() < 0.3,
    }


def _conditions(world: World, rng: random.Random) -> tuple[str, list[str], list[tuple[str, str]]]:
    """A condition group, the conditions as the study writes them (sometimes a second one
    of the same group) and their MeSH (id, term) pairs."""
    cond = rng.choices(world.conditions, weights=world.weights)[0]
    group = cond[0]
    conditions = [rng.choice(cond[2])]
    meshes = list(cond[3])
    if rng.random() < 0.2:
        other = rng.choices(world.conditions, weights=world.weights)[0]
        if other[0] == group:
            conditions.append(rng.choice(other[2]))
            meshes += [m for m in other[3] if m not in meshes]
    return group, conditions, meshes


class _Interventions:
    """A study's interventions by name, in the order first added, each with the labels of
    the arms that give it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.by_name: dict[str, dict[str, Any]] = {}

    def add(
        self, name: str, itype: str, arm: str, others: list[str] | None = None, desc: str = ""
    ) -> None:
        iv = self.by_name.get(name)
        if iv is None:
            iv = self.by_name[name] = {
                "type": itype,
                "name": name,
                "description": desc or _paragraph(self.rng, self.rng.randint(1, 2)),
                "armGroupLabels": [],
            }
            if others:
                iv["otherNames"] = others
        if arm not in iv["armGroupLabels"]:
            iv["armGroupLabels"].append(arm)


def _arms_and_interventions(
    world: World, group: str, rng: random.Random
) -> tuple[list[Product], list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The experimental products, the arms (the experimental arm, then at most one
    comparator or observation arm) and the interventions by name."""
    pool = world.products[group]
    backbone = BACKBONE.get(group, [])
    interventions = _Interventions(rng)
    experimental, arm = _experimental_arm(pool, backbone, rng, interventions)
    arms = [arm]
    comparator = _comparator_arm(pool, backbone, rng, interventions)
    if comparator is not None:
        arms.append(comparator)
    if rng.random() < 0.15:
        name, itype = rng.choice(SUPPORTIVE)
        interventions.add(name, itype, arms[0]["label"])
    _name_interventions(arms, interventions.by_name)
    return experimental, arms, interventions.by_name


def _experimental_arm(
    pool: list[Product],
    backbone: list[tuple[str, str]],
    rng: random.Random,
    interventions: _Interventions,
) -> tuple[list[Product], dict[str, Any]]:
    """One to three products of the pool, sometimes with a backbone drug (and
    lymphodepleting chemotherapy for a CAR-T), as the experimental arm."""
    n_exp = rng.choices([1, 1, 1, 2, 3], k=1)[0]
    experimental = rng.sample(pool, k=min(n_exp, len(pool)))
    exp_label = " + ".join(p.name for p in experimental)
    with_backbone = backbone and rng.random() < 0.45
    if with_backbone:
        name, itype = rng.choice(backbone)
        exp_label += f" + {name}"
    label = f"Experimental: {exp_label}"
    for p in experimental:
        interventions.add(p.name, p.itype, label, p.others)
    if with_backbone:
        interventions.add(name, itype, label)
    if "CAR" in exp_label or "cabtagene" in exp_label.lower():
        interventions.add("Fludarabine", "DRUG", label, desc="Lymphodepleting chemotherapy.")
        interventions.add("Cyclophosphamide", "DRUG", label, desc="Lymphodepleting chemotherapy.")
    arm = _arm(label, "EXPERIMENTAL", _paragraph(rng, rng.randint(1, 3)))
    return experimental, arm


def _comparator_arm(
    pool: list[Product],
    backbone: list[tuple[str, str]],
    rng: random.Random,
    interventions: _Interventions,
) -> dict[str, Any] | None:
    """An active comparator (backbone drugs, a standard of care or a rival product), a
    placebo comparator, an observation arm, or (most often) none."""
    roll = rng.random()
    if roll < 0.18 and backbone:
        comps = rng.sample(backbone, k=min(len(backbone), rng.randint(1, 3)))
        label = "Active Comparator: " + " + ".join(n for n, _ in comps)
        arm = _arm(label, "ACTIVE_COMPARATOR", _paragraph(rng, 2))
        for n, t in comps:
            interventions.add(n, t, label)
        return arm
    if roll < 0.26:
        label = "Active Comparator: " + (soc := rng.choice(SOC))
        arm = _arm(label, "ACTIVE_COMPARATOR", _paragraph(rng, 1))
        interventions.add(soc, "OTHER", label)
        return arm
    if roll < 0.27:
        rival = rng.choice(pool)
        label = f"Active Comparator: {rival.name}"
        arm = _arm(label, "ACTIVE_COMPARATOR", _paragraph(rng, 1))
        interventions.add(rival.name, rival.itype, label, rival.others)
        return arm
    if roll < 0.42:
        label = "Placebo Comparator: " + (pl := rng.choice(PLACEBOS))
        arm = _arm(label, "PLACEBO_COMPARATOR", _paragraph(rng, 1))
        interventions.add(pl, "DRUG", label)
        return arm
    if roll < 0.45:
        return {
            "label": "Observation",
            "type": "NO_INTERVENTION",
            "description": _paragraph(rng, 1),
        }
    return None


def _arm(label: str, arm_type: str, description: str) -> dict[str, Any]:
    return {
        "label": label,
        "type": arm_type,
        "description": description,
        "interventionNames": [],
    }


def _name_interventions(
    arms: list[dict[str, Any]], interventions: dict[str, dict[str, Any]]
) -> None:
    """Each arm names its interventions ("Drug: Name"), as the registry writes them."""
    for iv in interventions.values():
        for label in iv["armGroupLabels"]:
            for arm in arms:
                if arm["label"] == label:
                    arm.setdefault("interventionNames", []).append(
                        f"{iv['type'].replace('_', ' ').title()}: {iv['name']}"
                    )


def _locations(rng: random.Random, status: str) -> list[dict[str, Any]]:
    n_sites = rng.choice([0, 1, 1, 1, 2, 3, 5, 8, 12, 20, 35])
    locations = []
    for _ in range(n_sites):
        city, state, country, lat, lon = rng.choice(CITIES)
        loc: dict[str, Any] = {
            "facility": f"{city} {rng.choice(['Hospital', 'Research Site', 'Medical Center', 'Cancer Institute'])}",  # noqa: E501
            "city": city,
            "country": country,
            "geoPoint": {"lat": lat, "lon": lon},
        }
        if state:
            loc["state"] = state
        if status == "RECRUITING":
            loc["status"] = "RECRUITING"
        locations.append(loc)
    return locations


def _outcomes(rng: random.Random) -> dict[str, Any]:
    return {
        "primaryOutcomes": [
            {
                "measure": _sentence(rng, rng.randint(4, 10)),
                "description": _paragraph(rng, 2),
                "timeFrame": f"Up to {rng.randint(4, 104)} weeks",
            }
            for _ in range(rng.randint(1, 3))
        ],
        "secondaryOutcomes": [
            {
                "measure": _sentence(rng, rng.randint(4, 10)),
                "description": _paragraph(rng, 2),
                "timeFrame": f"Up to {rng.randint(4, 260)} weeks",
            }
            for _ in range(rng.randint(0, 12))
        ],
    }


def _criteria(rng: random.Random) -> str:
    return (
        "Inclusion Criteria:\n\n"
        + "\n".join(f"* {_sentence(rng)}" for _ in range(rng.randint(6, 20)))
        + "\n\nExclusion Criteria:\n\n"
        + "\n".join(f"* {_sentence(rng)}" for _ in range(rng.randint(6, 24)))
    )


def _references(rng: random.Random) -> dict[str, Any]:
    return {
        "references": [
            {
                "pmid": str(rng.randint(10_000_000, 39_999_999)),
                "type": "RESULT",
                "citation": _sentence(rng, 20),
            }
            for _ in range(rng.randint(1, 3))
        ]
    }


def _derived(
    rng: random.Random, first_posted: str, conditions: list[str], meshes: list[tuple[str, str]]
) -> dict[str, Any]:
    return {
        "miscInfoModule": {"versionHolder": first_posted},
        "conditionBrowseModule": {
            "meshes": [{"id": mid, "term": term} for mid, term in meshes],
            "browseLeaves": [
                {
                    "id": f"M{rng.randint(1000, 30000)}",
                    "name": term,
                    "asFound": conditions[0],
                    "relevance": "HIGH",
                }
                for _mid, term in meshes
            ],
        },
    }


def generate(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``n`` synthetic studies, the same for the same seed."""
    world = World(seed)
    rng = random.Random(seed)
    for i in range(n):
        yield study(world, rng, i)


def write(path: Path, n: int, seed: int) -> int:
    """Write ``n`` studies to ``path`` (.jsonl: one study per line; .zip: one JSON file
    per study, like the ClinicalTrials.gov bulk download). Returns bytes of JSON."""
    total = 0
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for s in generate(n, seed):
                data = orjson.dumps(s)
                total += len(data)
                zf.writestr(f"{s['protocolSection']['identificationModule']['nctId']}.json", data)
        return total
    with open(path, "wb") as fh:
        buf = io.BufferedWriter(fh)
        for s in generate(n, seed):
            data = orjson.dumps(s)
            total += len(data)
            buf.write(data + b"\n")
        buf.flush()
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--studies", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True, help="a .jsonl or .zip file")
    args = ap.parse_args(argv)
    total = write(args.out, args.studies, args.seed)
    print(
        f"wrote {args.studies} studies ({total / max(args.studies, 1) / 1024:.1f} KB each) "
        f"to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
