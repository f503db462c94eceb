"""The CLI's progress bars (load, fetch, index): shown on a terminal with their verb, count
and detail, and nothing at all when disabled (not a terminal, or --json)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from tlkg.cli import render


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120)
    monkeypatch.setattr(render, "err", console)
    return buffer


def test_load_bar_counts_documents(screen: io.StringIO) -> None:
    with render.load_progress(True, 3) as tick:
        assert tick is not None
        for name in ("a", "b", "c"):
            tick(name)
    text = screen.getvalue()
    assert "loading" in text and "3/3" in text


def test_fetch_bar_counts_studies(screen: io.StringIO) -> None:
    with render.fetch_progress(True) as tick:
        assert tick is not None
        tick(100, 250)
        tick(250, 250)
    text = screen.getvalue()
    assert "fetching" in text and "250/250" in text


def test_index_bar_shows_only_when_there_is_work(screen: io.StringIO) -> None:
    with render.index_progress(True) as tick:
        assert tick is not None
    assert screen.getvalue() == ""
    with render.index_progress(True) as tick:
        assert tick is not None
        tick(2, 4)
        tick(4, 4)
    text = screen.getvalue()
    assert "indexing" in text and "graphs" in text and "4/4" in text


@pytest.mark.parametrize("bar", [render.fetch_progress, render.index_progress])
def test_disabled_bars_draw_nothing(screen: io.StringIO, bar: object) -> None:
    with bar(False) as tick:  # type: ignore[operator]
        assert tick is None
    with render.load_progress(False, 3) as tick:
        assert tick is None
    assert screen.getvalue() == ""
