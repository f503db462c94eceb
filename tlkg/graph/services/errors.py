"""What the query services refuse: an unknown or unmentioned entity (``NotFound``, with
close names to suggest) and an ``as_of`` that is not a date."""

from __future__ import annotations

import re

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class NotFound(LookupError):
    """No entity by that name; ``suggestions`` holds close names."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


def check_as_of(as_of: str | None) -> str | None:
    """``as_of`` itself when it is None or a date YYYY-MM-DD; raises ValueError otherwise."""
    if as_of is not None and not _DATE.match(as_of):
        raise ValueError(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}")
    return as_of
