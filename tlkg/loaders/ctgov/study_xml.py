"""Legacy ClinicalTrials.gov ``<clinical_study>`` XML records -> ``TrialRecord``.

The XML is read with defusedxml with document type declarations forbidden, so entity
expansion (billion laughs) and external entities (XXE) are refused before anything is
expanded or fetched. Each record is converted to the API v2 shape (free-text dates to ISO,
"Phase 1/Phase 2" to ``["PHASE1", "PHASE2"]``, "Active Comparator" to
``ACTIVE_COMPARATOR``) and mapped by ``tlkg.loaders.ctgov.trial.build_trial``, the one place
where registry fields become records.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from tlkg.loaders.base import Document, LoadError
from tlkg.loaders.ctgov.fields import StudyError
from tlkg.loaders.ctgov.trial import build_trial
from tlkg.loaders.records import TrialRecord
from tlkg.ontology.vocab import Vocabulary

_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 64 * 1024
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_DAY_DATE = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MONTH_DATE = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# XML wording -> API v2 enum where the generic upper-casing does not give it.
_STATUS = {"UNKNOWN_STATUS": "UNKNOWN"}
_AGENCY_CLASS = {"U_S_FED": "FED", "OTHER_U_S_FEDERAL_AGENCY": "OTHER_GOV"}


def xml_date(text: str | None) -> str | None:
    """ "November 2010" -> "2010-11", "November 5, 2010" -> "2010-11-05"; ISO stays;
    anything else -> None."""
    if not text:
        return None
    text = text.strip()
    if _ISO_DATE.match(text):
        return text
    m = _DAY_DATE.match(text)
    if m and m.group(1).lower() in _MONTHS:
        month, day = _MONTHS[m.group(1).lower()], int(m.group(2))
        return f"{m.group(3)}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None
    m = _MONTH_DATE.match(text)
    if m and m.group(1).lower() in _MONTHS:
        return f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"
    return None


def xml_enum(text: str | None) -> str | None:
    """ "Active, not recruiting" -> "ACTIVE_NOT_RECRUITING"; "Drug" -> "DRUG"."""
    if not text or not text.strip():
        return None
    return re.sub(r"[^A-Za-z0-9]+", "_", text.strip()).strip("_").upper() or None


def xml_phases(text: str | None) -> list[str]:
    """ "Phase 1/Phase 2" -> ["PHASE1", "PHASE2"]; "N/A" -> ["NA"]; "Early Phase 1" ->
    ["EARLY_PHASE1"]. Unrecognised parts are left out."""
    if not text or not text.strip():
        return []
    if text.strip().upper() in {"N/A", "NA"}:
        return ["NA"]
    phases = []
    for part in text.split("/"):
        word = re.sub(r"[\s_-]+", "", part).upper()
        if word == "EARLYPHASE1":
            phases.append("EARLY_PHASE1")
        elif re.fullmatch(r"PHASE[1-4]", word):
            phases.append(word)
    return phases


def _text(el: Element, path: str) -> str | None:
    value = el.findtext(path)
    value = re.sub(r"\s+", " ", value).strip() if value else None
    return value or None


def _texts(el: Element, path: str) -> list[str]:
    out = []
    for child in el.findall(path):
        value = re.sub(r"\s+", " ", child.text or "").strip()
        if value:
            out.append(value)
    return out


def _date_struct(el: Element, *paths: str) -> dict[str, str] | None:
    for path in paths:
        date = xml_date(_text(el, path))
        if date:
            return {"date": date}
    return None


def _agency(el: Element) -> dict[str, Any]:
    org_class = xml_enum(_text(el, "agency_class"))
    return {"name": _text(el, "agency"), "class": _AGENCY_CLASS.get(org_class or "", org_class)}


def _study_type(text: str | None) -> str | None:
    value = xml_enum(re.sub(r"\[.*?\]", "", text or ""))
    return None if value in (None, "N_A", "NA") else value


def _design_enum(text: str | None) -> str | None:
    """A design field ("Randomized", "Non-Randomized", "Supportive Care", "N/A") as the
    API v2 enum value (RANDOMIZED, NON_RANDOMIZED, SUPPORTIVE_CARE, NA)."""
    value = xml_enum(text)
    return "NA" if value in ("N_A", "NA") else value


def _enrollment(text: str | None) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"\d{1,12}", text):
        raise StudyError(f"enrollment: expected a whole number, got {text[:40]!r}")
    return int(text)


def study_from_xml(root: Element) -> dict[str, Any]:
    """A ``<clinical_study>`` element as an API v2 study dict (the fields tlkg maps)."""
    status = xml_enum(_text(root, "overall_status"))
    sponsors = root.find("sponsors")
    lead = sponsors.find("lead_sponsor") if sponsors is not None else None
    collaborators = sponsors.findall("collaborator") if sponsors is not None else []
    arm_groups = [
        {
            "label": _text(arm, "arm_group_label"),
            "type": xml_enum(_text(arm, "arm_group_type")),
            "description": _text(arm, "description"),
        }
        for arm in root.findall("arm_group")
    ]
    interventions = [
        {
            "type": xml_enum(_text(iv, "intervention_type")),
            "name": _text(iv, "intervention_name"),
            "description": _text(iv, "description"),
            "otherNames": _texts(iv, "other_name"),
            "armGroupLabels": _texts(iv, "arm_group_label"),
        }
        for iv in root.findall("intervention")
    ]
    pmids = _texts(root, "reference/PMID") + _texts(root, "results_reference/PMID")
    status_module: dict[str, Any] = {
        "overallStatus": _STATUS.get(status or "", status),
        "startDateStruct": _date_struct(root, "start_date"),
        "primaryCompletionDateStruct": _date_struct(root, "primary_completion_date"),
        "completionDateStruct": _date_struct(root, "completion_date"),
        "studyFirstSubmitDate": xml_date(
            _text(root, "study_first_submitted") or _text(root, "firstreceived_date")
        ),
        "studyFirstPostDateStruct": _date_struct(root, "study_first_posted"),
        "lastUpdatePostDateStruct": _date_struct(root, "last_update_posted"),
        "lastUpdateSubmitDate": xml_date(
            _text(root, "last_update_submitted") or _text(root, "lastchanged_date")
        ),
    }
    return {
        "protocolSection": {
            "identificationModule": {
                "nctId": _text(root, "id_info/nct_id"),
                "briefTitle": _text(root, "brief_title"),
                "officialTitle": _text(root, "official_title"),
                "acronym": _text(root, "acronym"),
            },
            "statusModule": status_module,
            "sponsorCollaboratorsModule": {
                "leadSponsor": _agency(lead) if lead is not None else None,
                "collaborators": [_agency(c) for c in collaborators],
            },
            "conditionsModule": {"conditions": _texts(root, "condition")},
            "descriptionModule": {
                "briefSummary": _text(root, "brief_summary/textblock"),
                "detailedDescription": _text(root, "detailed_description/textblock"),
            },
            "designModule": {
                "studyType": _study_type(_text(root, "study_type")),
                "phases": xml_phases(_text(root, "phase")),
                "enrollmentInfo": {"count": _enrollment(_text(root, "enrollment"))},
                "designInfo": {
                    "allocation": _design_enum(_text(root, "study_design_info/allocation")),
                    "primaryPurpose": _design_enum(
                        _text(root, "study_design_info/primary_purpose")
                    ),
                },
            },
            "armsInterventionsModule": {"armGroups": arm_groups, "interventions": interventions},
            "referencesModule": {"references": [{"pmid": p} for p in pmids]},
        },
        "derivedSection": {
            "conditionBrowseModule": {
                "meshes": [{"term": t} for t in _texts(root, "condition_browse/mesh_term")]
            }
        },
    }


class CtgovXmlLoader:
    name = "ctgov-xml"
    version = "1"

    def sniff(self, doc: Document) -> bool:
        head = doc.data[:_SNIFF_BYTES]
        head = (head[len(_BOM) :] if head.startswith(_BOM) else head).lstrip()
        return head.startswith(b"<") and b"<clinical_study" in head

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[TrialRecord | LoadError]:
        try:
            root = fromstring(doc.data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except (DTDForbidden, EntitiesForbidden):
            yield LoadError(
                doc.name,
                "XML entities and document type declarations (DTD) are not allowed "
                "(refused without expanding them)",
            )
            return
        except ExternalReferenceForbidden:
            yield LoadError(doc.name, "XML external entities are not allowed (not fetched)")
            return
        except ParseError as exc:
            yield LoadError(doc.name, f"invalid or truncated XML: {exc}")
            return
        if root.tag != "clinical_study":
            yield LoadError(doc.name, f"not a <clinical_study> record (root <{root.tag}>)")
            return
        try:
            study = study_from_xml(root)
            yield build_trial(
                study,
                vocab,
                path=doc.name,
                loader=self.name,
                loader_version=self.version,
                digest=hashlib.sha256(doc.data).hexdigest(),
            )
        except StudyError as exc:
            yield LoadError(doc.name, str(exc))


LOADER = CtgovXmlLoader()
