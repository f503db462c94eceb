"""The HTTP face of tlkg: the FastAPI app factory (``tlkg.api.app.create_app``), the REST
routes, and the read-only SPARQL 1.1 Protocol endpoint.

Kept free of imports: the SPARQL worker processes import ``tlkg.api.sparql_exec`` and
should not pay for FastAPI.
"""
