"""Records -> triples -> store -> query services."""
