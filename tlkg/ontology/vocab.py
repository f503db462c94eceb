"""The seed vocabulary (and users' own files): known therapies, targets, indications and
organisations with their aliases. Plain TOML, read with the standard library.

File format (see ``docs/vocabulary.md``)::

    [[therapy]]
    name = "idecabtagene vicleucel"          # canonical name; its slug is the key
    aliases = ["ide-cel", "Abecma", "bb2121"]
    modality = "car-t-autologous"            # a modality key from tlkg.ttl
    targets = ["BCMA"]                       # target names or aliases
    indications = ["multiple myeloma"]       # indication names or aliases
    approved_for = ["relapsed or refractory multiple myeloma"]
    developers = ["Bristol Myers Squibb"]

    [[target]]
    name = "BCMA"
    aliases = ["B-cell maturation antigen", "TNFRSF17"]

    [[indication]]
    name = "relapsed or refractory multiple myeloma"
    key = "relapsed-or-refractory-multiple-myeloma"  # optional: a stable key (a slug)
    aliases = ["RRMM"]
    broader = ["multiple myeloma"]
    mesh = []                                # only MeSH ids verified from real records
    xrefs = []                               # the same as CURIEs, any kind: ["MESH:D001374"]

    [[organization]]
    name = "EsoBiotec"
    acquired_by = "AstraZeneca"

Later files extend earlier ones: an entry with a name (or alias) already known adds its
aliases and facts to that entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tlkg.ontology.concepts import MODALITIES
from tlkg.ontology.ids import normalise_name, slugify

KINDS = ("therapy", "target", "indication", "organization")
SEED_FILES = ("seed.toml",)
_MESH = re.compile(r"^([CDQ])0*(\d+)$")


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used; the message names the file and entry."""


def normalise_mesh(mesh_id: str) -> str:
    """``D000054429`` and ``D054429`` are one descriptor: keep six digits, as MeSH does."""
    m = _MESH.match(mesh_id.strip().upper())
    if not m:
        return mesh_id.strip().upper()
    return f"{m.group(1)}{int(m.group(2)):06d}"


def heading_forms(text: str) -> set[str]:
    """``text`` normalised as written and, for an inverted MeSH-style heading, in natural
    word order ("Carcinoma, Non-Small-Cell Lung" -> "non-small-cell lung carcinoma",
    "Leukemia, Myeloid, Acute" -> "acute myeloid leukemia"). Nothing else is guessed:
    hyphens, spaces and words stay as written."""
    forms = {normalise_name(text)}
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > 1:
        forms.add(normalise_name(" ".join(reversed(parts))))
    return forms


@dataclass
class Entry:
    kind: str
    key: str
    name: str
    aliases: list[str] = field(default_factory=list)
    modality: str | None = None
    targets: list[str] = field(default_factory=list)  # keys
    indications: list[str] = field(default_factory=list)  # keys
    approved_for: list[str] = field(default_factory=list)  # keys
    developers: list[str] = field(default_factory=list)  # keys
    broader: list[str] = field(default_factory=list)  # keys (indications)
    mesh: list[str] = field(default_factory=list)
    acquired_by: str | None = None  # key (organisations)
    note: str | None = None
    same_as: list[str] = field(default_factory=list)  # therapy keys (slugs of names)
    not_same_as: list[str] = field(default_factory=list)  # therapy keys (slugs of names)

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class Vocabulary:
    """Name -> entry lookups for every kind, built once and shared read-only."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Entry]] = {k: {} for k in KINDS}
        self._by_name: dict[str, dict[str, str]] = {k: {} for k in KINDS}
        self._by_mesh: dict[str, str] = {}
        self._by_slug: dict[str, dict[str, str]] = {k: {} for k in KINDS}
        self.files: list[str] = []

    # ---- lookups -------------------------------------------------------------------
    def resolve(self, kind: str, name: str) -> Entry | None:
        key = self._by_name[kind].get(normalise_name(name))
        return self.entries[kind][key] if key else None

    def get(self, kind: str, key: str) -> Entry | None:
        return self.entries[kind].get(key)

    def by_slug(self, kind: str, slug: str) -> Entry | None:
        """The entry whose key is ``slug``, or one of whose names or aliases slugifies to
        it: an id in a URL keeps working whatever spelling the name has (an entry renamed
        to its US spelling keeps its British key, and the US slug opens it too)."""
        entry = self.entries[kind].get(slug)
        if entry is not None:
            return entry
        key = self._by_slug[kind].get(slug)
        return self.entries[kind][key] if key else None

    def indication_by_mesh(self, mesh_id: str) -> Entry | None:
        key = self._by_mesh.get(normalise_mesh(mesh_id))
        return self.entries["indication"][key] if key else None

    def surface_forms(self, kind: str) -> Iterator[tuple[str, str]]:
        """Every (name or alias, key) of ``kind``, for dictionary matching in text."""
        for entry in self.entries[kind].values():
            for name in entry.all_names:
                yield name, entry.key

    def ancestors(self, kind: str, key: str) -> list[str]:
        """Keys of every broader entry, nearest first (cycles are cut)."""
        seen: list[str] = []
        todo = list(self.entries[kind][key].broader) if key in self.entries[kind] else []
        while todo:
            k = todo.pop(0)
            if k in seen or k == key:
                continue
            seen.append(k)
            if k in self.entries[kind]:
                todo.extend(self.entries[kind][k].broader)
        return seen

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())

    # ---- building ------------------------------------------------------------------
    def add_file(self, path: Path | str, text: str | None = None) -> None:
        import tomllib  # here: a vocabulary read back from the cache parses no TOML

        label = str(path)
        try:
            data = tomllib.loads(text if text is not None else Path(path).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise VocabularyError(f"{label}: cannot read vocabulary: {exc}") from exc
        unknown = set(data) - set(KINDS)
        if unknown:
            raise VocabularyError(f"{label}: unknown section(s) {sorted(unknown)}")
        # Names first, so that references between entries resolve in any order.
        for kind in KINDS:
            for raw in data.get(kind, []):
                self._add_names(label, kind, raw)
        for kind in KINDS:
            for raw in data.get(kind, []):
                self._add_facts(label, kind, raw)
        self.files.append(label)

    def _add_names(self, label: str, kind: str, raw: dict[str, Any]) -> None:
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise VocabularyError(f"{label}: a [[{kind}]] entry has no name")
        aliases = raw.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise VocabularyError(f"{label}: {kind} {name!r}: aliases must be a list of strings")
        key = raw.get("key")
        if key is not None and (not isinstance(key, str) or slugify(key) != key):
            raise VocabularyError(f"{label}: {kind} {name!r}: key {key!r} is not a slug")
        entry = self.resolve(kind, name)
        if entry is None:
            entry = Entry(kind=kind, key=key or slugify(name), name=name.strip())
            if entry.key in self.entries[kind]:
                raise VocabularyError(f"{label}: {kind} {name!r} collides with another key")
            self.entries[kind][entry.key] = entry
            self._index(kind, name, entry.key, label)
        elif key is not None and key != entry.key:
            raise VocabularyError(
                f"{label}: {kind} {name!r}: key {key!r} differs from its key {entry.key!r}"
            )
        for alias in aliases:
            if alias not in entry.aliases and normalise_name(alias) != normalise_name(entry.name):
                entry.aliases.append(alias)
            self._index(kind, alias, entry.key, label)

    def _index(self, kind: str, name: str, key: str, label: str) -> None:
        norm = normalise_name(name)
        other = self._by_name[kind].get(norm)
        if other is not None and other != key:
            raise VocabularyError(f"{label}: {kind} name {name!r} names both {other!r} and {key!r}")
        self._by_name[kind][norm] = key
        self._by_slug[kind].setdefault(slugify(name), key)

    def _refs(self, label: str, owner: str, kind: str, names: object) -> list[str]:
        if names is None:
            return []
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list):
            raise VocabularyError(f"{label}: {owner}: {kind} references must be a list")
        keys = []
        for name in names:
            entry = self.resolve(kind, str(name))
            if entry is None:
                raise VocabularyError(f"{label}: {owner}: unknown {kind} {name!r}")
            keys.append(entry.key)
        return keys

    def _add_facts(self, label: str, kind: str, raw: dict[str, Any]) -> None:
        entry = self.resolve(kind, raw["name"])
        assert entry is not None
        owner = f"{kind} {entry.name!r}"
        if "modality" in raw:
            if raw["modality"] not in MODALITIES:
                raise VocabularyError(f"{label}: {owner}: unknown modality {raw['modality']!r}")
            entry.modality = raw["modality"]
        for attr, ref_kind in (
            ("targets", "target"),
            ("indications", "indication"),
            ("approved_for", "indication"),
            ("developers", "organization"),
            ("broader", "indication"),
        ):
            for key in self._refs(label, owner, ref_kind, raw.get(attr)):
                if key not in getattr(entry, attr):
                    getattr(entry, attr).append(key)
        if "acquired_by" in raw:
            entry.acquired_by = self._refs(label, owner, "organization", raw["acquired_by"])[0]
        for mesh in [*raw.get("mesh", []), *_mesh_xrefs(label, owner, raw.get("xrefs", []))]:
            norm = normalise_mesh(mesh)
            if norm not in entry.mesh:
                entry.mesh.append(norm)
            if kind == "indication":
                self._by_mesh[norm] = entry.key
        if "note" in raw:
            entry.note = str(raw["note"])
        self._curation(label, kind, owner, entry, raw)

    def _curation(
        self, label: str, kind: str, owner: str, entry: Entry, raw: dict[str, Any]
    ) -> None:
        """``same_as`` / ``not_same_as``: names (as tlkg shows them, or another entry's
        name) this therapy is, or is never, one with; kept as the keys they open."""
        for attr in ("same_as", "not_same_as"):
            names = raw.get(attr, [])
            if not names:
                continue
            if kind != "therapy":
                raise VocabularyError(f"{label}: {owner}: {attr} is for therapies only")
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise VocabularyError(f"{label}: {owner}: {attr} must be a list of names")
            for name in names:
                other = self.resolve("therapy", name)
                key = other.key if other is not None else slugify(name)
                if key == entry.key:
                    raise VocabularyError(f"{label}: {owner}: {attr} names the entry itself")
                if key not in getattr(entry, attr):
                    getattr(entry, attr).append(key)
        both = set(entry.same_as) & set(entry.not_same_as)
        if both:
            raise VocabularyError(f"{label}: {owner}: {sorted(both)} both same_as and not_same_as")


def _mesh_xrefs(label: str, owner: str, xrefs: object) -> list[str]:
    """The MeSH ids of an entry's ``xrefs`` (CURIEs ``MESH:D001374``); MeSH is the one
    prefix the graph states (``tlkg:meshId``), so any other is an error, not dropped."""
    if not isinstance(xrefs, list) or not all(isinstance(x, str) for x in xrefs):
        raise VocabularyError(f"{label}: {owner}: xrefs must be a list of CURIEs")
    out = []
    for xref in xrefs:
        prefix, _, local = xref.partition(":")
        if prefix.upper() != "MESH" or not _MESH.match(local.strip().upper()):
            raise VocabularyError(
                f"{label}: {owner}: unsupported xref {xref!r} (only MESH:D…/C… ids)"
            )
        out.append(local)
    return out


def load_vocabulary(extra: Iterable[Path | str] = ()) -> Vocabulary:
    """The seed vocabulary shipped in the package, then each extra file in order."""
    vocab = Vocabulary()
    pkg = resources.files("tlkg.ontology")
    for name in SEED_FILES:
        res = pkg.joinpath(name)
        vocab.add_file(f"tlkg/ontology/{name}", res.read_text("utf-8"))
    for path in extra:
        vocab.add_file(path)
    return vocab
