"""The README's example output is the real output of the demo corpus: the block under
"What the bundled demo corpus answers" equals what ``scripts/readme_examples.py`` prints
(run it with ``--write`` after a change that moves the answers)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_example_output_is_the_demo_corpus_output() -> None:
    spec = importlib.util.spec_from_file_location(
        "readme_examples", ROOT / "scripts/readme_examples.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (ROOT / "README.md").read_text("utf-8")
    expected = module.demo_block()
    assert expected in readme, (
        "README example output is stale: python scripts/readme_examples.py --write"
    )
