"""The vocabulary: ontology terms, IRI minting and the seed vocabulary of known entities."""
