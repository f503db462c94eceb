"""The analysis index: the rows the fact layer reads, kept in SQLite beside an on-disk
store and maintained at every write (``schema``, ``maintain``, ``rows``)."""
