"""Running compiled field plans over one raw record: the hot path of the mapping engine.

``run_fields`` fills ``out`` and collects a ``FieldError`` per value it cannot map, on the target path
(``data.check_date``, ``data.check_personnel[1]``, ``data.items[0].quantity``) with the value the
source sent.  ``Run.failed`` collects those paths, plus the paths of fields whose condition depends on a
failed field: their validation errors would only repeat the cause, so the engine drops them.
``Run.misses`` says, per path, why the registry could not supply a value the source lacks.

Each plan is turned once (``prepare``) into a step closure; the common entry — a source path, a chain
of transforms, no condition — runs without touching the plan object at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from mappings.compiler import NOTHING, FieldPlan
from mappings.registry_port import SubjectRegistry
from mappings.transform_base import MapError
from santong.errors import FieldError

__all__ = ["Run", "prepare", "run_fields", "shown"]

Step = Callable[[Any, dict[str, Any], str, "Run", set[str], set[str]], None]


class Run:
    """What mapping one record collects: ``errors``, ``failed`` paths, registry ``misses`` (path → why)."""

    __slots__ = ("errors", "failed", "misses", "registry")

    def __init__(self, registry: SubjectRegistry | None = None) -> None:
        self.errors: list[FieldError] = []
        self.failed: set[str] = set()
        self.misses: dict[str, str] = {}
        self.registry = registry


def shown(value: Any) -> Any:
    """``value`` as a JSON-safe error value: exact amounts (``Decimal``) as their text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shown(v) for v in value]
    return value


def run_fields(plans: Sequence[FieldPlan], scope: Any, out: dict[str, Any], prefix: str, run: Run) -> None:
    """Map ``scope`` (a raw record, one element of an ``each`` list, or an object) into ``out``."""
    if plans and plans[0].step is None:
        prepare(plans)
    decided: set[str] = set()
    failed_here: set[str] = set()
    for plan in plans:
        plan.step(scope, out, prefix, run, decided, failed_here)


def prepare(plans: Sequence[FieldPlan]) -> None:
    """Give every plan (and those of its ``each`` / ``fields``) its step; done once, after compiling."""
    for plan in plans:
        if plan.each:
            prepare(plan.each)
        if plan.fields:
            prepare(plan.fields)
        object.__setattr__(plan, "step", _fast(plan) or _general(plan))


def _fail(plan: FieldPlan, path: str, exc: MapError, raw: Any, run: Run, failed_here: set[str]) -> None:
    run.errors.append(FieldError(path, exc.code, f"{plan.label}：{exc.message}", shown(raw)))
    run.failed.add(path)
    failed_here.add(plan.target)


def _fast(plan: FieldPlan) -> Step | None:
    """The step of a plain entry: a source path (or a fixed value) and its transforms, at most a condition."""
    if (plan.is_list or plan.lookup is not None or plan.default is not None or plan.split is not None or plan.fields
            or plan.each or (plan.get is None and plan.fixed is NOTHING)):
        return None
    target, get, apply, cond, refs, multi = plan.target, plan.get, plan.apply, plan.cond, plan.refs, plan.multi
    fixed = plan.fixed

    def step(scope: Any, out: dict[str, Any], prefix: str, run: Run, decided: set[str], failed_here: set[str]) -> None:
        if multi:
            if target in decided:
                return
            if cond is not None:
                if refs and not failed_here.isdisjoint(refs):
                    decided.add(target)
                    failed_here.add(target)
                    run.failed.add(prefix + target)
                    return
                if not cond(scope, out):
                    return
            decided.add(target)
        elif cond is not None:
            if refs and not failed_here.isdisjoint(refs):
                failed_here.add(target)
                run.failed.add(prefix + target)
                return
            if not cond(scope, out):
                return
        raw = fixed if get is None else None
        try:
            if get is not None:
                raw = get(scope)
                if raw is None:
                    return
            value = raw if apply is None else apply(raw, scope)
        except MapError as exc:
            _fail(plan, prefix + target, exc, raw, run, failed_here)
            return
        if value is not None:
            out[target] = value
    return step


def _general(plan: FieldPlan) -> Step:
    target = plan.target

    def step(scope: Any, out: dict[str, Any], prefix: str, run: Run, decided: set[str], failed_here: set[str]) -> None:
        if plan.multi and target in decided:
            return
        if plan.cond is not None:
            if plan.refs and not failed_here.isdisjoint(plan.refs):
                decided.add(target)
                failed_here.add(target)
                run.failed.add(prefix + target)
                return
            if not plan.cond(scope, out):
                return
        decided.add(target)
        _run_entry(plan, scope, out, prefix + target, run, failed_here)
    return step


def _run_entry(plan: FieldPlan, scope: Any, out: dict[str, Any], path: str, run: Run, failed_here: set[str]) -> None:
    raw: Any = None
    try:
        if plan.get is not None:
            raw = plan.get(scope)
        elif plan.fixed is not NOTHING:
            raw = plan.fixed
        if raw is None and plan.lookup is not None:
            raw = _look_up(plan, scope, out, path, run)
            if raw is not None and plan.is_list and type(raw) is not list:
                raw = [raw]
        if raw is None:
            raw = plan.default
        if raw is None:
            if plan.fields and plan.get is None:
                _run_object(plan, scope, out, path, run, failed_here)
            return
        if plan.fields:
            _run_object(plan, raw, out, path, run, failed_here)
            return
        if plan.split is not None:
            raw = plan.split(raw, scope)
            if raw is None:
                return
        if not plan.is_list:
            value = raw if plan.apply is None else plan.apply(raw, scope)
            if value is not None:
                out[plan.target] = value
            return
    except MapError as exc:
        _fail(plan, path, exc, raw, run, failed_here)
        return
    if _run_list(plan, raw, scope, out, path, run):
        failed_here.add(plan.target)


def _look_up(plan: FieldPlan, scope: Any, out: dict[str, Any], path: str, run: Run) -> Any:
    lookup = plan.lookup
    assert lookup is not None
    try:
        key = lookup.key(scope, out)
    except MapError:
        key = None
    if key is None or key == "":
        why = f"来源没有此值，也没有查登记簿所需的 {lookup.key_shown}"
    else:
        entry = run.registry.lookup(lookup.kind, str(key)) if run.registry is not None else None
        value = entry.get(lookup.field) if entry else None
        if value is not None:
            return value
        why = f"来源没有此值，登记簿（关联整合）{lookup.kind} 中也没有 {key} 的 {lookup.field}"
    if lookup.missing is not None:
        raise MapError(lookup.missing, why)
    run.misses[path] = why
    return None


def _run_object(plan: FieldPlan, scope: Any, out: dict[str, Any], path: str, run: Run, failed_here: set[str]) -> None:
    if type(scope) is not dict:
        run.errors.append(FieldError(path, "FORMAT", f"{plan.label}：来源应为对象", shown(scope)))
        run.failed.add(path)
        failed_here.add(plan.target)
        return
    sub: dict[str, Any] = {}
    before = len(run.errors)
    run_fields(plan.fields, scope, sub, path + ".", run)
    if len(run.errors) != before:
        failed_here.add(plan.target)
    if sub:
        out[plan.target] = sub


def _run_list(plan: FieldPlan, raw: list[Any], scope: Any, out: dict[str, Any], path: str, run: Run) -> bool:
    """Map a list field element by element; True when an element failed."""
    items: list[Any] = []
    bad = False
    apply = plan.apply
    for i, element in enumerate(raw):
        if element is None:
            items.append(None)
            continue
        if plan.each:
            where = f"{path}[{i}]"
            if type(element) is not dict:
                run.errors.append(FieldError(where, "FORMAT", f"{plan.label}第 {i + 1} 项应为对象", shown(element)))
                run.failed.add(where)
                items.append(None)
                bad = True
                continue
            sub: dict[str, Any] = {}
            before = len(run.errors)
            run_fields(plan.each, element, sub, where + ".", run)
            bad = bad or len(run.errors) != before
            items.append(sub)
            continue
        if apply is None:
            items.append(element)
            continue
        try:
            items.append(apply(element, scope))
        except MapError as exc:
            where = f"{path}[{i}]"
            run.errors.append(FieldError(where, exc.code, f"{plan.label}第 {i + 1} 项：{exc.message}", shown(element)))
            run.failed.add(where)
            items.append(None)
            bad = True
    value: Any = items
    try:
        for transform in plan.whole:
            value = transform(value, scope)
    except MapError as exc:
        run.errors.append(FieldError(path, exc.code, f"{plan.label}：{exc.message}", shown(raw)))
        run.failed.add(path)
        return True
    if value is not None:
        out[plan.target] = value
    return bad
