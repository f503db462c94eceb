"""Hostile and broken input, loaded beside good files through the real CLI (a subprocess
with a 3 GB address-space limit).

Every kind of bad input gets exactly ONE line on stderr naming the file (or the zip entry,
or the JSON Lines line) and the problem; the good files still load; the exit status is 1;
there is no traceback; nothing is written outside the store (a zip entry named
``../../x`` never becomes a file); nothing of /etc/passwd (XXE) or of a page's scripts
reaches the store; the peak memory stays under 1 GB although the corpus holds a 300 MB zip
bomb, a 50 MB line and a 200 MB JSON Lines line.

The corpus is generated in a temporary folder at test time (``build_corpus``); the good
studies are the fixture study NCT03418623 under new NCT IDs.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest

from tlkg.graph.ingest import pipeline as ingest
from tlkg.graph.ingest.summary import LoadIssue
from tlkg.graph.store.base import Prepared
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.base import Document, LoadError, one_line
from tlkg.loaders.files import iter_documents
from tlkg.loaders.registry import MAX_ERRORS_PER_DOCUMENT, parse_document
from tlkg.ontology.vocab import Vocabulary

FIXTURES = Path(__file__).parent / "fixtures"
STUDY = FIXTURES / "ctgov" / "NCT03418623.json"
PUBMED = FIXTURES / "literature" / "efetch_citation_22663011.xml"
ARTICLE = FIXTURES / "articles" / "in-vivo-car-t-faster-path-2026-03-25.txt"
GOOD_COUNT = 70  # more than ingest.PARALLEL_MIN_DOCUMENTS: the worker processes run too
MEMORY_LIMIT = 3 * 1024**3  # RLIMIT_AS of the CLI and its workers
PEAK_RSS_LIMIT = 1024**3
MB = 1024 * 1024


# ---- the corpus ---------------------------------------------------------------------------
def study(nct: str, **changes: Any) -> dict[str, Any]:
    """The fixture study under another NCT ID; ``changes`` set identification fields."""
    data: dict[str, Any] = orjson.loads(STUDY.read_bytes())
    ident = data["protocolSection"]["identificationModule"]
    ident["nctId"] = nct
    ident.update(changes)
    return data


def study_bytes(nct: str, **changes: Any) -> bytes:
    return orjson.dumps(study(nct, **changes))


def _minimal(nct: str, **modules: Any) -> bytes:
    """A study holding only its NCT ID and the given protocol modules."""
    return orjson.dumps({"protocolSection": {"identificationModule": {"nctId": nct}, **modules}})


@dataclass
class Case:
    """One kind of bad (or odd) input: the file(s) it writes, the errors it must give
    (``errors`` lines naming ``name``, each matching ``message``), and the sources that
    must load from it."""

    name: str
    write: Callable[[Path], None]
    message: str = ""
    errors: int = 1
    loads: list[str] = field(default_factory=list)


def _file(data: bytes | str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return write


def _zip(entries: dict[str, bytes]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries.items():
                archive.writestr(name, data)

    return write


def _zip_bomb(path: Path) -> None:
    """300 MB of zeros in one entry, written in 1 MB steps (never 300 MB in memory)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("zeros.json", "w", force_zip64=True) as fh,
    ):
        zeros = bytes(MB)
        for _ in range(300):
            fh.write(zeros)


def _damaged_zip(path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("study.json", study_bytes("NCT09100901") * 3)
    data = bytearray(buf.getvalue())
    data[200:260] = b"\xff" * 60  # inside the deflated data: a zlib error on reading
    path.write_bytes(bytes(data))


def _cut_zip(path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("study.json", study_bytes("NCT09100902"))
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


def _nested_zip(path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("study.json", study_bytes("NCT09100903"))
    _zip({"inner.zip": inner.getvalue()})(path)


def _huge_line(path: Path) -> None:
    """A 50 MB single line: a study whose title is 50 MB, written in 1 MB steps."""
    head, tail = study_bytes("NCT09100904", briefTitle="@@TITLE@@").split(b"@@TITLE@@")
    with open(path, "wb") as fh:
        fh.write(head)
        for _ in range(50):
            fh.write(b"A" * MB)
        fh.write(tail)


def _sparse_jsonl(path: Path) -> None:
    """A 200 MB line of NUL bytes (a sparse file: no disk used), then a good study."""
    with open(path, "wb") as fh:
        fh.seek(200 * MB)
        fh.write(b"\n" + study_bytes("NCT09100905") + b"\n")


def _deep(opening: str, closing: str, depth: int = 200_000) -> bytes:
    return ('{"protocolSection": ' + opening * depth + "1" + closing * depth + "}").encode()


def _many_interventions(path: Path) -> None:
    data = study("NCT09100906")
    arms = data["protocolSection"]["armsInterventionsModule"]
    arms["interventions"] = [
        {"type": "DRUG", "name": f"XB-{i} 10 mg", "armGroupLabels": [f"Arm {i % 50}"]}
        for i in range(10_000)
    ]
    arms["armGroups"] = [{"label": f"Arm {i}", "type": "EXPERIMENTAL"} for i in range(50)]
    path.write_bytes(orjson.dumps(data))


def _html_with_scripts() -> str:
    paragraphs = [line for line in ARTICLE.read_text("utf-8").splitlines()[3:] if line.strip()]
    body = "".join(f"<p>{p}</p>\n<script>alert('pwned-inline')</script>\n" for p in paragraphs)
    return (
        "<!doctype html><html><head><title>Scripts everywhere: in vivo CAR-T</title>"
        '<meta name="date" content="2026-03-25">'
        "<script>document.write('pwned-head')</script></head>"
        "<body onload=\"alert('pwned-onload')\"><article><h1>Scripts everywhere</h1>"
        f'<img src="x" onerror="alert(\'pwned-attr\')">{body}'
        "<iframe src=\"javascript:alert('pwned-iframe')\"></iframe></article></body></html>"
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
CT_XML = (
    "<clinical_study><id_info><nct_id>{nct}</nct_id></id_info>"
    "<brief_title>{title}</brief_title><condition>Multiple Myeloma</condition>"
    "</clinical_study>"
)
PUBMED_XML = (
    "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article>"
    "<ArticleTitle>{title}</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
    "</PubmedArticleSet>"
)
LATIN1_ARTICLE = (
    "# Étude: thérapies CAR-T in vivo pour le myélome multiple\n\nPublished: Mar 25, 2026\n\n"
    + "Les chercheurs décrivent une thérapie CAR-T in vivo, sans aphérèse ni fabrication "
    "centralisée, comparée à idecabtagene vicleucel chez des patients atteints de myélome. " * 3
)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink(target: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.symlink_to(target)

    return write


def _bad_name_file(raw: bytes) -> Callable[[Path], None]:
    """A garbage file whose name is the raw bytes (a newline, a terminal escape, bytes that
    are not UTF-8); ``path`` is only used for its folder."""

    def write(path: Path) -> None:
        with open(os.path.join(os.fsencode(path.parent), raw), "wb") as fh:
            fh.write(b"\x00\x01 not a document \x02")

    return write


def build_corpus(root: Path) -> list[Case]:
    root.mkdir(parents=True, exist_ok=True)
    good = root / "good"
    good.mkdir()
    for i in range(GOOD_COUNT):
        (good / f"NCT097{i:05d}.json").write_bytes(study_bytes(f"NCT097{i:05d}"))
    (root / "sub").mkdir()
    rng = random.Random(8)
    pubmed = PUBMED.read_bytes()
    jsonl_good = [study_bytes(f"NCT0920000{i}") for i in range(1, 4)]
    cases = [
        # -- JSON that is broken or not a study
        Case("truncated.json", _file(study_bytes("NCT09100001")[:3000]), "invalid or truncated"),
        Case("invalid.json", _file('{"protocolSection": {"x": 1,}}'), "invalid or truncated"),
        Case("not-a-study.json", _file('{"hello": "world"}'), "unsupported format"),
        Case("page-not-a-list.json", _file('{"studies": "none"}'), "expected an array"),
        Case("v1-classic.json", _file((FIXTURES / "ctgov/NCT04780763.json").read_bytes()), "v1"),
        Case("nulls.json", _file("[" + ",".join(["null"] * 100_000) + "]"), "unsupported"),
        Case(
            "study-then-nulls.json",
            _file(b"[" + study_bytes("NCT09100002") + b"," + b",".join([b"null"] * 100_000) + b"]"),
            "expected a study object, got null|more error",
            errors=MAX_ERRORS_PER_DOCUMENT + 1,
            loads=["NCT09100002"],
        ),
        # -- wrong types, NCT IDs
        Case("title-number.json", _file(study_bytes("NCT09100003", briefTitle=42)), "a string"),
        Case(
            "conditions-string.json",
            _file(_minimal("NCT09100004", conditionsModule={"conditions": "Myeloma"})),
            "conditions: expected an array",
        ),
        Case(
            "phase-numbers.json",
            _file(_minimal("NCT09100005", designModule={"phases": [1, 2]})),
            r"phases\[0\]: expected a string",
        ),
        Case(
            "missing-nct.json",
            _file(orjson.dumps({"protocolSection": {"identificationModule": {}}})),
            "missing or invalid NCT ID",
        ),
        Case(
            "script-nct.json",
            _file(study_bytes("NCT<script>alert(1)</script>")),
            "missing or invalid NCT ID",
        ),
        Case("nct-number.json", _file(study_bytes(12345678)), "a string"),  # type: ignore[arg-type]
        # -- nesting, numbers, strings
        Case("deep-array.json", _file(_deep("[", "]")), "invalid or truncated JSON: depth"),
        Case("deep-object.json", _file(_deep('{"a":', "}")), "invalid or truncated JSON: depth"),
        Case(
            "huge-number.json",
            _file(
                study_bytes("NCT09100006").replace(
                    b'"nctId"', b'"big": ' + b"9" * 400 + b', "nctId"'
                )
            ),
            "infinity",
        ),
        Case(
            "nan.json",
            _file(study_bytes("NCT09100007").replace(b'"nctId"', b'"x": NaN, "nctId"')),
            "invalid or truncated",
        ),
        Case(
            "float-enrollment.json",
            _file(_minimal("NCT09100008", designModule={"enrollmentInfo": {"count": 1e300}})),
            "expected an integer",
        ),
        Case(
            "surrogate.json",
            _file(study_bytes("NCT09100009").replace(b'"nctId"', b'"x": "\\ud800", "nctId"')),
            "surrogate",
        ),
        Case(
            "raw-nul.json",
            _file(study_bytes("NCT09100010").replace(b'"nctId"', b'"x": "a\x00b", "nctId"')),
            "control character",
        ),
        Case(
            "escaped-nul.json",
            _file(study_bytes("NCT09100011", briefTitle="A\u0000B\u001b[31m")),
            errors=0,
            loads=["NCT09100011"],
        ),
        Case("huge-line.json", _huge_line, "text too long"),
        Case("many-interventions.json", _many_interventions, errors=0, loads=["NCT09100906"]),
        # -- encodings
        Case("empty.json", _file(b""), "empty file"),
        Case("blank.txt", _file(b"  \n\t\r\n"), "empty file"),
        Case("random.bin", _file(rng.randbytes(100_000)), "unsupported format"),
        Case("utf16.json", _file(json.dumps(study("NCT09100012")).encode("utf-16")), "UTF-16"),
        Case(
            "latin1.json",
            _file(
                json.dumps(study("NCT09100013", briefTitle="Étude"), ensure_ascii=False).encode(
                    "latin-1"
                )
            ),
            "not UTF-8 text",
        ),
        Case(
            "bom.json",
            _file(b"\xef\xbb\xbf" + study_bytes("NCT09100014")),
            errors=0,
            loads=["NCT09100014"],
        ),
        Case("latin1-article.txt", _file(LATIN1_ARTICLE.encode("latin-1")), errors=0),
        # -- other formats
        Case("table.csv", _file("nct,title,phase\n" + "NCT09100015,a b c,2\n" * 50), "unsupported"),
        Case("paper.pdf", _file(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"), "PDF"),
        Case("study.json.gz", _file(gzip.compress(study_bytes("NCT09100016"))), "gzip"),
        Case(
            "enormous-title.txt",
            _file("# " + "Title words " * 120_000 + "\n\nBody text."),
            "article text too long",
        ),
        # -- XML
        Case(
            "billion-laughs.xml",
            _file(BILLION_LAUGHS + CT_XML.format(nct="NCT09100017", title="&lol9;")),
            "not allowed",
        ),
        Case(
            "billion-laughs-pubmed.xml",
            _file(BILLION_LAUGHS + PUBMED_XML.format(pmid="1", title="&lol9;")),
            "not allowed",
        ),
        Case(
            "xxe.xml", _file(XXE + CT_XML.format(nct="NCT09100018", title="&xxe;")), "not allowed"
        ),
        Case(
            "xxe-pubmed.xml", _file(XXE + PUBMED_XML.format(pmid="2", title="&xxe;")), "not allowed"
        ),
        Case(
            "external-dtd-pubmed.xml",
            _file(
                '<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet SYSTEM "file:///etc/passwd">\n'
                + PUBMED_XML.format(pmid="3", title="An external DTD is never read")
            ),
            errors=0,
            loads=["pmid-3"],
        ),
        Case("pubmed-doctype.xml", _file(pubmed), errors=0, loads=["pmid-22663011"]),
        Case(
            "deep.xml",
            _file(
                "<PubmedArticleSet>" + "<a>" * 200_000 + "</a>" * 200_000 + "</PubmedArticleSet>"
            ),
            "malformed XML",
        ),
        Case(
            "deep-ctgov.xml",
            _file("<clinical_study>" + "<a>" * 200_000 + "</a>" * 200_000 + "</clinical_study>"),
            "missing or invalid NCT ID",
        ),
        Case("wrong-root.xml", _file("<root><clinical_study/></root>"), "not a <clinical_study>"),
        Case(
            "truncated.xml",
            _file(CT_XML.format(nct="NCT09100019", title="x")[:60]),
            "invalid or truncated XML",
        ),
        # -- HTML
        Case("scripts.html", _file(_html_with_scripts()), errors=0),
        Case(
            "only-scripts.html",
            _file(
                "<html><head><script>var a = 1;</script></head><body>"
                + "<script>alert('x')</script>" * 50
                + "</body></html>"
            ),
            "no main text",
        ),
        Case(
            "deep.html",
            _file("<html><body>" + "<div>" * 20_000 + "x" + "</div>" * 20_000 + "</body></html>"),
            "no main text",
        ),
        # -- JSON Lines
        Case(
            "mixed.jsonl",
            _file(b"{oops\n" + b"\n".join(jsonl_good) + b'\n{"protocolSection": 1}\n'),
            r"line [15]: ",
            errors=2,
            loads=["NCT09200001", "NCT09200002", "NCT09200003"],
        ),
        Case("sparse.jsonl", _sparse_jsonl, "line too long", loads=["NCT09100905"]),
        # -- zip files
        Case("bomb.zip", _zip_bomb, "zip bomb"),
        Case(
            "slip.zip",
            _zip(
                {
                    "../../x": study_bytes("NCT09100020"),
                    "../../evil.json": b"\x00garbage",
                    "/abs/path.json": study_bytes("NCT09100021"),
                }
            ),
            "binary",
            loads=["NCT09100020", "NCT09100021"],
        ),
        Case("damaged.zip", _damaged_zip, "cannot read zip entry"),
        Case("cut.zip", _cut_zip, "damaged zip"),
        Case("nested.zip", _nested_zip, "zip archive inside a zip"),
        # -- file system oddities
        Case("fifo.json", _fifo, "not a regular file"),
        Case("passwd-link.json", _symlink("/etc/passwd"), "symbolic link"),
        Case("folder-link", _symlink("/etc"), "symbolic link"),
        Case("loop-link.json", _symlink("loop-link.json"), "symbolic link"),
        Case("sub/bad\nname\x1b[31m.json", _bad_name_file(b"bad\nname\x1b[31m.json"), "binary"),
        Case("sub/bad\udcffbyte.json", _bad_name_file(b"bad\xffbyte.json"), "binary"),
        Case("sub/[bold]markup[red].json", _bad_name_file(b"[bold]markup[red].json"), "binary"),
    ]
    for case in cases:
        case.write(root / case.name)
    return cases


# ---- running the CLI ---------------------------------------------------------------------
_WRAPPER = """
import os, resource, subprocess, sys
limit = int(os.environ["TLKG_TEST_AS_LIMIT"])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
code = subprocess.run(sys.argv[1:]).returncode
with open(os.environ["TLKG_TEST_RSS_FILE"], "w") as fh:
    fh.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


# The second, --json, run loads these again (the good ones are then unchanged).
JSON_RUN = [
    "good",
    "sub",
    "slip.zip",
    "mixed.jsonl",
    "study-then-nulls.json",
    "utf16.json",
    "scripts.html",
    "bomb.zip",
]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    peak_rss: int  # bytes, the largest of the CLI and its worker processes


def run_cli(args: list[str], cwd: Path, home: Path) -> Run:
    rss_file = home.parent / "rss.txt"
    env = {
        **os.environ,
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "TLKG_TEST_AS_LIMIT": str(MEMORY_LIMIT),
        "TLKG_TEST_RSS_FILE": str(rss_file),
        "COLUMNS": "80",
    }
    env.pop("TLKG_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "tlkg", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=300,
    )
    rss = int(rss_file.read_text()) * 1024
    rss_file.unlink()
    return Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
        rss,
    )


@dataclass
class World:
    root: Path
    corpus: Path
    store: Path
    cwd: Path
    home: Path
    cases: list[Case]
    before: set[Path]
    text_run: Run
    json_run: Run
    dump: str


def _tree(root: Path) -> set[Path]:
    found: set[Path] = set()
    for folder, dirs, files in os.walk(root, followlinks=False):
        found.update(Path(folder) / name for name in [*dirs, *files])
    return found


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("bad")
    corpus = root / "corpus"
    cases = build_corpus(corpus)
    store = root / "store"
    cwd = root / "cwd" / "a" / "b"  # so that "../../x" would land in root/cwd
    home = root / "home"
    for folder in (cwd, home / "tmp"):
        folder.mkdir(parents=True)
    before = _tree(root)
    text_run = run_cli(["--store", str(store), "load", str(corpus), "/dev/zero"], cwd, home)
    again = [str(corpus / name) for name in JSON_RUN]
    json_run = run_cli(["--store", str(store), "load", *again, "--json"], cwd, home)
    out = root / "home" / "dump.nq"
    export = run_cli(["--store", str(store), "export", "nquads", str(out)], cwd, home)
    assert export.code == 0, export.stderr
    dump = out.read_text("utf-8")
    out.unlink()
    return World(root, corpus, store, cwd, home, cases, before, text_run, json_run, dump)


def _error_lines(run: Run) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.strip()]


def _owner(cases: list[Case], corpus: Path, path: str) -> Case | None:
    """The case a reported path belongs to: the file itself, a zip entry (``!``) or a
    JSON Lines range (``:``)."""
    for case in cases:
        shown = one_line(str(corpus / case.name))
        if path == shown or path.startswith((shown + "!", shown + ":")):
            return case
    return None


# ---- the tests ---------------------------------------------------------------------------
def test_each_bad_input_gives_one_line_naming_it_and_the_rest_loads(world: World) -> None:
    run = world.text_run
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    lines = _error_lines(run)
    assert all(line.startswith("error: ") for line in lines), lines
    assert "\x1b" not in run.stderr and "\x1b" not in run.stdout  # no terminal escapes
    per_case: dict[str, list[str]] = {c.name: [] for c in world.cases}
    stray = []
    for line in lines:
        path_and_message = line.removeprefix("error: ")
        owner = next(
            (
                c
                for c in world.cases
                if path_and_message.startswith(
                    tuple(one_line(str(world.corpus / c.name)) + sep for sep in ":!")
                )
            ),
            None,
        )
        if owner is None:
            stray.append(line)
        else:
            per_case[owner.name].append(line)
    assert stray == ["error: /dev/zero: not a regular file (a pipe, socket or device); skipped"]
    wrong = {
        name: found
        for name, found in per_case.items()
        if len(found) != next(c for c in world.cases if c.name == name).errors
    }
    assert not wrong, wrong
    for case in world.cases:
        for line in per_case[case.name]:
            assert re.search(case.message, line), (case.name, line)
    summary = " ".join(run.stdout.split())  # (the console may wrap it)
    expected_errors = sum(c.errors for c in world.cases) + 1
    assert f"{expected_errors} error(s)" in summary, summary


def test_good_files_load_beside_the_bad_ones(world: World) -> None:
    ids = {
        line.split("> ")[0].rsplit("/", 1)[-1]
        for line in world.dump.splitlines()
        if line.startswith("<https://w3id.org/tlkg/id/source/")
    }
    expected = {f"NCT097{i:05d}" for i in range(GOOD_COUNT)}
    for case in world.cases:
        expected |= set(case.loads)
    assert expected <= ids, sorted(expected - ids)
    # the latin-1 article, the page with scripts and the good zip entries are there too
    assert any("etude" in i for i in ids), sorted(ids)
    assert any("scripts-everywhere" in i for i in ids), sorted(ids)
    # and nothing from the files that failed
    failed = {"NCT09100001", "NCT09100003", "NCT09100012", "NCT09100013", "NCT09100016"}
    assert not failed & ids


def test_json_summary_names_each_failed_input(world: World) -> None:
    run = world.json_run
    assert run.code == 1, run.stderr
    assert run.stderr == ""  # --json: the errors are in the JSON, nothing else is printed
    summary = json.loads(run.stdout)
    assert summary["loaded"] == 0  # the second run: every good source is unchanged
    assert summary["skipped"] == GOOD_COUNT + 2 + 3 + 1 + 1  # good, zip, jsonl, json, html
    errors = summary["errors"]
    again = [c for c in world.cases if c.name.split("/")[0] in JSON_RUN]
    assert len(errors) == sum(c.errors for c in again)
    for error in errors:
        assert set(error) == {"path", "error"}
        assert _owner(world.cases, world.corpus, error["path"]) is not None, error
        assert "\n" not in error["path"] + error["error"]
        assert "\x1b" not in error["path"] + error["error"]
    paths = {e["path"] for e in errors}
    assert one_line(str(world.corpus / "sub" / "bad\nname\x1b[31m.json")) in paths
    assert str(world.corpus / "sub" / "bad\\nname\\x1b[31m.json") in paths
    assert str(world.corpus / "sub" / "bad\\udcffbyte.json") in paths


def test_nothing_is_written_outside_the_store(world: World) -> None:
    after = {p for p in _tree(world.root) if world.store not in (p, *p.parents)}
    assert after == world.before
    assert not list(world.cwd.iterdir())
    assert not (world.root / "cwd" / "x").exists() and not (world.root / "x").exists()
    assert not list((world.home / "tmp").iterdir())


def test_no_file_content_or_script_reaches_the_store(world: World) -> None:
    passwd = Path("/etc/passwd")
    if passwd.exists():
        first_user = passwd.read_text().split(":", 1)[0]
        assert f"{first_user}:x:" not in world.dump
    assert "pwned" not in world.dump and "alert(" not in world.dump
    assert "lollol" not in world.dump


def test_memory_stays_bounded(world: World) -> None:
    with zipfile.ZipFile(world.corpus / "bomb.zip") as archive:
        assert archive.getinfo("zeros.json").file_size == 300 * MB  # a real 300 MB bomb
    assert (world.corpus / "huge-line.json").stat().st_size > 50 * MB
    for run in (world.text_run, world.json_run):
        assert run.peak_rss < PEAK_RSS_LIMIT, f"peak RSS {run.peak_rss / MB:.0f} MB"


# ---- the parts, in process ---------------------------------------------------------------
def test_one_line_escapes_control_characters_and_bidi_overrides() -> None:
    assert one_line("a\nb\rc\x1b[31md\u202ee\udcff\x00") == (
        "a\\nb\\rc\\x1b[31md\\u202ee\\udcff\\x00"
    )
    assert one_line("x" * 5000, limit=100) == "x" * 99 + "…"
    error = LoadError("dir/evil\n.json", "bad\x1b[2J")
    assert str(error) == "dir/evil\\n.json: bad\\x1b[2J"
    assert "\n" not in str(error)


def test_one_document_reports_a_bounded_number_of_errors(vocab: Vocabulary) -> None:
    data = orjson.dumps([None] * 1000 + [study("NCT09300001")])
    items = list(parse_document(Document("many-nulls.json", data), vocab))
    errors = [i for i in items if isinstance(i, LoadError)]
    assert len(errors) == MAX_ERRORS_PER_DOCUMENT + 1
    assert errors[-1].message == "980 more error(s) in this document not shown"
    assert [i.source.id for i in items if not isinstance(i, LoadError)] == ["NCT09300001"]


def test_jsonl_bad_first_line_does_not_hide_the_good_ones(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    path = tmp_path / "studies.jsonl"
    lines = [b'{"protocolSection": {"truncated'] + [
        study_bytes(f"NCT0940000{i}") for i in range(1, 4)
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    found = [
        item
        for doc in iter_documents([path])
        if not isinstance(doc, LoadError)
        for item in parse_document(doc, vocab)
    ]
    assert [str(i) for i in found if isinstance(i, LoadError)] == [
        f"{path}:1-4: line 1: invalid or truncated JSON: unexpected end of data: line 1 "
        "column 32 (char 31)"
    ]
    ids = [i.source.id for i in found if not isinstance(i, LoadError)]
    assert ids == ["NCT09400001", "NCT09400002", "NCT09400003"]


def test_jsonl_chunks_are_bounded_in_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tlkg.loaders import files

    monkeypatch.setattr(files, "JSONL_CHUNK_BYTES", 1000)
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"".join(study_bytes(f"NCT0950000{i}") + b"\n" for i in range(1, 6)))
    docs = [d for d in iter_documents([path]) if isinstance(d, Document)]
    assert len(docs) == 5  # each study is > 1000 bytes: one per chunk
    assert [d.jsonl_line for d in docs] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "bad_nt",
    [
        '<https://x/s> <https://x/p> "lone \ud800 surrogate" .\n',  # cannot be encoded
        "<https://x/s> <https://x/p> <not an iri> .\n",  # cannot be parsed
    ],
    ids=["surrogate", "bad-iri"],
)
@pytest.mark.parametrize("on_disk", [False, True], ids=["memory", "disk"])
def test_a_source_the_store_refuses_fails_alone(
    tmp_path: Path, vocab: Vocabulary, bad_nt: str, on_disk: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store refusing one source's data must not fail its whole batch: the batch is
    written again source by source, and only the bad source is reported."""
    folder = tmp_path / "in"
    folder.mkdir()
    # Files are read in name order: the bad source is in the middle of the batch.
    for name, nct in (("a", "NCT09600001"), ("b", "NCT09600009"), ("c", "NCT09600002")):
        (folder / f"{name}.json").write_bytes(study_bytes(nct))
    prepare = ingest.prepare_documents

    def spoil(docs: list[Document], *args: Any) -> list[Prepared | LoadIssue]:
        return [
            dataclasses.replace(p, data_nt=p.data_nt + bad_nt)
            if isinstance(p, Prepared) and p.source_id == "NCT09600009"
            else p
            for p in prepare(docs, *args)
        ]

    monkeypatch.setattr(ingest, "prepare_documents", spoil)
    store = OxigraphStore(tmp_path / "store" if on_disk else None)
    try:
        summary = ingest.load(store, [folder], vocab, workers=1)
        assert sorted(store.source_ids()) == ["NCT09600001", "NCT09600002"]
        assert [(e.path, e.error.split(":")[0]) for e in summary.errors] == [
            (str(folder / "b.json"), "NCT09600009")
        ]
        assert "the store refused this source" in summary.errors[0].error
        assert summary.loaded == 2 and summary.added == 2
        good = prepare(
            [Document(str(folder / f), (folder / f).read_bytes()) for f in ("a.json", "c.json")],
            vocab,
        )
        assert summary.triples == sum(p.triples for p in good if isinstance(p, Prepared))
        graphs = {str(q.graph_name.value) for q in store.quads() if hasattr(q.graph_name, "value")}
        assert "https://w3id.org/tlkg/graph/source/NCT09600009" not in graphs
        if on_disk:
            assert not (tmp_path / "store" / ".tlkg-journal").exists()
    finally:
        store.close()


def test_regular_files_only(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    found = list(iter_documents([fifo, "/dev/zero"]))
    assert [str(e) for e in found] == [
        f"{fifo}: not a regular file (a pipe, socket or device); skipped",
        "/dev/zero: not a regular file (a pipe, socket or device); skipped",
    ]


def test_long_separator_runs_in_names_stay_fast(vocab: Vocabulary) -> None:
    """Patterns starting with a run of separators were quadratic: a 20,000-space
    intervention name took minutes."""
    import time

    from tlkg.loaders import articles
    from tlkg.loaders.ctgov import interventions as ctgov
    from tlkg.loaders.text import extract

    hostile = "a" + " " * 20_000 + "a"
    start = time.perf_counter()
    ctgov.clean_intervention_name(hostile)
    ctgov._parenthetical("(" + " " * 20_000)
    articles.parse_text_article("x" + "[*a" * 20_000)
    articles.parse_text_article("x" + "*a," * 20_000)
    extract.extract("Title\n" + "Acme Inc. developed " * 1000, vocab, has_title=True)
    extract.extract("Title\n" + "vs " * 20_000, vocab, has_title=True)
    assert time.perf_counter() - start < 20
