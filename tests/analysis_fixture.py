"""A small therapy landscape for the analysis tests: trial records and articles built
directly as records (tlkg.loaders.records), mapped with tlkg.graph.rdf.triples and loaded into
an in-memory Oxigraph store.

Multiple myeloma: ide-cel (KarMMa-3-like trial, active comparator DPd), cilta-cel
(CARTITUDE-4-like, comparator PVd), teclistamab and elranatamab (bispecifics, BCMA),
talquetamab (GPRC5D), lenalidomide against placebo, a withdrawn code-named programme, a
trial with lymphodepleting chemotherapy and "standard chemotherapy". Lymphoma: axi-cel
and glofitamab. Lupus: KYV-101 and rese-cel (CD19 CAR-T). Articles: the in vivo CAR-T
news piece (modality-level head-to-head / competition, barriers), a stated rivalry of
iberdomide with ide-cel (2024), a "complements" statement (teclistamab and ide-cel).
"""

from __future__ import annotations

from pathlib import Path

from tlkg.graph.analysis import maintain
from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.records import (
    Arm,
    ArticleRecord,
    EntityRef,
    Evidence,
    IndicationRef,
    Organization,
    Relation,
    SourceMeta,
    TherapyRef,
    TrialRecord,
)
from tlkg.ontology.ids import slugify
from tlkg.ontology.vocab import Vocabulary, load_vocabulary

VOCAB = load_vocabulary()


def therapy(name: str, category: str = "product", modality: str | None = None) -> TherapyRef:
    entry = VOCAB.resolve("therapy", name)
    if entry is not None:
        return TherapyRef(key=entry.key, name=entry.name, category=category)  # type: ignore[arg-type]
    return TherapyRef(
        key=slugify(name),
        name=name,
        known=False,
        category=category,  # type: ignore[arg-type]
        modality=modality,
        modality_inferred=modality is not None,
    )


def indication(name: str) -> IndicationRef:
    entry = VOCAB.resolve("indication", name)
    if entry is not None:
        return IndicationRef(key=entry.key, name=entry.name)
    return IndicationRef(key=slugify(name), name=name, known=False)


def org(name: str, org_class: str = "INDUSTRY") -> Organization:
    entry = VOCAB.resolve("organization", name)
    return Organization(
        key=entry.key if entry else slugify(name),
        name=entry.name if entry else name,
        org_class=org_class,
    )


def meta(
    sid: str, kind: str, date: str | None, level: str | None = None, title: str = ""
) -> SourceMeta:
    return SourceMeta(
        id=sid,
        kind=kind,  # type: ignore[arg-type]
        title=title or f"source {sid}",
        date=date,
        url=f"https://example.org/{sid}",
        publisher="test",
        evidence_level=level,  # type: ignore[arg-type]
        content_hash=f"hash-{sid}",
        loader="test",
        loader_version="1",
    )


def trial(
    nct: str,
    date: str,
    conditions: list[str],
    arms: list[tuple[str, list[TherapyRef]]],
    phases: list[str],
    status: str = "RECRUITING",
    sponsor: str = "Test Pharma",
) -> TrialRecord:
    therapies: dict[str, TherapyRef] = {}
    out_arms = []
    for n, (role, members) in enumerate(arms, start=1):
        for t in members:
            therapies.setdefault(t.key, t)
        out_arms.append(
            Arm(
                label=f"Arm {n}",
                role=role,  # type: ignore[arg-type]
                therapy_keys=[t.key for t in members],
                has_placebo=role == "placebo-comparator",
            )
        )
    level = "pivotal" if "PHASE3" in phases else "early-clinical"
    return TrialRecord(
        source=meta(nct, "trial", date, level, title=f"trial {nct}"),
        nct_id=nct,
        brief_title=f"trial {nct}",
        overall_status=status,
        phases=phases,
        study_type="INTERVENTIONAL",
        first_posted=date,
        lead_sponsor=org(sponsor),
        conditions=conditions,
        indications=[indication(c) for c in conditions],
        therapies=list(therapies.values()),
        arms=out_arms,
    )


def ref(kind: str, name: str) -> EntityRef:
    if kind in ("modality", "barrier"):
        return EntityRef(kind=kind, key=name, name=name)  # type: ignore[arg-type]
    entry = VOCAB.resolve(kind, name)
    if entry is not None:
        return EntityRef(kind=kind, key=entry.key, name=entry.name)  # type: ignore[arg-type]
    return EntityRef(kind=kind, key=slugify(name), name=name, known=False)  # type: ignore[arg-type]


def relation(
    kind: str, s: EntityRef, o: EntityRef, text: str, sentence: str, detail: str | None = None
) -> Relation:
    start = text.index(sentence)
    return Relation(
        kind=kind,  # type: ignore[arg-type]
        subject=s,
        object=o,
        evidence=Evidence(sentence=sentence, start=start, end=start + len(sentence)),
        detail=detail,
    )


def article(
    sid: str,
    date: str,
    level: str,
    text: str,
    therapies: list[TherapyRef],
    mentions: list[EntityRef],
    relations: list[Relation],
) -> ArticleRecord:
    return ArticleRecord(
        source=meta(sid, "article", date, level, title=f"article {sid}"),
        text=text,
        mentions=mentions,
        therapies=therapies,
        relations=relations,
    )


IN_VIVO_TEXT = (
    "In vivo CAR-T skips the need for apheresis and centralized manufacturing. "
    "The therapy would need to demonstrate non-inferiority to approved CAR-T products "
    "like idecabtagene vicleucel. "
    "In vivo CAR-T may compete with existing ex vivo CAR-T. "
    "ESO-T01 is being tested in multiple myeloma. "
    "Autologous CAR-T faces reimbursement and infrastructure barriers."
)
RIVAL_TEXT = "Iberdomide is positioned as a direct rival to ide-cel in relapsed myeloma."
COMPLEMENT_TEXT = "Teclistamab could complement ide-cel as a bridging option."


def records() -> list[TrialRecord | ArticleRecord]:
    ide, cilta = therapy("ide-cel"), therapy("cilta-cel")
    dara, pom, dex = therapy("daratumumab"), therapy("pomalidomide"), therapy("dexamethasone")
    bort, len_ = therapy("bortezomib"), therapy("lenalidomide")
    cy, flu = therapy("cyclophosphamide"), therapy("fludarabine")
    chemo = therapy("standard chemotherapy", category="generic")
    tec, elra, talq = therapy("teclistamab"), therapy("elranatamab"), therapy("talquetamab")
    axi, glofit = therapy("axi-cel"), therapy("glofitamab")
    kyv, rese = therapy("KYV-101"), therapy("rese-cel")
    stopped = therapy("ZX-901", modality="car-t-autologous")
    out: list[TrialRecord | ArticleRecord] = [
        trial(
            "NCT90000001",
            "2019-03-01",
            ["relapsed or refractory multiple myeloma"],
            [("experimental", [ide, cy, flu]), ("active-comparator", [dara, pom, dex])],
            ["PHASE3"],
            "ACTIVE_NOT_RECRUITING",
            "Bristol Myers Squibb",
        ),
        trial(
            "NCT90000002",
            "2020-06-01",
            ["relapsed or refractory multiple myeloma"],
            [("experimental", [cilta]), ("active-comparator", [pom, bort, dex])],
            ["PHASE3"],
            "ACTIVE_NOT_RECRUITING",
            "Johnson & Johnson",
        ),
        trial(
            "NCT90000003",
            "2021-03-01",
            ["multiple myeloma"],
            [("experimental", [tec])],
            ["PHASE2"],
            "COMPLETED",
            "Johnson & Johnson",
        ),
        trial(
            "NCT90000004",
            "2021-06-01",
            ["multiple myeloma"],
            [("experimental", [elra])],
            ["PHASE2"],
            "COMPLETED",
            "Pfizer",
        ),
        trial(
            "NCT90000005",
            "2021-09-01",
            ["multiple myeloma"],
            [("experimental", [talq])],
            ["PHASE1"],
            "RECRUITING",
            "Johnson & Johnson",
        ),
        trial(
            "NCT90000006",
            "2022-01-01",
            ["newly diagnosed multiple myeloma"],
            [("experimental", [len_]), ("placebo-comparator", [])],
            ["PHASE3"],
            "COMPLETED",
            "Celgene",
        ),
        trial(
            "NCT90000007",
            "2022-02-01",
            ["multiple myeloma"],
            [("experimental", [stopped])],
            ["PHASE1"],
            "WITHDRAWN",
            "Zeta Cell",
        ),
        trial(
            "NCT90000008",
            "2022-05-01",
            ["multiple myeloma"],
            [("experimental", [chemo, dex])],
            ["PHASE2"],
            "RECRUITING",
            "Some University",
        ),
        trial(
            "NCT90000010",
            "2018-01-01",
            ["large B-cell lymphoma"],
            [("experimental", [axi]), ("active-comparator", [])],
            ["PHASE3"],
            "COMPLETED",
            "Kite",
        ),
        trial(
            "NCT90000011",
            "2021-01-01",
            ["diffuse large B-cell lymphoma"],
            [("experimental", [glofit])],
            ["PHASE2"],
            "RECRUITING",
            "Roche",
        ),
        trial(
            "NCT90000020",
            "2023-01-01",
            ["lupus nephritis"],
            [("experimental", [kyv])],
            ["PHASE1"],
            "RECRUITING",
            "Kyverna Therapeutics",
        ),
        trial(
            "NCT90000021",
            "2023-02-01",
            ["systemic lupus erythematosus"],
            [("experimental", [rese])],
            ["PHASE1"],
            "RECRUITING",
            "Cabaletta Bio",
        ),
    ]
    invivo = ref("modality", "car-t-in-vivo")
    auto = ref("modality", "car-t-autologous")
    ide_r, eso_r = ref("therapy", "ide-cel"), ref("therapy", "ESO-T01")
    t = IN_VIVO_TEXT
    out.append(
        article(
            "in-vivo-car-t-2026",
            "2026-03-25",
            "early-clinical",
            t,
            therapies=[therapy("ide-cel"), therapy("ESO-T01")],
            mentions=[invivo, auto, ref("indication", "multiple myeloma")],
            relations=[
                relation(
                    "addresses_barrier",
                    invivo,
                    ref("barrier", "apheresis"),
                    t,
                    "In vivo CAR-T skips the need for apheresis and centralized manufacturing.",
                ),
                relation(
                    "addresses_barrier",
                    invivo,
                    ref("barrier", "manufacturing-capacity"),
                    t,
                    "In vivo CAR-T skips the need for apheresis and centralized manufacturing.",
                ),
                relation(
                    "head_to_head",
                    invivo,
                    ide_r,
                    t,
                    "The therapy would need to demonstrate non-inferiority to approved CAR-T "
                    "products like idecabtagene vicleucel.",
                    "non_inferiority",
                ),
                relation(
                    "competes_with",
                    invivo,
                    auto,
                    t,
                    "In vivo CAR-T may compete with existing ex vivo CAR-T.",
                ),
                relation(
                    "has_indication",
                    eso_r,
                    ref("indication", "multiple myeloma"),
                    t,
                    "ESO-T01 is being tested in multiple myeloma.",
                ),
                relation(
                    "faces_barrier",
                    auto,
                    ref("barrier", "reimbursement"),
                    t,
                    "Autologous CAR-T faces reimbursement and infrastructure barriers.",
                ),
                relation(
                    "faces_barrier",
                    auto,
                    ref("barrier", "treatment-centres"),
                    t,
                    "Autologous CAR-T faces reimbursement and infrastructure barriers.",
                ),
            ],
        )
    )
    out.append(
        article(
            "iberdomide-rival-2024",
            "2024-06-01",
            "early-clinical",
            RIVAL_TEXT,
            therapies=[therapy("iberdomide"), therapy("ide-cel")],
            mentions=[],
            relations=[
                relation(
                    "competes_with", ref("therapy", "iberdomide"), ide_r, RIVAL_TEXT, RIVAL_TEXT
                ),
            ],
        )
    )
    out.append(
        article(
            "tec-complement-2023",
            "2023-05-01",
            "pivotal",
            COMPLEMENT_TEXT,
            therapies=[therapy("teclistamab"), therapy("ide-cel")],
            mentions=[],
            relations=[
                relation(
                    "complements",
                    ref("therapy", "teclistamab"),
                    ide_r,
                    COMPLEMENT_TEXT,
                    COMPLEMENT_TEXT,
                ),
            ],
        )
    )
    return out


def build_store(
    recs: list[TrialRecord | ArticleRecord] | None = None, vocab: Vocabulary = VOCAB
) -> OxigraphStore:
    store = OxigraphStore(None)
    store.ensure_vocabulary(vocab)
    for rec in recs if recs is not None else records():
        store.replace_source(record_triples(rec))
    return store


def indexed_store(path: Path) -> OxigraphStore:
    """An on-disk store at ``path`` with an analysis index (made as ``tlkg reindex`` does),
    opened for writing with the index kept current at each write."""
    first = OxigraphStore(path)
    maintain.reindex(first)
    first.close()
    store = OxigraphStore(path)
    maintain.attach(store)
    return store
