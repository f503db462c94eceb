"""Open the store the settings name: a remote SPARQL endpoint or the embedded Oxigraph store."""

from __future__ import annotations

import os
from pathlib import Path

from tlkg.graph.store.base import GraphStore
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.settings import Settings


def store_folder(settings: Settings) -> Path | None:
    """The folder of the embedded on-disk store the settings name, when it holds one (None
    for a remote or in-memory store, or before the first load creates it)."""
    if settings.endpoint or settings.memory:
        return None
    path = Path(os.path.expanduser(str(settings.store)))
    return path if (path / "CURRENT").exists() else None


def open_store(settings: Settings, *, write: bool = False) -> GraphStore:
    """The store the settings name: a remote SPARQL endpoint when one is set, else the
    embedded store. Readers open the embedded store read-only so that they never block,
    or are blocked by, a writer."""
    if settings.endpoint:
        from tlkg.graph.store.remote import RemoteStore

        return RemoteStore.from_settings(settings, write=write)
    if settings.memory:
        return OxigraphStore(None)
    path = Path(os.path.expanduser(str(settings.store)))
    if write:
        return OxigraphStore(path)
    return OxigraphStore(path, read_only=True)
