"""The process-wide mapper: ``default_mapper()`` compiles the shipped specs once and shares them.

::

    from mappings.registry import default_mapper
    records = default_mapper().map("sthj", "INSPECTION", payload)

Tests and tools that need other specs or tables build their own ``SpecMapper(spec_dir, tables=…)``.
"""

from __future__ import annotations

import functools

from mappings.engine import SpecMapper

__all__ = ["default_mapper"]


@functools.cache
def default_mapper() -> SpecMapper:
    """The ``SpecMapper`` over ``mappings/specs/`` and ``mappings/tables/``, built on first use."""
    return SpecMapper()
