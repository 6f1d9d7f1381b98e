"""The mapping port: raw source payload in, standard records out, or every field error.

``Mapper.map`` returns the standard records one raw record yields (usually one; a
处罚 that is also published may yield two types).  It never invents a mandatory value: a
record that cannot be mapped raises ``santong.errors.DataError`` whose ``errors`` list
*every* field error (path from the record root, STANDARD.md §1.6, code of §5.11).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["MappedRecord", "Mapper"]


@dataclass(frozen=True)
class MappedRecord:
    """A standard record before sealing: no ``cd_operation`` (``i``/``u`` is decided per
    destination at delivery), no ``cd_batch`` and no ``digest`` (added when sealed).

    ``operation`` is ``upsert`` for a live record and ``delete`` for a tombstone, whose
    ``data`` holds only the key field(s) and optionally ``delete_reason``.
    ``spec`` names the mapping spec and its version that produced it, e.g.
    ``sthj/INSPECTION@1``; ``tables`` the code-table versions used, e.g. ``CHECK_TYPE@1.0``.
    """

    msg_type: str
    cd_id: str
    operation: str
    cd_source: str
    cd_time: str
    data: dict[str, Any]
    spec: str
    tables: tuple[str, ...] = ()

    @property
    def spec_version(self) -> str:
        return f"{self.msg_type}/1.0"

    @property
    def area(self) -> str:
        """The routing area: the record's ``area_number``, else the first 6 digits of ``cd_source``."""
        area = self.data.get("area_number")
        return str(area) if area else self.cd_source[:6]

    def unsealed(self, cd_operation: str) -> dict[str, Any]:
        """The §5.2 record without ``cd_batch`` and ``digest``."""
        return {
            "cd_id": self.cd_id,
            "cd_operation": cd_operation,
            "cd_source": self.cd_source,
            "cd_time": self.cd_time,
            "specVersion": self.spec_version,
            "data": self.data,
        }


class Mapper(Protocol):
    """Anything that maps (source, kind, payload) onto standard records."""

    def map(self, source: str, kind: str, payload: Any) -> list[MappedRecord]:
        ...
