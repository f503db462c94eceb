"""Print the README's "What the bundled demo corpus answers" block: the real answers of
the demo corpus, abridged from the commands' ``--json`` output.

    python scripts/readme_examples.py            # print the block
    python scripts/readme_examples.py --write    # put it into README.md

``tests/test_readme_examples.py`` checks that README.md holds exactly this block, so the
README's example output never drifts from what the code answers.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START = "```text\n$ tlkg competitors ide-cel"
END = "```\n"


def tlkg(store: Path, *args: str) -> Any:
    out = subprocess.run(
        [sys.executable, "-m", "tlkg", "--store", str(store), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(out.stdout) if "--json" in args else out.stdout


def _kinds(competitor: dict[str, Any]) -> str:
    return ", ".join(
        r["kind"] + (" (modality level)" if r["level"] == "modality" else "")
        for r in competitor["reasons"]
    )


def _names(refs: list[dict[str, Any]]) -> str:
    """Claims by name; a therapy reached through its modality's claim marked * (as the
    CLI's table marks it)."""
    return ", ".join(r["name"] + ("*" if r.get("kind") == "via_modality" else "") for r in refs)


def block(store: Path) -> str:
    """The example block (with its fences) for a store holding the demo corpus."""
    lines = ["```text", "$ tlkg competitors ide-cel --limit 4 --json     # name, score, reasons"]
    for c in tlkg(store, "competitors", "ide-cel", "--limit", "4", "--json"):
        lines.append(f"{c['therapy']['name']:<25} {c['score']:>5}  {_kinds(c)}")
    lines += ["", '$ tlkg landscape "multiple myeloma" --json     # by modality (highest phase)']
    view = tlkg(store, "landscape", "multiple myeloma", "--json")
    for group in view["groups"]:
        items = [
            t["therapy"]["name"] + (f" ({t['highest_phase']})" if t["highest_phase"] else "")
            for t in group["therapies"]
        ]
        lines.append(f"{group['modality']['name']:<26} {', '.join(items)}")
    lines += [
        "",
        "$ tlkg barriers --json                         # faced by | addressed by",
        "#   (* a therapy the claim about its modality reaches)",
    ]
    for b in tlkg(store, "barriers", "--json"):
        if b["faced_by"] or b["addressed_by"]:
            faced, addressed = _names(b["faced_by"]), _names(b["addressed_by"])
            lines.append(f"{b['name']:<23} {faced} | {addressed}".rstrip())
    lines += ["", '$ tlkg clusters --indication "multiple myeloma" --json   # label: members']
    for c in tlkg(store, "clusters", "--indication", "multiple myeloma", "--json")["clusters"]:
        members = ", ".join(m["therapy"]["name"] for m in c["members"])
        lines.append(f"{c['id']}. {c['label']:<34} {members}")
    lines += ["", "$ tlkg crowding --target CD19 --json             # programmes per year"]
    for y in tlkg(store, "crowding", "--target", "CD19", "--json")["years"]:
        phases = ", ".join(f"{k} {n}" for k, n in y["by_phase"].items())
        lines.append(f"{y['year']}  {y['programmes']:>2}  {phases}")
    lines += [
        "",
        '$ tlkg changes --since 2024-06-01 --indication "multiple myeloma" --json',
        "#   date, kind, therapy: detail (each change also lists its sources)",
    ]
    since = ("--since", "2024-06-01", "--indication", "multiple myeloma", "--json")
    for c in tlkg(store, "changes", *since)["changes"]:
        lines.append(f"{c['date']}  {c['kind']:<12} {c['therapy']['name']}: {c['detail']}")
    lines += ["", "$ tlkg search abecma --json"]
    first = tlkg(store, "search", "abecma", "--json")[0]
    lines.append("[" + json.dumps(first, ensure_ascii=False) + ", ...]")
    return "\n".join(lines) + "\n```\n"


def demo_block() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        demo = ROOT / "tlkg/demo"
        tlkg(store, "load", str(demo / "trials"), str(demo / "articles"))
        return block(store)


def replace_block(readme: str, new: str) -> str:
    start = readme.index(START)
    end = readme.index(END, start + len(START)) + len(END)
    return readme[:start] + new + readme[end:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the block into README.md")
    args = parser.parse_args()
    new = demo_block()
    if args.write:
        README.write_text(replace_block(README.read_text("utf-8"), new), "utf-8")
    else:
        sys.stdout.write(new)


if __name__ == "__main__":
    main()
