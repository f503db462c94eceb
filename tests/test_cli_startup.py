"""The CLI's start-up imports only what the command it runs needs (issue 15): building the
typer app, ``tlkg --help``, ``--version`` and shell completion load no RDF, SPARQL, web,
graph or model library, and a command answered from the analysis index loads no SPARQL
parser. Behaviour, not speed (bench/cli_startup.py measures the time); every check runs
the entry point in a fresh interpreter."""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tlkg.cli import field
from tlkg.cli.main import app, app_for, command_named
from tlkg.graph.services.competition import DEFAULT_LIMIT
from tlkg.ontology.vocab_cache import FOLDER_NAME

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tlkg" / "demo"

# What no command line may load before it knows which command runs.
HEAVY = (
    "rdflib",
    "pyparsing",
    "pyoxigraph",
    "oxrdflib",
    "pydantic",
    "pydantic_settings",
    "fastapi",
    "starlette",
    "uvicorn",
    "networkx",
    "rapidfuzz",
    "httpx",
    "lxml",
    "pyshacl",
    "trafilatura",
    "orjson",
    "sqlite3",
    "tlkg.settings",
    "tlkg.api",
    "tlkg.loaders",
    "tlkg.graph.store",
    "tlkg.graph.analysis",
    "tlkg.graph.ingest",
    "tlkg.graph.exports",
    "tlkg.graph.rdf",
    "tlkg.ontology",
)
# What a command answered from the analysis index must not load (its answer never parses
# SPARQL with rdflib, nor serves, nor clusters).
NOT_ON_THE_INDEX_PATH = (
    "rdflib",  # the answers read plain strings from the index (ontology/namespace.py)
    "tlkg.loaders",  # nor the loaders' record models, nor the mapping that uses them
    "tlkg.graph.rdf.triples",
    "tlkg.graph.rdf.index_rows",
    "rdflib.plugins.sparql",
    "pyparsing",
    "fastapi",
    "uvicorn",
    "networkx",
    "tlkg.api",
    "tlkg.graph.store.union_set",
    "pydantic_settings",  # tlkg/settings.py reads the environment itself
    "asyncio",
)

# Runs the entry point (tlkg.cli.main:main, as the ``tlkg`` script does) with the given
# arguments and writes the names of the modules loaded by then to a file, at exit.
RUN = """
import atexit, json, sys
out, *args = sys.argv[1:]
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["tlkg", *args]
from tlkg.cli.main import main
main()
"""


def run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``tlkg ARGS`` in a fresh interpreter: its result and the modules it loaded."""
    listing = tmp_path / "modules.json"
    proc = subprocess.run(
        [sys.executable, "-c", RUN, str(listing), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )
    return proc, set(json.loads(listing.read_text("utf-8")))


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """The members of ``names`` loaded (themselves or a submodule)."""
    return sorted(n for n in names if any(m == n or m.startswith(n + ".") for m in modules))


def test_importing_the_cli_loads_no_heavy_library() -> None:
    code = "import json, sys\nimport tlkg.cli.main\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded(set(json.loads(proc.stdout)), HEAVY) == []


@pytest.mark.parametrize("args", [["--help"], [], ["--version"]])
def test_help_and_version_load_no_heavy_library(tmp_path: Path, args: list[str]) -> None:
    proc, modules = run(tmp_path, *args)
    assert proc.returncode in (0, 2), proc.stderr  # no arguments: help, exit status 2
    assert loaded(modules, HEAVY) == []
    if args == ["--version"]:
        assert re.fullmatch(r"tlkg \d+\.\d+\.\d+\S*\n", proc.stdout)


def _normalised(text: str) -> str:
    """Help text without rich's box drawing and line wrapping."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def _first_paragraph(doc: str | None) -> str:
    return " ".join(inspect.cleandoc(doc or "").split("\n\n")[0].split())


def test_help_lists_every_command_with_its_help(tmp_path: Path) -> None:
    proc, _ = run(tmp_path, "--help")
    assert proc.returncode == 0, proc.stderr
    listed = _normalised(proc.stdout)
    commands = [(c.name, _first_paragraph(c.callback.__doc__)) for c in app.registered_commands]
    groups = [
        (g.name, g.typer_instance and g.typer_instance.info.help) for g in app.registered_groups
    ]
    assert len(commands) == 19 and [name for name, _ in groups] == ["fetch"]
    for name, text in [*commands, *groups]:
        assert name and text
        assert f" {name} {_normalised(str(text))}" in listed, name


def test_shell_completion_loads_no_heavy_library(tmp_path: Path) -> None:
    env = {"_TLKG_COMPLETE": "complete_bash", "COMP_WORDS": "tlkg comp", "COMP_CWORD": "1"}
    proc, modules = run(tmp_path, env=env)
    assert proc.stdout.split() == ["competitors"]
    # typer itself coerces the completion's values with pydantic; nothing of tlkg's is loaded
    assert loaded(modules, tuple(n for n in HEAVY if n != "pydantic")) == []


def test_a_command_s_own_help_names_its_options(tmp_path: Path) -> None:
    proc, modules = run(tmp_path, "landscape", "--help")
    assert proc.returncode == 0, proc.stderr
    assert all(o in proc.stdout for o in ("--limit", "--offset", "--as-of", "--json"))
    assert loaded(modules, ("rdflib", "pyoxigraph", "tlkg.graph.services.landscape")) == []


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["competitors", "x"], "competitors"),
        (["--store", "show", "landscape", "y"], "landscape"),  # a value, not the command
        (["--store=s", "--memory", "--vocab", "v.toml", "show", "x"], "show"),
        (["--endpoint", "http://e", "--update-endpoint", "http://u", "query", "q"], "query"),
        (["--version"], None),
        (["--help"], None),
        (["--store"], None),
        (["--bogus", "show"], None),
        ([], None),
    ],
)
def test_the_command_a_command_line_names(args: list[str], name: str | None) -> None:
    assert command_named(args) == name


def test_a_command_runs_in_an_app_of_that_command_only(monkeypatch: pytest.MonkeyPatch) -> None:
    one = app_for(["--store", "s", "show", "x"])
    assert [c.name for c in one.registered_commands] == ["show"]
    assert one.registered_callback is app.registered_callback
    for whole in (["fetch", "trials"], ["frobnicate"], ["--help"], ["--version"]):
        assert app_for(whole) is app
    monkeypatch.setenv("_TLKG_COMPLETE", "complete_bash")
    assert app_for(["show", "x"]) is app


def test_clusters_default_limit_is_the_services() -> None:
    # A literal in the CLI (typer reads it at import; the service is imported when it runs).
    assert field.CLUSTERS_LIMIT == DEFAULT_LIMIT


@pytest.fixture(scope="module")
def indexed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus in an on-disk store with its analysis index."""
    store = tmp_path_factory.mktemp("startup") / "store"
    for args in (["load", str(DEMO / "trials"), str(DEMO / "articles")], ["reindex"]):
        subprocess.run(
            [sys.executable, "-m", "tlkg", "--store", str(store), *args],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    return store


@pytest.mark.parametrize(
    "args",
    [
        ["competitors", "idecabtagene vicleucel"],
        ["show", "idecabtagene vicleucel"],
        ["landscape", "multiple myeloma", "--json"],
    ],
)
def test_answers_from_the_index_load_no_sparql_parser(
    tmp_path: Path, indexed_store: Path, args: list[str]
) -> None:
    proc, modules = run(tmp_path, "--store", str(indexed_store), *args)
    assert proc.returncode == 0, proc.stderr
    assert "idecabtagene vicleucel" in proc.stdout
    assert "tlkg.graph.services.sqlite_facts" in modules
    assert loaded(modules, NOT_ON_THE_INDEX_PATH) == []


def test_a_user_query_still_parses_and_refuses(tmp_path: Path, indexed_store: Path) -> None:
    # The SPARQL parser moved into the functions that use it: the guard still works.
    store = str(indexed_store)
    proc, modules = run(tmp_path, "--store", store, "query", "DELETE WHERE { ?s ?p ?o }")
    assert proc.returncode == 2
    assert "read-only" in proc.stderr
    assert "rdflib.plugins.sparql" in modules
    ask = "ASK FROM <https://w3id.org/tlkg/graph/meta> { ?s ?p ?o }"
    proc, _ = run(tmp_path, "--store", store, "query", ask, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["boolean"] is True


PLUGINS = """
import atexit, os, sys
atexit.register(lambda: print(repr(os.environ.get("PYDANTIC_DISABLE_PLUGINS"))))
sys.argv = ["tlkg", "--version"]
from tlkg.cli.main import main
main()
"""


@pytest.mark.parametrize(("given", "seen"), [(None, "'__all__'"), ("", "''"), ("x", "'x'")])
def test_the_entry_point_turns_pydantic_plugin_discovery_off(given: str | None, seen: str) -> None:
    # pydantic scans every installed package's entry points for plugins unless the
    # variable is set; a value the caller set (an empty one: every plugin) is kept.
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if given is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = given
    proc = subprocess.run(
        [sys.executable, "-c", PLUGINS], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == seen


def test_the_vocabulary_is_read_back_from_the_cache(tmp_path: Path, indexed_store: Path) -> None:
    # The first command parses the vocabulary and caches it in the store's folder; the
    # next one reads it back (no TOML parser), with the same answer.
    store = tmp_path / "store"
    shutil.copytree(indexed_store, store)
    shutil.rmtree(store / FOLDER_NAME, ignore_errors=True)
    args = ("--store", str(store), "competitors", "idecabtagene vicleucel", "--json")
    first, modules = run(tmp_path, *args)
    assert first.returncode == 0, first.stderr
    assert "tomllib" in modules
    assert len(list((store / FOLDER_NAME).glob("vocab-*.pickle"))) == 1
    second, modules = run(tmp_path, *args)
    assert second.returncode == 0, second.stderr
    assert "tomllib" not in modules
    assert second.stdout == first.stdout
