"""The subject registry port (关联整合): the latest values known per market subject (by USCC) and per
related record (a ggzy project or section, an e路阳光 project …), contributed by every source's records.

A spec reads it where a source lacks a value (``registry:`` on a field entry) and writes to it what a
record tells (``remember:``); see ``mappings/specs/README.md``.  ``kind`` names the register
(``subject``, ``ggzy_project``, ``ggzy_section`` …), ``key`` the entry in it::

    registry = InMemoryRegistry()
    mapper = SpecMapper(registry=registry)
    registry.remember("subject", "91321081MA1XK3R59J", {"administrative_cp": "仪征市润和餐饮管理有限公司"})
    registry.lookup("subject", "91321081MA1XK3R59J")    # {"administrative_cp": "仪征市润和餐饮管理有限公司"}
    registry.lookup("subject", "unknown")                # None

Values are kept in the form a spec reads them back through its transforms: text, numbers, booleans,
code fields as their code, lists of those.  ``remember`` merges: a later value replaces an earlier one
of the same name, a name not given keeps its value.  The journal-backed implementation lives in
``replay/``; ``InMemoryRegistry`` serves ``santong map`` and the tests.
"""

from __future__ import annotations

from typing import Any, Protocol

__all__ = ["InMemoryRegistry", "SubjectRegistry"]


class SubjectRegistry(Protocol):
    """Latest known values per (register, key)."""

    def lookup(self, kind: str, key: str) -> dict[str, Any] | None:
        """The values known for ``key`` in register ``kind``, or ``None`` when nothing is known."""
        ...

    def remember(self, kind: str, key: str, values: dict[str, Any]) -> None:
        """Merge ``values`` into the entry ``key`` of register ``kind``."""
        ...


class InMemoryRegistry:
    """A ``SubjectRegistry`` in a dict: for one process (``santong map``, tests)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], dict[str, Any]] = {}

    def lookup(self, kind: str, key: str) -> dict[str, Any] | None:
        entry = self._entries.get((kind, key))
        return dict(entry) if entry is not None else None

    def remember(self, kind: str, key: str, values: dict[str, Any]) -> None:
        self._entries.setdefault((kind, key), {}).update(values)

    def __len__(self) -> int:
        return len(self._entries)
