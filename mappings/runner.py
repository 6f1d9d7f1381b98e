"""Running compiled field plans over one raw record: the hot path of the mapping engine.

``run_fields`` fills ``out`` and collects a ``FieldError`` per value it cannot map, on the target path
(``data.check_date``, ``data.check_personnel[1]``, ``data.items[0].quantity``) with the value the
source sent.  ``failed`` collects those paths, plus the paths of fields whose condition depends on a
failed field: their validation errors would only repeat the cause, so the engine drops them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from mappings.compiler import NOTHING, FieldPlan
from mappings.transforms import MapError
from santong.errors import FieldError

__all__ = ["run_fields", "shown"]


def shown(value: Any) -> Any:
    """``value`` as a JSON-safe error value: exact amounts (``Decimal``) as their text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shown(v) for v in value]
    return value


def _chain(plan: FieldPlan, value: Any, scope: Any) -> Any:
    for transform in plan.element:
        value = transform(value, scope)
        if value is None:
            return None
    return value


def run_fields(plans: Sequence[FieldPlan], scope: Any, out: dict[str, Any], prefix: str,
               errors: list[FieldError], failed: set[str]) -> None:
    """Map ``scope`` (a raw record, or one element of an ``each`` list) into ``out``."""
    decided: set[str] = set()
    failed_here: set[str] = set()
    for plan in plans:
        target = plan.target
        if target in decided:
            continue
        if plan.cond is not None:
            if plan.refs & failed_here:
                decided.add(target)
                failed_here.add(target)
                failed.add(prefix + target)
                continue
            if not plan.cond(scope, out):
                continue
        decided.add(target)
        path = prefix + target
        raw: Any = None
        try:
            raw = plan.get(scope) if plan.get is not None else plan.fixed
            if raw is None or raw is NOTHING:
                raw = plan.default
            if raw is None:
                continue
            if not plan.is_list:
                value = _chain(plan, raw, scope)
                if value is not None:
                    out[target] = value
                continue
        except MapError as exc:
            errors.append(FieldError(path, exc.code, f"{plan.label}：{exc.message}", shown(raw)))
            failed.add(path)
            failed_here.add(target)
            continue
        if _run_list(plan, raw, scope, out, path, errors, failed):
            failed_here.add(target)


def _run_list(plan: FieldPlan, raw: list[Any], scope: Any, out: dict[str, Any], path: str,
              errors: list[FieldError], failed: set[str]) -> bool:
    """Map a list field element by element; True when an element failed."""
    items: list[Any] = []
    bad = False
    for i, element in enumerate(raw):
        where = f"{path}[{i}]"
        if element is None:
            items.append(None)
            continue
        if plan.each:
            if type(element) is not dict:
                errors.append(FieldError(where, "FORMAT", f"{plan.label}第 {i + 1} 项应为对象", shown(element)))
                failed.add(where)
                items.append(None)
                bad = True
                continue
            sub: dict[str, Any] = {}
            before = len(errors)
            run_fields(plan.each, element, sub, where + ".", errors, failed)
            bad = bad or len(errors) != before
            items.append(sub)
            continue
        try:
            items.append(_chain(plan, element, scope))
        except MapError as exc:
            errors.append(FieldError(where, exc.code, f"{plan.label}第 {i + 1} 项：{exc.message}", shown(element)))
            failed.add(where)
            items.append(None)
            bad = True
    for transform in plan.whole:
        items = transform(items, scope)
    out[plan.target] = items
    return bad
