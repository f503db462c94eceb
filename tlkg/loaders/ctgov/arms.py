"""A study's arm groups -> ``Arm`` records: each arm's therapies are those of the
interventions (``interventions.map_interventions``) that name its label or that it names,
as "Type: Name" or just "Name"."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

from tlkg.loaders.ctgov.fields import str_field, str_list_field
from tlkg.loaders.ctgov.interventions import Intervention
from tlkg.loaders.records import Arm, ArmRole
from tlkg.ontology.concepts import ARM_ROLES, enum_key

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _arm_role(value: str | None) -> ArmRole | None:
    if not value:
        return None
    key = enum_key(value)
    return cast(ArmRole, key) if key in ARM_ROLES else None


def map_arms(
    arm_groups: list[dict[str, Any]], interventions: list[Intervention], where: str
) -> list[Arm]:
    """One ``Arm`` per arm group, with the therapies of the interventions that name its
    label or that it names (as "Type: Name" or just "Name")."""
    by_label: dict[str, set[int]] = {}
    by_typed: dict[str, set[int]] = {}
    by_name: dict[str, set[int]] = {}
    for idx, iv in enumerate(interventions):
        for label in iv.arm_labels:
            by_label.setdefault(_norm(label), set()).add(idx)
        type_word = (iv.itype or "").replace("_", " ")
        by_typed.setdefault(_norm(f"{type_word}: {iv.name}"), set()).add(idx)
        by_name.setdefault(_norm(iv.name), set()).add(idx)
    arms = []
    for i, group in enumerate(arm_groups):
        here = f"{where}[{i}]"
        label = str_field(group, "label", here) or f"Arm {i + 1}"
        members = set(by_label.get(_norm(label), set()))
        for ref in str_list_field(group, "interventionNames", here):
            hit = by_typed.get(_norm(ref))
            if hit is None and ":" in ref:
                hit = by_name.get(_norm(ref.split(":", 1)[1]))
            if hit is None:
                hit = by_name.get(_norm(ref))
            members |= hit or set()
        keys: list[str] = []
        for idx in sorted(members):
            keys += [k for k in interventions[idx].therapy_keys if k not in keys]
        arms.append(
            Arm(
                label=label,
                role=_arm_role(str_field(group, "type", here)),
                therapy_keys=keys,
                has_placebo=any(interventions[k].placebo for k in members),
                has_standard_of_care=any(interventions[k].standard_of_care for k in members),
            )
        )
    return arms
