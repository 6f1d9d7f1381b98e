"""The national standard as code, identifier checks, code tables, and the mapping engine."""

from mappings.base import MappedRecord, Mapper

__all__ = ["MappedRecord", "Mapper"]
