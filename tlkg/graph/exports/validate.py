"""SHACL validation of the stored graph (pyshacl) against ``ontology/shapes.ttl``."""

from __future__ import annotations

from importlib import resources

from pydantic import BaseModel, Field
from rdflib import Graph
from rdflib.namespace import SH

from tlkg.graph.store.base import GraphStore
from tlkg.graph.store.updates import ontology_text


class Violation(BaseModel):
    focus: str
    path: str | None = None
    message: str
    severity: str


class ValidationReport(BaseModel):
    conforms: bool
    violations: list[Violation] = Field(default_factory=list)


def shapes_graph() -> Graph:
    text = resources.files("tlkg.ontology").joinpath("shapes.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def validate_graph(data: Graph) -> ValidationReport:
    from pyshacl import validate as shacl_validate

    ontology = Graph().parse(data=ontology_text(), format="turtle")
    conforms, results, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
    )
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        violations.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                path=str(results.value(result, SH.resultPath) or "") or None,
                message=str(results.value(result, SH.resultMessage) or ""),
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or ""))
    return ValidationReport(conforms=bool(conforms), violations=violations)


def validate(store: GraphStore) -> ValidationReport:
    """Validate the union of every graph (source claims, metadata and vocabulary)."""
    data = Graph()
    for triple in store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        data.add(triple)
    return validate_graph(data)
