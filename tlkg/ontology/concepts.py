"""Keys of the SKOS concepts declared in ``tlkg.ttl`` that code refers to by name.

The Turtle file holds labels, definitions and the hierarchy; these constants let code
name a concept without parsing RDF. ``tests/test_ontology.py`` checks every key here is a
concept of the right scheme in the Turtle.
"""

from __future__ import annotations

# Modalities (scheme tlkg:ModalityScheme). Parents in the Turtle via skos:broader.
CELL_THERAPY = "cell-therapy"
CAR_T = "car-t"
CAR_T_AUTOLOGOUS = "car-t-autologous"
CAR_T_ALLOGENEIC = "car-t-allogeneic"
CAR_T_IN_VIVO = "car-t-in-vivo"
CAR_T_IN_VIVO_LENTIVIRAL = "car-t-in-vivo-lentiviral"
CAR_T_IN_VIVO_LNP = "car-t-in-vivo-lnp-mrna"
OTHER_CELL_THERAPY = "other-cell-therapy"
GENE_THERAPY = "gene-therapy"
BISPECIFIC = "bispecific-t-cell-engager"
ADC = "antibody-drug-conjugate"
MONOCLONAL_ANTIBODY = "monoclonal-antibody"
SMALL_MOLECULE = "small-molecule"
IMMUNOMODULATORY = "immunomodulatory-drug"
PROTEASOME_INHIBITOR = "proteasome-inhibitor"
KINASE_INHIBITOR = "kinase-inhibitor"
CHEMOTHERAPY = "chemotherapy"
CORTICOSTEROID = "corticosteroid"
STEM_CELL_TRANSPLANT = "stem-cell-transplant"
RADIOTHERAPY = "radiotherapy"
VACCINE = "vaccine"
OTHER_MODALITY = "other-modality"

MODALITIES = (
    CELL_THERAPY, CAR_T, CAR_T_AUTOLOGOUS, CAR_T_ALLOGENEIC, CAR_T_IN_VIVO,
    CAR_T_IN_VIVO_LENTIVIRAL, CAR_T_IN_VIVO_LNP, OTHER_CELL_THERAPY, GENE_THERAPY,
    BISPECIFIC, ADC, MONOCLONAL_ANTIBODY, SMALL_MOLECULE, IMMUNOMODULATORY,
    PROTEASOME_INHIBITOR, KINASE_INHIBITOR, CHEMOTHERAPY, CORTICOSTEROID,
    STEM_CELL_TRANSPLANT, RADIOTHERAPY, VACCINE, OTHER_MODALITY,
)  # fmt: skip

# Barriers (scheme tlkg:BarrierScheme): the twelve a modality or therapy can face or remove.
APHERESIS = "apheresis"
MANUFACTURING = "manufacturing-capacity"
VEIN_TO_VEIN = "vein-to-vein-time"
COST = "cost"
REIMBURSEMENT = "reimbursement"
INFRASTRUCTURE = "treatment-centres"
LYMPHODEPLETION = "lymphodepletion"
CRS = "cytokine-release-syndrome"
NEUROTOXICITY = "neurotoxicity"
SECONDARY_MALIGNANCY = "secondary-malignancy"
LONG_TERM_SAFETY = "long-term-safety"
REGULATORY = "regulatory"

BARRIERS = (
    APHERESIS, MANUFACTURING, VEIN_TO_VEIN, COST, REIMBURSEMENT, INFRASTRUCTURE,
    LYMPHODEPLETION, CRS, NEUROTOXICITY, SECONDARY_MALIGNANCY, LONG_TERM_SAFETY, REGULATORY,
)  # fmt: skip

EVIDENCE_LEVELS = ("preclinical", "early-clinical", "pivotal", "approved")

# ClinicalTrials.gov API v2 enums, as concept keys (lower-case, '_' -> '-').
PHASES = ("early-phase1", "phase1", "phase2", "phase3", "phase4", "na")
TRIAL_STATUSES = (
    "not-yet-recruiting", "recruiting", "enrolling-by-invitation", "active-not-recruiting",
    "suspended", "terminated", "completed", "withdrawn", "unknown", "available",
    "no-longer-available", "temporarily-not-available", "approved-for-marketing", "withheld",
)  # fmt: skip
ARM_ROLES = (
    "experimental", "active-comparator", "placebo-comparator", "sham-comparator",
    "no-intervention", "other",
)  # fmt: skip
INTERVENTION_CATEGORIES = ("product", "generic", "supportive", "diagnostic", "procedure")


def enum_key(value: str) -> str:
    """CT.gov enum value (``ACTIVE_NOT_RECRUITING``) -> concept key."""
    return value.strip().lower().replace("_", "-")
