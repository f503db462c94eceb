"""The one load pipeline (``pipeline.load``, ``pipeline.load_upload``): documents read,
parsed and mapped (``workers``), written by the one ``writer``."""
