"""ClinicalTrials.gov: the API v2 JSON and legacy XML loaders, the mapping of a study to a
``TrialRecord``, and the client that fetches studies from the live API."""
