"""santong's home directory: configuration, keyring and local state under one folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["resolve_home", "temporary_home"]


def resolve_home(option: str | None) -> Path:
    """``--home`` wins, then ``SANTONG_HOME``, then ``~/.santong``; the folder is created."""
    raw = option or os.environ.get("SANTONG_HOME") or str(Path.home() / ".santong")
    home = Path(raw).expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    return home


def temporary_home() -> Path:
    return Path(tempfile.mkdtemp(prefix="santong-demo-"))
