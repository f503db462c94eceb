"""tlkg: the therapy-landscape knowledge graph."""

__version__ = "0.1.0"
