"""ClinicalTrials.gov API v2 studies (JSON) -> ``TrialRecord``.

Accepted shapes, detected from content: one study object (``{"protocolSection": ...}``),
an array of them, an API search page (``{"studies": [...], "nextPageToken": ...}``) and
JSON Lines (one study, or one page, per line); a UTF-8 byte order mark is allowed. Every
study becomes one record; a bad study becomes a ``LoadError`` naming the file and where
the study is (index or line), and the others still load.

``build_trial`` maps one v2-shaped study dict to a record. It is the single place where
registry fields become typed records: ``tlkg.loaders.ctgov.study_xml`` converts legacy XML to
the same v2 shape and calls it too. Fields are read defensively: an unknown key is
ignored, a known key with the wrong JSON type is a ``StudyError`` naming the field.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

import orjson
from pydantic import ValidationError

from tlkg.loaders.records import (
    Arm,
    ArmRole,
    EvidenceLevel,
    IndicationRef,
    InterventionCategory,
    Organization,
    SourceMeta,
    TherapyRef,
    TrialRecord,
)
from tlkg.loaders.registry import Document, LoadError
from tlkg.loaders.text.naming import (
    THERAPY_TYPES,
    Category,
    classify_intervention,
    guess_modality,
    is_code_name,
    is_descriptive_programme,
)
from tlkg.ontology.concepts import ARM_ROLES, enum_key
from tlkg.ontology.ids import is_nct_id, normalise_name, slugify
from tlkg.ontology.vocab import Entry, Vocabulary, normalise_mesh

PUBLISHER = "ClinicalTrials.gov"
STUDY_URL = "https://clinicaltrials.gov/study/{nct}"
_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 1 << 20
_PAGE_START = re.compile(rb'^\{\s*"(?:studies|totalCount|nextPageToken)"\s*:')
MAX_FIELD_CHARS = 100_000
"""The longest text a field tlkg reads may hold (registry fields are at most a few
thousand characters); a longer one is a ``StudyError``, not a record."""


class StudyError(ValueError):
    """One study that cannot be mapped; the message says which field and why."""


# ---- defensive field access -------------------------------------------------------------


def _type_name(value: object) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
    }.get(type(value), "a number" if isinstance(value, int | float) else type(value).__name__)


def _wrong(where: str, expected: str, value: object) -> StudyError:
    return StudyError(f"{where}: expected {expected}, got {_type_name(value)}")


def _obj(parent: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _wrong(f"{where}.{key}", "an object", value)
    return value


def _str(parent: Mapping[str, Any], key: str, where: str) -> str | None:
    value = parent.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _wrong(f"{where}.{key}", "a string", value)
    if len(value) > MAX_FIELD_CHARS:
        raise _too_long(f"{where}.{key}", value)
    return value.strip() or None


def _too_long(where: str, value: str) -> StudyError:
    return StudyError(f"{where}: text too long ({len(value)} characters; limit {MAX_FIELD_CHARS})")


def _int(parent: Mapping[str, Any], key: str, where: str) -> int | None:
    value = parent.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(f"{where}.{key}", "an integer", value)
    return value


def _list(parent: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _wrong(f"{where}.{key}", "an array", value)
    return value


def _str_list(parent: Mapping[str, Any], key: str, where: str) -> list[str]:
    out = []
    for i, item in enumerate(_list(parent, key, where)):
        if not isinstance(item, str):
            raise _wrong(f"{where}.{key}[{i}]", "a string", item)
        if len(item) > MAX_FIELD_CHARS:
            raise _too_long(f"{where}.{key}[{i}]", item)
        if item.strip():
            out.append(item.strip())
    return out


def _obj_list(parent: Mapping[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    out = []
    for i, item in enumerate(_list(parent, key, where)):
        if not isinstance(item, dict):
            raise _wrong(f"{where}.{key}[{i}]", "an object", item)
        out.append(item)
    return out


def _date(parent: Mapping[str, Any], key: str, where: str) -> str | None:
    """``fooDateStruct.date`` as given (partial dates such as ``2023-06`` stay partial)."""
    return _str(_obj(parent, key, where), "date", f"{where}.{key}")


# ---- intervention names -----------------------------------------------------------------

# Each pattern that starts with a run of separators only starts where the run does
# ((?<!...)): otherwise a long run (a hostile name of 20,000 spaces) costs quadratic time.
_PARENS = re.compile(r"(?<!\s)\s*[(\[（]([^()\[\]（）]*)[)\]）]")
_MARKS = re.compile(r"[®™©]|(?<=[a-z])TM\b")
_DOSE = re.compile(
    r"(?<![\s_,-])[\s_,-]+\d+(?:[.,]\d+)?\s*"
    r"(?:mg|mcg|µg|μg|ug|ng|g|kg|ml|iu|units?|u|mmol|%|x\s?10)"
    r"(?![A-Za-z]).*$",
    re.I,
)
_FORMULATION = re.compile(
    r"(?<![\s_,-])[\s_,-]+(?:dose[- ]escalation|dose[- ]expansion|"
    r"(?:higher|lower|high|low)[- ]dose|"
    r"formulation(?:\s+\w+)?|injectable suspension|for injection|"
    r"(?:ophthalmic|oral|topical) (?:solution|suspension)|tablets?|capsules?)$",
    re.I,
)
_COMBINATION = re.compile(r"(?<!\s)\s+\+\s+|(?<!\s)\s*，\s*")
_LIST_LIKE = re.compile(r"[,;/，]|\band\b|\.\s")
_LIST_SPLIT = re.compile(r"[,;/()，]|\band\b|\.\s")
# Words that mark an OTHER / DIETARY_SUPPLEMENT / untyped intervention as care, behaviour
# or a procedure rather than a product (naming.classify_intervention calls them products).
_NOT_A_PRODUCT = re.compile(
    r"\b(?:exercise|training|education\w*|psycho\w*|program(?:me)?s?|intervention|sessions?|"
    r"counsel\w*|modification|removal|booklet|coach\w*|virtual reality|photograph\w*|review|"
    r"collection|identification|recruitment|walk|\w*habilitation|osteopath\w*|diet|yoga|"
    r"massage|mutation|support|transplant\w*|HSCT|PBSCT|surgery|surgical|dressing|care|"
    r"caries|pulp|strength|music|mindfulness|acupuncture|app|sleep|radiation|radiotherapy|"
    r"irradiation|tests?|questionnaires?|interviews?)\b",
    re.I,
)
# otherNames that describe a study arm or blinding rather than name the product.
_NOT_AN_ALIAS = re.compile(
    r"\b(?:arms?|groups?|cohorts?|placebo|blinded|unblinded|open[- ]label|treatment)\b", re.I
)


@lru_cache(maxsize=65536)
def clean_intervention_name(name: str) -> str:
    """The product name inside a registry intervention name: trademark signs,
    parentheses, trailing dose and formulation words removed ("K-877 0.2 mg/day (once
    daily)" -> "K-877"); the name itself if nothing would be left."""
    text = _MARKS.sub("", name)
    text = _PARENS.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _DOSE.sub("", text)
        text = _FORMULATION.sub("", text)
        text = text.strip(" \t-_,;:.")
    text = re.sub(r"\s+", " ", text)
    return text or _MARKS.sub("", name).strip()


def _parenthetical(name: str) -> list[str]:
    items: list[str] = []
    for group in _PARENS.findall(name):
        items.extend(p.strip() for p in re.split(r"[,;]", group) if p.strip())
    return items


def _alias_forms(other: str) -> list[str]:
    """Aliases from one ``otherNames`` entry. A list ("Fludarabine, Cytarabine, ...",
    "Keytruda/MK-3475") may name several drugs, so only its code names are kept."""
    cleaned = clean_intervention_name(other)
    if _LIST_LIKE.search(cleaned):
        parts = (p.strip(" .") for p in _LIST_SPLIT.split(_MARKS.sub("", other)))
        return [p for p in parts if p and is_code_name(p)]
    return [cleaned] if cleaned and not _NOT_AN_ALIAS.search(cleaned) else []


# ---- record building --------------------------------------------------------------------


@dataclass
class _Intervention:
    itype: str | None
    name: str
    arm_labels: list[str]
    therapy_keys: list[str] = field(default_factory=list)
    placebo: bool = False
    standard_of_care: bool = False


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _organization(
    name: str | None, org_class: str | None, vocab: Vocabulary
) -> Organization | None:
    if not name or re.fullmatch(r"\[redacted\]", name, re.I):
        return None
    entry = vocab.resolve("organization", name)
    canonical = entry.name if entry else name
    return Organization(
        key=entry.key if entry else slugify(name), name=canonical, org_class=org_class
    )


def _evidence_level(phases: list[str], status: str | None) -> EvidenceLevel | None:
    if status == "APPROVED_FOR_MARKETING" or "PHASE4" in phases:
        return "approved"
    if "PHASE3" in phases:
        return "pivotal"
    if {"PHASE1", "PHASE2", "EARLY_PHASE1"} & set(phases):
        return "early-clinical"
    return None


def _indications(
    conditions: list[str], meshes: list[dict[str, Any]], vocab: Vocabulary, where: str
) -> list[IndicationRef]:
    found: dict[str, IndicationRef] = {}

    def add(ref: IndicationRef) -> None:
        have = found.get(ref.key)
        if have is None:
            found[ref.key] = ref
            return
        for mesh in ref.mesh_ids:
            if mesh not in have.mesh_ids:
                have.mesh_ids.append(mesh)

    for name in conditions:
        entry = vocab.resolve("indication", name)
        if entry:
            add(IndicationRef(key=entry.key, name=entry.name, known=True))
        else:
            add(IndicationRef(key=slugify(name), name=name, known=False))
    for i, mesh in enumerate(meshes):
        raw_id = _str(mesh, "id", f"{where}[{i}]")
        term = _str(mesh, "term", f"{where}[{i}]")
        mesh_id = normalise_mesh(raw_id) if raw_id else None
        ids = [mesh_id] if mesh_id else []
        entry = (vocab.indication_by_mesh(mesh_id) if mesh_id else None) or (
            vocab.resolve("indication", term) if term else None
        )
        if entry:
            add(IndicationRef(key=entry.key, name=entry.name, known=True, mesh_ids=ids))
        elif term:
            add(IndicationRef(key=slugify(term), name=term, known=False, mesh_ids=ids))
    return list(found.values())


def _resolve_therapy(name: str, others: list[str], vocab: Vocabulary) -> Entry | None:
    cleaned = clean_intervention_name(name)
    candidates = [name, *others, cleaned]
    if "/" in cleaned:
        candidates.append(cleaned.split("/", 1)[0])
    candidates += _parenthetical(name)
    for other in others:
        candidates += _alias_forms(other)
    for candidate in candidates:
        entry = vocab.resolve("therapy", candidate) if candidate.strip() else None
        if entry:
            return entry
    return None


def _guess(name: str, others: list[str], description: str | None, itype: str | None) -> str | None:
    """Modality guess from the name, then the other names; the description only when the
    name is a bare code name (descriptions of known drugs mention other drugs and cells)."""
    texts = [name, *others]
    if description and is_code_name(clean_intervention_name(name)):
        texts.append(description)
    for text in texts:
        modality = guess_modality(text, itype)
        if modality:
            return modality
    return None


def _therapy(
    name: str,
    itype: str | None,
    category: InterventionCategory,
    others: list[str],
    description: str | None,
    sponsor: str,
    vocab: Vocabulary,
) -> TherapyRef:
    entry = _resolve_therapy(name, others, vocab)
    aliases: list[str] = []
    for other in others:
        aliases += _alias_forms(other)
    aliases += [p for p in _parenthetical(name) if is_code_name(p)]
    if entry:
        key, display = entry.key, entry.name
        known_names = {normalise_name(n) for n in entry.all_names}
    else:
        display = clean_intervention_name(name)
        key = slugify(display)
        if category == "product" and is_descriptive_programme(display):
            key = slugify(f"{display} {sponsor}")
            display = f"{display} ({sponsor})"
        known_names = {normalise_name(display), normalise_name(name)}
    modality = entry.modality if entry else None
    inferred = False
    if modality is None and category == "product":
        modality = _guess(name, others, description, itype)
        inferred = modality is not None
    unique: list[str] = []
    for alias in aliases:
        norm = normalise_name(alias)
        if norm and norm not in known_names:
            known_names.add(norm)
            unique.append(alias)
    return TherapyRef(
        key=key,
        name=display,
        known=entry is not None,
        aliases=unique,
        modality=modality,
        modality_inferred=inferred,
        category=category,
        intervention_type=itype,
    )


def _is_therapy(
    category: str, itype: str | None, name: str, others: list[str], vocab: Vocabulary
) -> bool:
    if category in ("placebo", "standard_of_care"):
        return False
    if itype in THERAPY_TYPES:
        return True
    if category != "product":
        return False
    if _resolve_therapy(name, others, vocab):
        return True
    return not _NOT_A_PRODUCT.search(name)


def _category(name: str, itype: str | None) -> Category:
    """``classify_intervention`` of the name, and of its cleaned form when the name as
    written looks like a product ("Chemotherapy (Gemcitabine + Carboplatin)" is generic)."""
    category = classify_intervention(name, itype)
    cleaned = clean_intervention_name(name)
    if category == "product" and cleaned != name:
        category = classify_intervention(cleaned, itype)
    return category


def _interventions(
    raws: list[dict[str, Any]], where: str, sponsor: str, vocab: Vocabulary
) -> tuple[list[_Intervention], list[TherapyRef]]:
    """Interventions (for the arms) and the therapies among them, one per key. A
    combination written "A + B" gives one therapy per component."""
    interventions: list[_Intervention] = []
    therapies: dict[str, TherapyRef] = {}
    for i, raw in enumerate(raws):
        here = f"{where}[{i}]"
        name = _str(raw, "name", here)
        itype_raw = _str(raw, "type", here)
        itype = itype_raw.upper() if itype_raw else None
        others = _str_list(raw, "otherNames", here)
        description = _str(raw, "description", here)
        labels = _str_list(raw, "armGroupLabels", here)
        if not name:
            continue
        iv = _Intervention(itype=itype, name=name, arm_labels=labels)
        interventions.append(iv)
        parts = [p.strip() for p in _COMBINATION.split(clean_intervention_name(name))]
        parts = [p for p in parts if p]
        components = [(name, others, description)]
        if len(parts) > 1 and not vocab.resolve("therapy", name):
            components = [(part, [], None) for part in parts]
        for part, part_others, part_description in components:
            category = _category(part, itype)
            if category == "placebo":
                iv.placebo = True
                continue
            if category == "standard_of_care":
                iv.standard_of_care = True
                continue
            if not _is_therapy(category, itype, part, part_others, vocab):
                continue
            ref = _therapy(part, itype, category, part_others, part_description, sponsor, vocab)
            if ref.key not in iv.therapy_keys:
                iv.therapy_keys.append(ref.key)
            _merge(therapies, ref)
    return interventions, list(therapies.values())


def _merge(therapies: dict[str, TherapyRef], ref: TherapyRef) -> None:
    have = therapies.get(ref.key)
    if have is None:
        therapies[ref.key] = ref
        return
    have.aliases += [a for a in ref.aliases if a not in have.aliases]
    if ref.category == "product":
        have.category = "product"
    if have.modality is None and ref.modality:
        have.modality, have.modality_inferred = ref.modality, ref.modality_inferred


def _arm_role(value: str | None) -> ArmRole | None:
    if not value:
        return None
    key = enum_key(value)
    return cast(ArmRole, key) if key in ARM_ROLES else None


def _arms(
    arm_groups: list[dict[str, Any]], interventions: list[_Intervention], where: str
) -> list[Arm]:
    by_label: dict[str, set[int]] = {}
    by_typed: dict[str, set[int]] = {}
    by_name: dict[str, set[int]] = {}
    for idx, iv in enumerate(interventions):
        for label in iv.arm_labels:
            by_label.setdefault(_norm(label), set()).add(idx)
        type_word = (iv.itype or "").replace("_", " ")
        by_typed.setdefault(_norm(f"{type_word}: {iv.name}"), set()).add(idx)
        by_name.setdefault(_norm(iv.name), set()).add(idx)
    arms = []
    for i, group in enumerate(arm_groups):
        here = f"{where}[{i}]"
        label = _str(group, "label", here) or f"Arm {i + 1}"
        members = set(by_label.get(_norm(label), set()))
        for ref in _str_list(group, "interventionNames", here):
            hit = by_typed.get(_norm(ref))
            if hit is None and ":" in ref:
                hit = by_name.get(_norm(ref.split(":", 1)[1]))
            if hit is None:
                hit = by_name.get(_norm(ref))
            members |= hit or set()
        keys: list[str] = []
        for idx in sorted(members):
            keys += [k for k in interventions[idx].therapy_keys if k not in keys]
        arms.append(
            Arm(
                label=label,
                role=_arm_role(_str(group, "type", here)),
                therapy_keys=keys,
                has_placebo=any(interventions[k].placebo for k in members),
                has_standard_of_care=any(interventions[k].standard_of_care for k in members),
            )
        )
    return arms


def content_hash(study: object) -> str:
    """sha256 of the study's canonical JSON (sorted keys): the same study hashes the same
    alone, in an array, in a page or on a JSON line."""
    return hashlib.sha256(orjson.dumps(study, option=orjson.OPT_SORT_KEYS)).hexdigest()


def build_trial(
    study: Mapping[str, Any],
    vocab: Vocabulary,
    *,
    path: str | None,
    loader: str,
    loader_version: str,
    digest: str | None = None,
) -> TrialRecord:
    """One v2-shaped study -> ``TrialRecord``; ``StudyError`` if it cannot be used."""
    if "protocolSection" not in study:
        raise StudyError("not a ClinicalTrials.gov API v2 study (no protocolSection)")
    ps = _obj(study, "protocolSection", "study")
    P = "protocolSection"
    ident = _obj(ps, "identificationModule", P)
    nct = (_str(ident, "nctId", f"{P}.identificationModule") or "").upper()
    if not is_nct_id(nct):
        raise StudyError(f"missing or invalid NCT ID ({ident.get('nctId')!r})")
    try:
        return _build(study, ps, ident, nct, vocab, path, loader, loader_version, digest)
    except StudyError as exc:
        raise StudyError(f"{nct}: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        raise StudyError(f"{nct}: invalid value for {loc}: {first.get('msg')}") from None


def _build(
    study: Mapping[str, Any],
    ps: dict[str, Any],
    ident: dict[str, Any],
    nct: str,
    vocab: Vocabulary,
    path: str | None,
    loader: str,
    loader_version: str,
    digest: str | None,
) -> TrialRecord:
    P = "protocolSection"
    W_ID = f"{P}.identificationModule"
    brief_title = _str(ident, "briefTitle", W_ID)
    official_title = _str(ident, "officialTitle", W_ID)

    status = _obj(ps, "statusModule", P)
    W_ST = f"{P}.statusModule"
    overall_status = _str(status, "overallStatus", W_ST)
    first_posted = _date(status, "studyFirstPostDateStruct", W_ST)
    first_submitted = _str(status, "studyFirstSubmitDate", W_ST)
    start_date = _date(status, "startDateStruct", W_ST)
    last_updated = _date(status, "lastUpdatePostDateStruct", W_ST) or _str(
        status, "lastUpdateSubmitDate", W_ST
    )

    design = _obj(ps, "designModule", P)
    W_DE = f"{P}.designModule"
    phases = [p.upper() for p in _str_list(design, "phases", W_DE)]
    enrollment = _int(_obj(design, "enrollmentInfo", W_DE), "count", f"{W_DE}.enrollmentInfo")

    sponsors = _obj(ps, "sponsorCollaboratorsModule", P)
    W_SP = f"{P}.sponsorCollaboratorsModule"
    lead_raw = _obj(sponsors, "leadSponsor", W_SP)
    lead = _organization(
        _str(lead_raw, "name", f"{W_SP}.leadSponsor"),
        _str(lead_raw, "class", f"{W_SP}.leadSponsor"),
        vocab,
    )
    if lead is None and not lead_raw:
        org = _obj(ident, "organization", W_ID)
        lead = _organization(
            _str(org, "fullName", f"{W_ID}.organization"),
            _str(org, "class", f"{W_ID}.organization"),
            vocab,
        )
    collaborators: list[Organization] = []
    for i, raw in enumerate(_obj_list(sponsors, "collaborators", W_SP)):
        here = f"{W_SP}.collaborators[{i}]"
        collaborator = _organization(_str(raw, "name", here), _str(raw, "class", here), vocab)
        if collaborator and collaborator.key not in {c.key for c in collaborators}:
            collaborators.append(collaborator)

    conditions = _str_list(_obj(ps, "conditionsModule", P), "conditions", f"{P}.conditionsModule")
    browse = _obj(_obj(study, "derivedSection", "study"), "conditionBrowseModule", "derivedSection")
    W_MESH = "derivedSection.conditionBrowseModule.meshes"
    indications = _indications(
        conditions,
        _obj_list(browse, "meshes", "derivedSection.conditionBrowseModule"),
        vocab,
        W_MESH,
    )

    arms_mod = _obj(ps, "armsInterventionsModule", P)
    W_AI = f"{P}.armsInterventionsModule"
    interventions, therapies = _interventions(
        _obj_list(arms_mod, "interventions", W_AI),
        f"{W_AI}.interventions",
        lead.name if lead else nct,
        vocab,
    )
    arms = _arms(_obj_list(arms_mod, "armGroups", W_AI), interventions, f"{W_AI}.armGroups")

    pmids: list[str] = []
    W_REF = f"{P}.referencesModule.references"
    for i, ref_raw in enumerate(
        _obj_list(_obj(ps, "referencesModule", P), "references", f"{P}.referencesModule")
    ):
        pmid = _str(ref_raw, "pmid", f"{W_REF}[{i}]")
        if pmid and pmid not in pmids:
            pmids.append(pmid)

    source = SourceMeta(
        id=nct,
        kind="trial",
        title=brief_title or official_title,
        date=first_posted or first_submitted or start_date,
        url=STUDY_URL.format(nct=nct),
        publisher=PUBLISHER,
        evidence_level=_evidence_level(phases, overall_status),
        content_hash=digest or content_hash(study),
        loader=loader,
        loader_version=loader_version,
        path=path,
    )
    return TrialRecord(
        source=source,
        nct_id=nct,
        brief_title=brief_title,
        official_title=official_title,
        acronym=_str(ident, "acronym", W_ID),
        overall_status=overall_status,
        phases=phases,
        study_type=_str(design, "studyType", W_DE),
        start_date=start_date,
        primary_completion_date=_date(status, "primaryCompletionDateStruct", W_ST),
        completion_date=_date(status, "completionDateStruct", W_ST),
        first_posted=first_posted,
        last_updated=last_updated,
        enrollment=enrollment,
        lead_sponsor=lead,
        collaborators=collaborators,
        conditions=conditions,
        indications=indications,
        therapies=therapies,
        arms=arms,
        pmids=pmids,
    )


# ---- documents ----------------------------------------------------------------------------


def _strip_bom(data: bytes) -> bytes:
    return data[len(_BOM) :] if data.startswith(_BOM) else data


def _json_error(exc: orjson.JSONDecodeError) -> str:
    if "not valid UTF-8" in str(exc):  # orjson's words for bytes that are not UTF-8
        return "not UTF-8 text (Latin-1 or another encoding?); save it as UTF-8"
    return f"invalid or truncated JSON: {exc}"


def _studies_in(value: object, label: str) -> Iterator[tuple[str, object] | str]:
    """(where, study) pairs in a parsed JSON value, or a message for a value that holds
    no v2 studies."""
    if isinstance(value, dict) and "protocolSection" in value:
        yield label, value
    elif isinstance(value, dict) and "studies" in value:
        studies = value["studies"]
        if not isinstance(studies, list):
            yield f"{label}studies: expected an array, got {_type_name(studies)}"
            return
        for i, study in enumerate(studies):
            yield f"{label}study [{i}]", study
    elif isinstance(value, list):
        for i, study in enumerate(value):
            yield f"{label}study [{i}]", study
    elif isinstance(value, dict) and "FullStudiesResponse" in value:
        yield (
            f"{label}unsupported format: ClinicalTrials.gov classic API (v1) record; "
            "download the study from the API v2 (JSON) instead"
        )
    else:
        yield f"{label}not a ClinicalTrials.gov API v2 study, study array or search page"


class CtgovV2Loader:
    name = "ctgov-v2"
    version = "1"

    def sniff(self, doc: Document) -> bool:
        if doc.jsonl_line is not None:
            return True  # JSON Lines are the registry's layout; each line is checked
        head = _strip_bom(doc.data[:_SNIFF_BYTES]).lstrip()
        if head[:1] not in (b"{", b"["):
            return False
        if b'"FullStudiesResponse"' in head[:4096]:
            return False
        return b'"protocolSection"' in head or bool(_PAGE_START.match(head))

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[TrialRecord | LoadError]:
        data = _strip_bom(doc.data)
        values: list[tuple[str, object]] = []
        lines: list[tuple[int, bytes]] | None
        if doc.jsonl_line is not None:  # a chunk of a JSON Lines file: line by line
            lines = [(doc.jsonl_line + i, line.strip()) for i, line in enumerate(data.split(b"\n"))]
            lines = [(n, line) for n, line in lines if line]
        else:
            try:
                values = [("", orjson.loads(data))]
                lines = []
            except orjson.JSONDecodeError as exc:
                lines = self._json_lines(data)
                if lines is None:
                    yield LoadError(doc.name, _json_error(exc))
                    return
        if lines:
            for number, line in lines:
                try:
                    values.append((f"line {number}: ", orjson.loads(line)))
                except orjson.JSONDecodeError as line_exc:
                    yield LoadError(doc.name, f"line {number}: {_json_error(line_exc)}")
        for prefix, value in values:
            for item in _studies_in(value, prefix):
                if isinstance(item, str):
                    yield LoadError(doc.name, item)
                    continue
                where, study = item
                yield self._record(doc, vocab, where, study)

    @staticmethod
    def _json_lines(data: bytes) -> list[tuple[int, bytes]] | None:
        """Numbered non-blank lines when ``data`` is JSON Lines (its first line is a JSON
        object on its own), else None."""
        lines = [(n, line.strip()) for n, line in enumerate(data.split(b"\n"), 1)]
        lines = [(n, line) for n, line in lines if line]
        if len(lines) < 2 or not lines[0][1].startswith(b"{"):
            return None
        try:
            orjson.loads(lines[0][1])
        except orjson.JSONDecodeError:
            return None
        return lines

    def _record(
        self, doc: Document, vocab: Vocabulary, where: str, study: object
    ) -> TrialRecord | LoadError:
        prefix = f"{where}: " if where and not where.endswith(": ") else where
        if not isinstance(study, dict):
            return LoadError(doc.name, f"{prefix}expected a study object, got {_type_name(study)}")
        try:
            return build_trial(
                study, vocab, path=doc.name, loader=self.name, loader_version=self.version
            )
        except StudyError as exc:
            return LoadError(doc.name, f"{prefix}{exc}")


LOADER = CtgovV2Loader()
