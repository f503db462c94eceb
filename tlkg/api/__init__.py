"""The HTTP face of tlkg: the FastAPI app factory (``tlkg.api.app.create_app``), the
runtime the routes share (``tlkg.api.runtime``), the REST routes, and the read-only SPARQL
1.1 Protocol endpoint with its worker pool (``tlkg.api.workers``).

Kept free of imports: the SPARQL worker processes run ``tlkg.api.workers`` and should not
pay for FastAPI.
"""
