"""The ontology (tlkg.ttl), its SHACL shapes (shapes.ttl), namespace.py and concepts.py agree."""

from __future__ import annotations

from importlib import resources

import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, SH, SKOS

from tlkg.ontology import concepts
from tlkg.ontology.namespace import ID, TLKG

ONT_NS = str(TLKG._NS)
SHAPES_NS = "https://w3id.org/tlkg/shapes#"
DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme}

# (tuple of keys in concepts.py, IRI path segment, class, scheme)
SCHEMES = [
    (concepts.MODALITIES, "modality", TLKG.Modality, TLKG.ModalityScheme),
    (concepts.BARRIERS, "barrier", TLKG.Barrier, TLKG.BarrierScheme),
    (concepts.EVIDENCE_LEVELS, "evidence-level", TLKG.EvidenceLevel, TLKG.EvidenceLevelScheme),
    (concepts.PHASES, "phase", TLKG.Phase, TLKG.PhaseScheme),
    (concepts.TRIAL_STATUSES, "trial-status", TLKG.TrialStatus, TLKG.TrialStatusScheme),
    (concepts.ARM_ROLES, "arm-role", TLKG.ArmRole, TLKG.ArmRoleScheme),
    (
        concepts.INTERVENTION_CATEGORIES,
        "intervention-category",
        TLKG.InterventionCategory,
        TLKG.InterventionCategoryScheme,
    ),
]

EX = Namespace("https://example.org/test/")
# a plain Namespace: pytest probes module globals, and rdflib's XSD warns on unknown names
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


def _load(name: str) -> Graph:
    data = resources.files("tlkg.ontology").joinpath(name).read_text(encoding="utf-8")
    return Graph().parse(data=data, format="turtle")


@pytest.fixture(scope="module")
def ont() -> Graph:
    return _load("tlkg.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _load("shapes.ttl")


def _tlkg_terms() -> set[URIRef]:
    return {TLKG[name] for name in TLKG.__annotations__}


def _concept(path: str, key: str) -> URIRef:
    return ID[f"{path}/{key}"]


# --- parsing and header ----------------------------------------------------------------


def test_files_parse(ont: Graph, shapes: Graph) -> None:
    assert len(ont) > 500
    assert len(shapes) > 50


def test_ontology_header(ont: Graph) -> None:
    onts = list(ont.subjects(RDF.type, OWL.Ontology))
    assert onts == [URIRef("https://w3id.org/tlkg/ontology")]
    o = onts[0]
    assert ont.value(o, DCTERMS.title) is not None
    assert ont.value(o, OWL.versionInfo) is not None
    assert ont.value(o, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")


# --- namespace.py <-> tlkg.ttl ---------------------------------------------------------


def test_namespace_lists_terms() -> None:
    terms = _tlkg_terms()
    assert len(terms) == len(TLKG.__annotations__) > 50
    assert all(str(t).startswith(ONT_NS) for t in terms)


def test_every_namespace_term_is_declared(ont: Graph) -> None:
    missing = [
        t for t in sorted(_tlkg_terms()) if not set(ont.objects(t, RDF.type)) & DECLARATION_TYPES
    ]
    assert missing == []


def test_every_declared_term_is_in_namespace(ont: Graph) -> None:
    subjects = {s for s in ont.subjects() if isinstance(s, URIRef) and str(s).startswith(ONT_NS)}
    assert subjects - _tlkg_terms() == set()
    # and nothing in the ontology namespace is used (as object or predicate) undeclared
    used = {
        n for triple in ont for n in triple if isinstance(n, URIRef) and str(n).startswith(ONT_NS)
    }
    assert used - _tlkg_terms() == set()


def test_terms_have_label_and_comment(ont: Graph) -> None:
    for t in _tlkg_terms():
        assert ont.value(t, RDFS.label) is not None, t
        assert ont.value(t, RDFS.comment) is not None, t


def test_declaration_kinds(ont: Graph) -> None:
    for t in _tlkg_terms():
        kinds = set(ont.objects(t, RDF.type)) & DECLARATION_TYPES
        assert len(kinds) == 1, (t, kinds)
        name = str(t)[len(ONT_NS) :]
        if kinds == {OWL.Class} or kinds == {SKOS.ConceptScheme}:
            assert name[0].isupper(), t
        else:
            assert name[0].islower(), t
    for name in ("ModalityScheme", "BarrierScheme", "PhaseScheme"):
        assert (TLKG[name], RDF.type, SKOS.ConceptScheme) in ont


def test_reused_vocabularies(ont: Graph) -> None:
    schema = Namespace("https://schema.org/")
    assert (TLKG.Therapy, RDFS.subClassOf, schema.MedicalTherapy) in ont
    assert (TLKG.Trial, RDFS.subClassOf, schema.MedicalTrial) in ont
    assert (TLKG.Indication, RDFS.subClassOf, schema.MedicalCondition) in ont
    assert (TLKG.Organization, RDFS.subClassOf, schema.Organization) in ont
    assert (TLKG.Source, RDFS.subClassOf, PROV.Entity) in ont
    assert (TLKG.Evidence, RDFS.subClassOf, PROV.Entity) in ont
    assert (TLKG.Article, RDFS.subClassOf, TLKG.Source) in ont
    assert (TLKG.TrialRecord, RDFS.subClassOf, TLKG.Source) in ont
    for cls in (
        TLKG.Modality,
        TLKG.Barrier,
        TLKG.EvidenceLevel,
        TLKG.Phase,
        TLKG.TrialStatus,
        TLKG.ArmRole,
        TLKG.InterventionCategory,
    ):
        assert (cls, RDFS.subClassOf, SKOS.Concept) in ont


def test_relations_between_therapies_and_modalities_are_not_therapy_only(ont: Graph) -> None:
    for prop in (TLKG.facesBarrier, TLKG.addressesBarrier, TLKG.competesWith, TLKG.complements):
        domain = ont.value(prop, RDFS.domain)
        assert domain != TLKG.Therapy, prop
        assert domain != TLKG.Modality, prop


# --- concepts.py <-> tlkg.ttl ----------------------------------------------------------


@pytest.mark.parametrize(("keys", "path", "cls", "scheme"), SCHEMES, ids=[s[1] for s in SCHEMES])
def test_concept_keys_match_turtle(
    ont: Graph, keys: tuple[str, ...], path: str, cls: URIRef, scheme: URIRef
) -> None:
    assert len(set(keys)) == len(keys)
    expected = {_concept(path, k) for k in keys}
    for c in expected:
        assert (c, RDF.type, cls) in ont, c
        assert (c, RDF.type, SKOS.Concept) in ont, c
        # pyshacl mixes only OWL/RDFS axioms and named individuals in from ont_graph
        assert (c, RDF.type, OWL.NamedIndividual) in ont, c
        assert (c, SKOS.inScheme, scheme) in ont, c
        labels = [lbl for lbl in ont.objects(c, SKOS.prefLabel) if isinstance(lbl, Literal)]
        assert [lbl.language for lbl in labels] == ["en"], c
        assert ont.value(c, SKOS.definition) is not None, c
    # and vice versa: nothing in the scheme or of the class that concepts.py lacks
    assert set(ont.subjects(SKOS.inScheme, scheme)) == expected
    assert set(ont.subjects(RDF.type, cls)) == expected
    prefix = str(ID[path + "/"])
    in_path = {s for s in ont.subjects() if isinstance(s, URIRef) and str(s).startswith(prefix)}
    assert in_path == expected


@pytest.mark.parametrize(("keys", "path", "cls", "scheme"), SCHEMES, ids=[s[1] for s in SCHEMES])
def test_top_concepts(
    ont: Graph, keys: tuple[str, ...], path: str, cls: URIRef, scheme: URIRef
) -> None:
    for k in keys:
        c = _concept(path, k)
        has_broader = ont.value(c, SKOS.broader) is not None
        is_top = (c, SKOS.topConceptOf, scheme) in ont
        assert has_broader != is_top, c
        for parent in ont.objects(c, SKOS.broader):
            assert (parent, SKOS.inScheme, scheme) in ont, (c, parent)


def test_no_has_top_concept(ont: Graph) -> None:
    # pyshacl deep-copies named individuals from ont_graph following their links; links
    # back from schemes to concepts would make that copy blow up exponentially.
    assert list(ont.triples((None, SKOS.hasTopConcept, None))) == []


def test_modality_hierarchy(ont: Graph) -> None:
    def chain(key: str) -> list[str]:
        out = [key]
        node = _concept("modality", key)
        while (parent := ont.value(node, SKOS.broader)) is not None:
            out.append(str(parent).rsplit("/", 1)[-1])
            node = parent
        return out

    assert chain(concepts.CAR_T_IN_VIVO_LNP) == [
        "car-t-in-vivo-lnp-mrna", "car-t-in-vivo", "car-t", "cell-therapy"
    ]  # fmt: skip
    in_vivo = ["car-t-in-vivo", "car-t", "cell-therapy"]
    assert chain(concepts.CAR_T_IN_VIVO_LENTIVIRAL)[1:] == in_vivo
    assert chain(concepts.CAR_T_AUTOLOGOUS)[1:] == ["car-t", "cell-therapy"]
    assert chain(concepts.CAR_T_ALLOGENEIC)[1:] == ["car-t", "cell-therapy"]
    assert chain(concepts.OTHER_CELL_THERAPY)[1:] == ["cell-therapy"]
    for key in (
        concepts.IMMUNOMODULATORY,
        concepts.PROTEASOME_INHIBITOR,
        concepts.KINASE_INHIBITOR,
        concepts.CHEMOTHERAPY,
        concepts.CORTICOSTEROID,
    ):
        assert chain(key)[1:] == ["small-molecule"], key


def test_modality_alt_labels(ont: Graph) -> None:
    def alts(key: str) -> set[str]:
        return {str(a) for a in ont.objects(_concept("modality", key), SKOS.altLabel)}

    assert {"in vivo CAR-T", "in vivo CAR T"} <= alts(concepts.CAR_T_IN_VIVO) | {
        str(ont.value(_concept("modality", concepts.CAR_T_IN_VIVO), SKOS.prefLabel))
    }
    assert "off-the-shelf CAR-T" in alts(concepts.CAR_T_ALLOGENEIC)
    assert "ex vivo CAR-T" in alts(concepts.CAR_T_AUTOLOGOUS)
    assert {"BiTE", "T-cell engager", "bispecific antibody"} <= alts(concepts.BISPECIFIC)
    assert "ADC" in alts(concepts.ADC)


def test_barriers(ont: Graph) -> None:
    barriers = set(ont.subjects(RDF.type, TLKG.Barrier))
    assert len(barriers) == 12 == len(concepts.BARRIERS)
    for b in barriers:
        definition = ont.value(b, SKOS.definition)
        assert definition is not None and len(str(definition)) > 40, b
    crs = _concept("barrier", concepts.CRS)
    assert Literal("CRS", lang="en") in set(ont.objects(crs, SKOS.altLabel))
    icans = _concept("barrier", concepts.NEUROTOXICITY)
    assert Literal("ICANS", lang="en") in set(ont.objects(icans, SKOS.altLabel))


@pytest.mark.parametrize(
    ("path", "keys"),
    [("phase", concepts.PHASES), ("evidence-level", concepts.EVIDENCE_LEVELS)],
)
def test_ranks(ont: Graph, path: str, keys: tuple[str, ...]) -> None:
    ranks = {}
    for k in keys:
        r = ont.value(_concept(path, k), TLKG.rank)
        assert isinstance(r, Literal) and r.datatype == XSD.integer, k
        ranks[k] = r.toPython()
    assert len(set(ranks.values())) == len(keys)
    if path == "phase":
        order = ["na", "early-phase1", "phase1", "phase2", "phase3", "phase4"]
    else:
        order = ["preclinical", "early-clinical", "pivotal", "approved"]
    assert sorted(ranks, key=ranks.__getitem__) == order


def test_phase_and_status_labels(ont: Graph) -> None:
    def label(path: str, key: str) -> str:
        return str(ont.value(_concept(path, key), SKOS.prefLabel))

    assert label("phase", "phase1") == "Phase 1"
    assert label("phase", "early-phase1") == "Early Phase 1"
    assert label("phase", "na") == "Not applicable"
    assert label("trial-status", "recruiting") == "Recruiting"
    assert label("arm-role", "active-comparator") == "Active comparator"
    # skos:notation holds the ClinicalTrials.gov enum, and enum_key maps it back to the key
    for path, keys in (
        ("phase", concepts.PHASES),
        ("trial-status", concepts.TRIAL_STATUSES),
        ("arm-role", concepts.ARM_ROLES),
    ):
        for k in keys:
            notation = ont.value(_concept(path, k), SKOS.notation)
            assert notation is not None and concepts.enum_key(str(notation)) == k


# --- SHACL -----------------------------------------------------------------------------


def _good_data() -> Graph:
    g = Graph()
    therapy = ID["therapy/idecabtagene-vicleucel"]
    g.add((therapy, RDF.type, TLKG.Therapy))
    g.add((therapy, SKOS.prefLabel, Literal("idecabtagene vicleucel")))
    g.add((therapy, SKOS.altLabel, Literal("ide-cel")))
    g.add((therapy, TLKG.modality, _concept("modality", concepts.CAR_T_AUTOLOGOUS)))
    g.add((therapy, TLKG.modalityInferred, Literal(False)))
    g.add((therapy, TLKG.target, ID["target/bcma"]))

    trial = ID["trial/NCT03361748"]
    g.add((trial, RDF.type, TLKG.Trial))
    g.add((trial, DCTERMS.identifier, Literal("NCT03361748")))
    g.add((trial, TLKG.phase, _concept("phase", "phase2")))
    g.add((trial, TLKG.status, _concept("trial-status", "completed")))
    g.add((trial, TLKG.studiesTherapy, therapy))
    g.add((trial, TLKG.startDate, Literal("2017-12", datatype=XSD.gYearMonth)))
    g.add((trial, TLKG.completionDate, Literal("2024-01-15", datatype=XSD.date)))
    g.add((trial, TLKG.enrollment, Literal(140)))
    arm = EX["arm1"]
    g.add((trial, TLKG.hasArm, arm))
    g.add((arm, RDF.type, TLKG.Arm))
    g.add((arm, TLKG.armRole, _concept("arm-role", "experimental")))
    g.add((arm, TLKG.armIntervention, therapy))

    source = ID["source/NCT03361748"]
    g.add((source, RDF.type, TLKG.TrialRecord))
    g.add((source, DCTERMS.title, Literal("A study of bb2121 in multiple myeloma")))
    g.add((source, DCTERMS.issued, Literal("2017", datatype=XSD.gYear)))
    g.add((source, TLKG.contentHash, Literal("0" * 64)))
    g.add((source, TLKG.namedGraph, URIRef("https://w3id.org/tlkg/graph/source/NCT03361748")))
    g.add((source, TLKG.loader, Literal("ctgov")))
    g.add((source, TLKG.loaderVersion, Literal("1")))
    g.add(
        (
            source,
            PROV.generatedAtTime,
            Literal("2025-01-01T00:00:00+00:00", datatype=XSD.dateTime),
        )
    )
    g.add((source, TLKG.evidenceLevel, _concept("evidence-level", "pivotal")))
    g.add((source, TLKG.about, trial))
    g.add((source, TLKG.mentions, therapy))

    ev = EX["evidence1"]
    g.add((ev, RDF.type, TLKG.Evidence))
    g.add((ev, RDF.subject, therapy))
    g.add((ev, RDF.predicate, TLKG.facesBarrier))
    g.add((ev, RDF.object, _concept("barrier", concepts.CRS)))
    g.add((ev, TLKG.sentence, Literal("Ide-cel causes CRS.")))
    g.add((ev, TLKG.startOffset, Literal(0)))
    g.add((ev, TLKG.endOffset, Literal(19)))
    g.add((ev, PROV.wasDerivedFrom, source))
    return g


def _validate(data: Graph, ont: Graph, shapes: Graph) -> tuple[bool, str]:
    conforms, _, text = validate(
        data, shacl_graph=shapes, ont_graph=ont, inference="none", allow_warnings=False
    )
    return bool(conforms), str(text)


def test_shapes_accept_good_data(ont: Graph, shapes: Graph) -> None:
    conforms, text = _validate(_good_data(), ont, shapes)
    assert conforms, text


def _without(g: Graph, s: URIRef, p: URIRef) -> Graph:
    g.remove((s, p, None))
    return g


def _bad_trial_id() -> Graph:
    g = _without(_good_data(), ID["trial/NCT03361748"], DCTERMS.identifier)
    g.add((ID["trial/NCT03361748"], DCTERMS.identifier, Literal("XYZ")))
    return g


def _bad_trial_two_statuses() -> Graph:
    g = _good_data()
    g.add((ID["trial/NCT03361748"], TLKG.status, _concept("trial-status", "recruiting")))
    return g


def _bad_trial_phase_not_a_phase() -> Graph:
    g = _good_data()
    g.add((ID["trial/NCT03361748"], TLKG.phase, _concept("trial-status", "recruiting")))
    return g


def _bad_trial_plain_date() -> Graph:
    g = _without(_good_data(), ID["trial/NCT03361748"], TLKG.startDate)
    g.add((ID["trial/NCT03361748"], TLKG.startDate, Literal("2017-12")))
    return g


def _bad_therapy_no_label() -> Graph:
    return _without(_good_data(), ID["therapy/idecabtagene-vicleucel"], SKOS.prefLabel)


def _bad_therapy_modality() -> Graph:
    g = _good_data()
    g.add((ID["therapy/idecabtagene-vicleucel"], TLKG.modality, ID["modality/no-such-thing"]))
    return g


def _bad_source_no_hash() -> Graph:
    return _without(_good_data(), ID["source/NCT03361748"], TLKG.contentHash)


def _bad_source_issued_string() -> Graph:
    g = _without(_good_data(), ID["source/NCT03361748"], DCTERMS.issued)
    g.add((ID["source/NCT03361748"], DCTERMS.issued, Literal("March 2017")))
    return g


def _bad_source_no_graph() -> Graph:
    return _without(_good_data(), ID["source/NCT03361748"], TLKG.namedGraph)


def _bad_evidence_offsets() -> Graph:
    g = _without(_good_data(), EX["evidence1"], TLKG.endOffset)
    g.add((EX["evidence1"], TLKG.endOffset, Literal(-1)))
    return g


def _bad_evidence_no_source() -> Graph:
    return _without(_good_data(), EX["evidence1"], PROV.wasDerivedFrom)


@pytest.mark.parametrize(
    "make",
    [
        _bad_trial_id,
        _bad_trial_two_statuses,
        _bad_trial_phase_not_a_phase,
        _bad_trial_plain_date,
        _bad_therapy_no_label,
        _bad_therapy_modality,
        _bad_source_no_hash,
        _bad_source_issued_string,
        _bad_source_no_graph,
        _bad_evidence_offsets,
        _bad_evidence_no_source,
    ],
)
def test_shapes_reject_bad_data(ont: Graph, shapes: Graph, make) -> None:
    conforms, _ = _validate(make(), ont, shapes)
    assert not conforms


def test_shapes_only_use_known_terms(shapes: Graph) -> None:
    used = {
        n
        for triple in shapes
        for n in triple
        if isinstance(n, URIRef) and str(n).startswith(ONT_NS)
    }
    assert used <= _tlkg_terms()
    shape_nodes = {s for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert all(str(s).startswith(SHAPES_NS) for s in shape_nodes)
    assert len(shape_nodes) >= 4
