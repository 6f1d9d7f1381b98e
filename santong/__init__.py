"""santong (三通) — shared kernel: the error tree and the few value types every package uses.

Everything here is dependency-free so that ``queues``, ``adapters``, ``mappings``,
``signatures``, ``replay`` and ``hub`` can all import it without importing each other.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
