"""Defensive reading of the fields of one ClinicalTrials.gov API v2 study dict.

An absent or null key reads as empty; a key with the wrong JSON type, or text longer than
``MAX_FIELD_CHARS``, is a ``StudyError`` whose message names the field (``where.key``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_FIELD_CHARS = 100_000
"""The longest text a field tlkg reads may hold (registry fields are at most a few
thousand characters); a longer one is a ``StudyError``, not a record."""


class StudyError(ValueError):
    """One study that cannot be mapped; the message says which field and why."""


def type_name(value: object) -> str:
    """The JSON type of ``value`` in words ("an object", "a string", ...), for messages."""
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
    }.get(type(value), "a number" if isinstance(value, int | float) else type(value).__name__)


def _wrong(where: str, expected: str, value: object) -> StudyError:
    return StudyError(f"{where}: expected {expected}, got {type_name(value)}")


def _too_long(where: str, value: str) -> StudyError:
    return StudyError(f"{where}: text too long ({len(value)} characters; limit {MAX_FIELD_CHARS})")


def obj_field(parent: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _wrong(f"{where}.{key}", "an object", value)
    return value


def str_field(parent: Mapping[str, Any], key: str, where: str) -> str | None:
    """The text stripped; None for an absent, null or blank field."""
    value = parent.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _wrong(f"{where}.{key}", "a string", value)
    if len(value) > MAX_FIELD_CHARS:
        raise _too_long(f"{where}.{key}", value)
    return value.strip() or None


def int_field(parent: Mapping[str, Any], key: str, where: str) -> int | None:
    value = parent.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(f"{where}.{key}", "an integer", value)
    return value


def _list_field(parent: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _wrong(f"{where}.{key}", "an array", value)
    return value


def str_list_field(parent: Mapping[str, Any], key: str, where: str) -> list[str]:
    """The non-blank strings of an array, stripped."""
    out = []
    for i, item in enumerate(_list_field(parent, key, where)):
        if not isinstance(item, str):
            raise _wrong(f"{where}.{key}[{i}]", "a string", item)
        if len(item) > MAX_FIELD_CHARS:
            raise _too_long(f"{where}.{key}[{i}]", item)
        if item.strip():
            out.append(item.strip())
    return out


def obj_list_field(parent: Mapping[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    out = []
    for i, item in enumerate(_list_field(parent, key, where)):
        if not isinstance(item, dict):
            raise _wrong(f"{where}.{key}[{i}]", "an object", item)
        out.append(item)
    return out


def date_field(parent: Mapping[str, Any], key: str, where: str) -> str | None:
    """``fooDateStruct.date`` as given (partial dates such as ``2023-06`` stay partial)."""
    return str_field(obj_field(parent, key, where), "date", f"{where}.{key}")
