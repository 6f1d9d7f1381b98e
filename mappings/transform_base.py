"""What every transform of a mapping spec is built from: ``MapError``, ``TransformDef`` and the compile
environment a transform factory may use.  The transforms themselves live in ``mappings.transforms``
(text, codes, lists), ``mappings.dates`` and ``mappings.money``; ``mappings.transforms.TRANSFORMS`` lists
them all.

A transform is compiled once into ``fn(value, scope) -> value``: it sees one non-empty value (``None``
never reaches it) and the object the field's source path was read from (``scope``).  It raises
``MapError(code, message)`` for what it cannot map — the engine reports that on the TARGET field, with
the value the source sent — and returns ``None`` when the field has no value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from mappings.codes import CodeTable
from mappings.specfile import Loc

__all__ = ["CompileEnv", "MapError", "Transform", "TransformDef", "as_string", "shown_value"]

Transform = Callable[[Any, Any], Any]


class MapError(Exception):
    """A value a transform cannot map: ``code`` is a §5.11 code, ``message`` says why (Chinese)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class CompileEnv(Protocol):
    """What a transform factory may use while a spec is compiled."""

    def table(self, table_id: str, loc: Loc) -> CodeTable: ...
    def labels(self, table_id: str) -> Mapping[str, str]: ...
    def getter(self, path: Any, loc: Loc) -> Callable[[Any], Any]: ...


@dataclass(frozen=True)
class TransformDef:
    """A named transform: ``factory(params, env, loc)`` compiles it.

    ``params``: ``True`` when parameters are required, ``False`` when none are accepted, ``None`` when
    they are optional (the factory then receives ``None`` for the bare name).  ``list_level``
    transforms run once on the whole list after the per-element ones; ``splits`` turns one scalar into a
    list (it must come first); ``joins`` turns the list back into one value (it must come last).
    """

    factory: Callable[[Any, CompileEnv, Loc], Transform]
    params: bool | None = False
    list_level: bool = False
    splits: bool = False
    joins: bool = False


def as_string(value: Any) -> str:
    """``value`` as text: strings as they are, integers in decimal; anything else is ``FORMAT``."""
    if type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    raise MapError("FORMAT", f"应为字符串，实为 {type(value).__name__}")


def shown_value(value: Any) -> str:
    """A short rendering of a source value for a message (the full value travels in ``FieldError.value``)."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"
