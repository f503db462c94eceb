"""What the query services refuse: an unknown or unmentioned entity (``NotFound``, with
close names to suggest) and an ``as_of`` that is not a date."""

from __future__ import annotations

import re
from datetime import date

# ASCII digits only (Python's \d takes any script's digits, which fromisoformat refuses).
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class NotFound(LookupError):
    """No entity by that name; ``suggestions`` holds close names."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


def check_as_of(as_of: str | None) -> str | None:
    """``as_of`` itself when it is None or a date YYYY-MM-DD; raises ValueError otherwise."""
    if as_of is None:
        return None
    if not _DATE.match(as_of):
        raise ValueError(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}")
    try:
        date.fromisoformat(as_of)
    except ValueError:
        raise ValueError(f"--as-of must be a real calendar day, not {as_of!r}") from None
    return as_of
