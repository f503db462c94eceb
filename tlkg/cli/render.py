"""How the CLI prints: one-line escaped messages, JSON output, the tables of the analysis
commands and the progress bars (rich's progress module imported only when a bar shows),
on the two consoles of ``console.py``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import BaseModel
from rich.markup import escape
from rich.table import Table

from tlkg.cli.console import err, out

if TYPE_CHECKING:
    from rich.progress import Progress

    from tlkg.graph.exports.validate import ValidationReport
    from tlkg.graph.ingest.pipeline import LoadSummary
    from tlkg.graph.services.models import (
        Barrier,
        BarrierClaim,
        Competitor,
        Landscape,
        ModalityComparison,
        Resolution,
        SearchHit,
        Source,
        Therapy,
        TherapyDetail,
    )
    from tlkg.graph.services.models_field import Changes, Clusters, Crowding


def one_line(text: str) -> str:
    """``tlkg.loaders.base.one_line``, imported when a message is printed: an answer
    printed without one never loads the loaders' record models."""
    from tlkg.loaders.base import one_line as printable

    return printable(text)


def line(text: str) -> str:
    """A message printed as is: one line (control characters escaped), no markup."""
    return escape(one_line(text))


class ErrorStyle:
    """How errors are printed: one ``error: …`` line, or, when the command line asked for
    ``--json``, one JSON object ``{"error": …}`` (set once, by ``main``)."""

    json = False


def print_error(message: str) -> None:
    """The error on stderr, in one line (JSON under ``--json``)."""
    if ErrorStyle.json:
        sys.stderr.buffer.write(orjson.dumps({"error": one_line(message)}) + b"\n")
        sys.stderr.flush()
        return
    err.print(f"[red]error:[/red] {line(message)}", highlight=False, soft_wrap=True)


def emit_json(data: Any) -> None:
    """Print ``data`` (a model, a list of models or plain data) as indented JSON on stdout."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if isinstance(d, BaseModel) else d for d in data]
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


# ---- load -----------------------------------------------------------------------------------
def print_load_summary(summary: LoadSummary, sync: bool = False) -> None:
    for issue in summary.errors:
        print_error(f"{issue.path}: {issue.error}")
    out.print(
        f"loaded {summary.loaded} source(s) ({summary.added} added, {summary.changed} changed), "
        f"{summary.skipped} unchanged, "
        + (f"{summary.removed} removed, " if sync else "")
        + (f"{summary.archived} earlier version(s) kept as history, " if summary.archived else "")
        + f"{len(summary.errors)} error(s); {summary.triples} triples written",
        highlight=False,
    )


def _bar(verb: str, detail: str, *, eta: bool) -> Progress:
    """A transient rich progress bar on stderr: spinner, verb, bar, count, ``detail`` (a
    text column, may name task fields), elapsed time and, with ``eta``, time remaining.
    rich.progress is imported here, when a bar is shown, to keep start-up light."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [
        SpinnerColumn(),
        TextColumn(f"[bold]{verb}[/bold]"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        TextColumn(detail),
        TimeElapsedColumn(),
        *([TimeRemainingColumn()] if eta else []),
    ]
    return Progress(*columns, console=err, transient=True)


@contextmanager
def load_progress(enabled: bool, total: int | None) -> Iterator[Callable[[str], None] | None]:
    """A progress bar with rate and ETA on a terminal (documents read so far)."""
    if not enabled:
        yield None
        return
    with _bar("loading", "{task.fields[rate]}", eta=True) as progress:
        task = progress.add_task("load", total=total, rate="")
        every = 50

        def tick(_name: str) -> None:
            progress.advance(task)
            done = progress.tasks[0].completed
            elapsed = progress.tasks[0].elapsed or 0
            if elapsed > 0 and done % every == 0:
                progress.update(task, rate=f"{done / elapsed:,.0f} docs/s")

        yield tick


@contextmanager
def fetch_progress(enabled: bool) -> Iterator[Callable[[int, int | None], None] | None]:
    """A progress bar with count and rate on a terminal (studies written so far)."""
    if not enabled:
        yield None
        return
    with _bar("fetching", "{task.fields[rate]}", eta=False) as progress:
        task = progress.add_task("fetch", total=None, rate="")
        first: list[int] = []

        def tick(fetched: int, total: int | None) -> None:
            if not first:
                first.append(fetched)
            elapsed = progress.tasks[0].elapsed or 0
            rate = f"{(fetched - first[0]) / elapsed:,.1f} studies/s" if elapsed > 0 else ""
            progress.update(task, completed=fetched, total=total, rate=rate)

        yield tick


@contextmanager
def index_progress(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal while the analysis index reads graphs from the store,
    shown only once there is work for it (an index that is current shows nothing)."""
    if not enabled:
        yield None
        return
    progress = _bar("indexing", "graphs", eta=True)
    tasks: list[Any] = []

    def tick(done: int, total: int) -> None:
        if not tasks:
            progress.start()
            tasks.append(progress.add_task("index", total=total))
        progress.update(tasks[0], completed=done, total=total)

    try:
        yield tick
    finally:
        if tasks:
            progress.stop()


# ---- catalogue: sources, therapies, show ----------------------------------------------------
def print_sources(items: list[Source]) -> None:
    table = Table("id", "kind", "date", "version", "evidence", "title")
    for s in items:
        version = s.version or ""
        if s.superseded_on:
            version += f" (until {s.superseded_on})"
        title = (s.title or "")[:70]
        table.add_row(s.id, s.kind, s.date or "", version, s.evidence_level or "", title)
    out.print(table)


def print_therapies(items: list[Therapy]) -> None:
    table = Table("id", "name", "modality", "targets", "phase", "trials")
    for t in items:
        table.add_row(
            t.id,
            t.name,
            t.modality.name if t.modality else "",
            ", ".join(r.name for r in t.targets),
            t.highest_phase or "",
            str(len(t.trials)),
        )
    out.print(table)
    out.print(f"{len(items)} therapies", highlight=False)


def print_therapy(t: TherapyDetail) -> None:
    out.print(f"[bold]{t.name}[/bold]  ({t.id})")
    rows = [
        ("aliases", ", ".join(t.aliases)),
        (
            "modality",
            (t.modality.name if t.modality else "")
            + (" (inferred)" if t.modality_inferred else ""),
        ),
        ("targets", ", ".join(r.name for r in t.targets)),
        ("indications", ", ".join(r.name for r in t.indications)),
        ("developers", ", ".join(r.name for r in t.developers)),
        ("highest phase", t.highest_phase or ""),
        ("trials", ", ".join(t.trials)),
    ]
    for k, v in rows:
        out.print(f"  {k:>14}: {v}", highlight=False)
    out.print(f"  {'sources':>14}: {len(t.sources)}", highlight=False)
    for b in t.barriers:
        how = f"via {b.via.name}" if b.via else "stated"
        how += ", overridden by its own source" if b.overridden else ""
        cited = ", ".join(src.id for src in b.sources[:3])
        out.print(escape(f"  {b.stance} {b.barrier.name} ({how}) [{cited}]"), highlight=False)
    for ev in t.evidence:
        out.print(
            f"  - {ev.subject.name} {ev.relation} {ev.object.name} [{ev.source.id}]: "
            f"\u201c{ev.sentence}\u201d",
            highlight=False,
        )


def print_resolution(r: Resolution) -> None:
    out.print(f"[bold]{r.leader.name}[/bold]  ({r.leader.id})", highlight=False)
    if r.matched.id != r.leader.id:
        out.print(f"  {r.name!r} is {r.matched.name} ({r.matched.id}), merged into it")
    for m in r.members:
        xrefs = f"  {' '.join(m.xrefs)}" if m.xrefs else ""
        out.print(f"  member: {m.name} ({m.id}){xrefs}", highlight=False)
    if r.ingredient:
        out.print(f"  formulation of: {r.ingredient.name} ({r.ingredient.id})", highlight=False)
    for f in r.formulations:
        out.print(f"  formulation: {f.name} ({f.id})", highlight=False)
    modality = r.modality.name if r.modality else "unknown"
    origin = " (inferred from a name)" if r.modality_inferred else ""
    stated = f" [{sources_brief(r.modality_sources, len(r.modality_sources))}]"
    out.print(f"  modality: {modality}{origin}{stated if r.modality_sources else ''}")
    for label, items in (("merged", r.merges), ("refused", r.refused)):
        for e in items:
            a, b = (x.name for x in e.between)
            why = f" — refused: {e.refused}" if e.refused else ""
            where = sources_brief(e.sources, len(e.sources)) if e.sources else "vocabulary"
            out.print(
                f"  {label}: {a} = {b} by {e.kind}: {e.detail} [{where}]{why}", highlight=False
            )


# ---- analysis: competitors, landscape, barriers, search -------------------------------------
def sources_brief(sources: list[Any], total: int, shown: int = 3) -> str:
    """The first ``shown`` source ids, then how many more there are."""
    ids = ", ".join(s.id for s in sources[:shown])
    more = total - min(len(sources), shown)
    return f"{ids}, +{more} more" if more > 0 else ids


def print_competitors(items: list[Competitor]) -> None:
    table = Table("#", "competitor", "score", "phase", "reasons (sources)", show_lines=True)
    for n, c in enumerate(items, start=1):
        reasons = []
        for r in c.reasons:
            level = " (modality level)" if r.level == "modality" else ""
            reasons.append(
                f"[bold]{r.kind}[/bold]{level}: {escape(r.detail)} "
                f"[dim]({escape(sources_brief(r.sources, r.source_count))})[/dim]"
            )
        if c.complements:
            reasons.append("[italic]also stated to complement (not scored)[/italic]")
        table.add_row(
            str(n),
            escape(c.therapy.name),
            f"{c.score:g}",
            escape(c.highest_phase or ""),
            "\n".join(reasons),
        )
    out.print(table)
    out.print(f"{len(items)} competitors", highlight=False)


def print_landscape(result: Landscape) -> None:
    out.print(f"[bold]{escape(result.indication.name)}[/bold]")
    shown = 0
    for group in result.groups:
        part = (
            ""
            if len(group.therapies) == group.total
            else f" ({len(group.therapies)} of {group.total})"
        )
        table = Table(
            "therapy",
            "phase",
            "status",
            "targets",
            "developers",
            "trials",
            title=escape(group.modality.name) + part,
            title_justify="left",
        )
        for t in group.therapies:
            table.add_row(
                escape(t.therapy.name),
                escape(t.highest_phase or ""),
                escape(t.status or ""),
                escape(", ".join(r.name for r in t.targets)),
                escape(", ".join(r.name for r in t.developers)),
                str(t.trial_count),
            )
        shown += len(group.therapies)
        out.print(table)
    out.print(landscape_footer(result, shown), highlight=False)


def landscape_footer(result: Landscape, shown: int) -> str:
    """The landscape's size (therapies, modalities) and, when this page is not all of
    it, which therapies it shows and the option that gives the next page."""
    whole = f"{result.total} therapies in {len(result.counts)} modalities"
    if shown == result.total:
        return whole
    if not shown:
        return f"{whole}; none from --offset {result.offset}"
    first, last = result.offset + 1, result.offset + shown
    more = f" (next: --offset {last})" if last < result.total else ""
    return f"{whole}; showing {first}-{last}{more}"


def print_comparison(cmp: ModalityComparison) -> None:
    a, b = escape(cmp.a.name), escape(cmp.b.name)
    out.print(f"[bold]{a}[/bold] compared with [bold]{b}[/bold]")
    table = Table("barrier", a, b, "evidence")
    for st in cmp.barriers:
        table.add_row(
            escape(st.barrier.name),
            st.a or "",
            st.b or "",
            escape(" / ".join(x or "-" for x in (st.a_evidence_level, st.b_evidence_level))),
        )
    out.print(table)
    for label, refs in (
        ("removed", cmp.removed),
        ("kept", cmp.kept),
        ("introduced", cmp.introduced),
    ):
        out.print(f"  {label:>10}: {escape(', '.join(r.name for r in refs))}", highlight=False)
    for label, refs in ((a, cmp.a_programmes), (b, cmp.b_programmes)):
        out.print(
            f"  programmes of {label}: {escape(', '.join(r.name for r in refs))}",
            highlight=False,
        )


def print_barriers(items: list[Barrier]) -> None:
    table = Table("barrier", "faced by", "addressed by")
    for item in items:
        table.add_row(
            escape(item.name),
            escape(_claim_names(item.faced_by)),
            escape(_claim_names(item.addressed_by)),
        )
    out.print(table)
    out.print(
        "* inferred from a claim about the therapy's modality; "
        "(overridden): the therapy's own source says otherwise",
        highlight=False,
    )


def _claim_names(claims: list[BarrierClaim]) -> str:
    """Stated claims by name; therapies reached through their modality's claim marked *."""
    return ", ".join(
        c.name
        + ("*" if c.kind == "via_modality" else "")
        + (" (overridden)" if c.overridden else "")
        for c in claims
    )


def print_search(hits: list[SearchHit]) -> None:
    table = Table("id", "name", "type", "score", "matched")
    for h in hits:
        table.add_row(escape(h.id), escape(h.name), h.type, f"{h.score:g}", escape(h.matched or ""))
    out.print(table)


# ---- validate -------------------------------------------------------------------------------
def print_validation(report: ValidationReport) -> None:
    out.print("conforms" if report.conforms else "does NOT conform", highlight=False)
    for v in report.violations[:50]:
        out.print(f"  - {v.focus}: {v.message} ({v.path})", highlight=False)


def print_clusters(result: Clusters) -> None:
    out.print(f"[bold]{escape(result.indication.name)}[/bold]")
    for c in result.clusters:
        table = Table(
            "therapy",
            "modality",
            "targets",
            "phase",
            "strength",
            title=f"{c.id}. {escape(c.label)}",
            title_justify="left",
        )
        for m in c.members:
            table.add_row(
                escape(m.therapy.name),
                escape(m.modality.name if m.modality else ""),
                escape(", ".join(t.name for t in m.targets)),
                escape(m.highest_phase or ""),
                f"{m.strength:g}",
            )
        out.print(table)
        shared = ", ".join(f"{f.feature.name} ({f.members})" for f in c.shared)
        out.print(f"shared: {escape(shared or 'nothing')}", highlight=False)
    if result.unclustered:
        names = ", ".join(r.name for r in result.unclustered)
        out.print(f"unclustered: {escape(names)}", highlight=False)
    out.print(
        f"{len(result.clusters)} clusters, {len(result.unclustered)} unclustered", highlight=False
    )


def print_crowding(result: Crowding) -> None:
    out.print(f"[bold]{escape(result.about.name)}[/bold] ({result.scope})")
    from tlkg.graph.services.crowding import BY_PHASE_ORDER  # not on every command's start

    seen = {p for y in result.years for p in y.by_phase}
    phases = [p for p in BY_PHASE_ORDER if p in seen]
    table = Table("year", "programmes", *phases, "new")
    for y in result.years:
        table.add_row(
            str(y.year),
            str(y.programmes),
            *(str(y.by_phase.get(p, "")) for p in phases),
            escape(", ".join(r.name for r in y.new)),
        )
    out.print(table)
    if result.undated_approvals:
        names = ", ".join(r.name for r in result.undated_approvals)
        out.print(
            f"approved per the vocabulary (undated, ranked by dated evidence): {escape(names)}",
            highlight=False,
        )


def print_changes(result: Changes) -> None:
    scope = [f"{k} {escape(r.name)}" for k, r in result.scope if r is not None]
    until = result.until or "today"
    out.print(
        f"[bold]Changes {result.since} -> {until}[/bold]"
        + (f" ({', '.join(scope)})" if scope else ""),
        highlight=False,
    )
    if not result.changes:
        out.print("no changes")
        return
    table = Table("date", "kind", "therapy", "what", "sources")
    for c in result.changes:
        ids = sorted(
            {s.id if s.superseded_on is None else f"{s.id}@{s.version}" for s in c.sources}
        )
        table.add_row(
            c.date or "", c.kind, escape(c.therapy.name), escape(c.detail), escape(", ".join(ids))
        )
    out.print(table)
