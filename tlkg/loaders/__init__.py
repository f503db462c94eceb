"""Source files -> typed records. Nothing here knows about RDF."""
