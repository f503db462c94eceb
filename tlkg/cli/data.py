"""The commands on the graph as RDF data: ``query`` (read-only SPARQL), ``export`` (RDF
serializations, GraphML, KGX) and ``validate`` (SHACL)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tlkg.cli.context import AsOfOpt, JsonOpt, fail, state, store_for


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


def query_cmd(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, or a file holding it")],
    fmt: Annotated[QueryFormat, typer.Option("--format", help="Output format")] = QueryFormat.table,
) -> None:
    """Run a read-only SPARQL query over all graphs (their union is the default graph)."""
    from tlkg.graph.store.user_query import QueryRefused, run_user_query

    text = sparql
    path = Path(sparql)
    if len(sparql) < 4096 and "\n" not in sparql and path.is_file():
        text = path.read_text("utf-8")
    with store_for(index=False) as store:
        try:
            result = run_user_query(store, text, fmt.value)
        except QueryRefused as exc:
            fail(str(exc))
    sys.stdout.buffer.write(result)
    if not result.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")


class ExportFormat(StrEnum):
    turtle = "turtle"
    nquads = "nquads"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    kgx = "kgx"


def export_cmd(
    fmt: Annotated[ExportFormat, typer.Argument(help="Output format")],
    out_path: Annotated[Path, typer.Argument(metavar="OUT", help="File (or folder for kgx)")],
    competition: Annotated[
        bool,
        typer.Option(
            "--competition",
            help="graphml only: the competition network (therapies, scored competitor edges)",
        ),
    ] = False,
    indication: Annotated[
        str | None,
        typer.Option("--indication", help="With --competition: the therapies of this indication"),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="With --competition: competitors per therapy")
    ] = 20,
    as_of: AsOfOpt = None,
) -> None:
    """Export the graph: turtle/nquads/trig/jsonld (RDF), graphml, kgx (Biolink TSV); or,
    with --competition, what competes with what as GraphML."""
    from tlkg.cli.render import out

    if competition or indication is not None or as_of is not None:
        if fmt is not ExportFormat.graphml:
            fail("--competition, --indication and --as-of apply to graphml only")
        if not competition:
            fail("--indication and --as-of need --competition")
        from tlkg.graph.exports import competition_graph

        with store_for(index=False) as store:
            written = competition_graph.write(
                store, state.vocab, out_path, indication=indication, limit=limit, as_of=as_of
            )
        out.print(f"wrote {written}", highlight=False)
        return
    from tlkg.graph.exports import rdf as export

    with store_for(index=False) as store:
        written = export.export(store, fmt.value, out_path)
    out.print(f"wrote {written}", highlight=False)


def validate_cmd(json_out: JsonOpt = False) -> None:
    """Check the stored graph against the SHACL shapes. Exit 1 when it does not conform."""
    from tlkg.cli.render import emit_json, print_validation
    from tlkg.graph.exports.validate import validate

    with store_for(index=False) as store:
        report = validate(store)
    if json_out:
        emit_json(report)
    else:
        print_validation(report)
    if not report.conforms:
        raise typer.Exit(1)
