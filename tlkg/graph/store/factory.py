"""Open the store the settings name: a remote SPARQL endpoint or the embedded Oxigraph store."""

from __future__ import annotations

import os
from pathlib import Path

from tlkg.graph.store.base import GraphStore
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.settings import Settings


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
