"""santong's configuration: one YAML file, validated once at the edge into frozen models.

``${home}`` in any string is replaced by the santong home directory (``--home``,
``SANTONG_HOME`` or ``~/.santong``).  Every error names the key path, e.g.
``destinations.province.max_attempts: Input should be greater than or equal to 1``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from queues.topology import DEFAULT_DELAY_TIERS_MS, Topology, build_topology
from santong.errors import ConfigError

__all__ = [
    "HubConfig",
    "BrokerConfig",
    "JournalConfig",
    "SourceConfig",
    "DestinationConfig",
    "NodeConfig",
    "MappingConfig",
    "load_config",
    "parse_config",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NodeConfig(_Frozen):
    id: str = Field("santong-321081", pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")
    area: str = Field("321081", pattern=r"^[0-9]{6}$")
    key_file: str = "${home}/keys/node.pem"
    signer_id: str = "1234567812345678"


class BrokerConfig(_Frozen):
    url: str = "embedded://${home}/broker.sqlite"
    prefix: str = Field("santong", pattern=r"^[a-z][a-z0-9_-]{0,31}$")
    prefetch: int = Field(200, ge=1, le=5000)
    queue_type: Literal["quorum", "classic"] = "quorum"
    delay_tiers_ms: tuple[int, ...] = DEFAULT_DELAY_TIERS_MS

    @field_validator("delay_tiers_ms")
    @classmethod
    def _tiers(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        if not v or any(t <= 0 for t in v) or list(v) != sorted(set(v)):
            raise ValueError("delay tiers must be positive milliseconds in increasing order")
        return v


class JournalConfig(_Frozen):
    url: str = "sqlite:///${home}/journal.sqlite"


class SourceConfig(_Frozen):
    adapter: str
    poll_interval_s: float = Field(60.0, gt=0)
    max_attempts: int = Field(5, ge=1, le=50)
    settings: dict[str, Any] = Field(default_factory=dict)


class DestinationConfig(_Frozen):
    adapter: str
    routes: tuple[str, ...] = Field(min_length=1)
    max_attempts: int = Field(6, ge=1, le=50)
    batch_max_records: int = Field(500, ge=1, le=500)
    batch_max_bytes: int = Field(5_000_000, ge=10_000, le=5_242_880)
    batch_window_ms: int = Field(500, ge=0, le=60_000)
    receipt_poll_s: float = Field(5.0, gt=0)
    settings: dict[str, Any] = Field(default_factory=dict)

    @field_validator("routes")
    @classmethod
    def _patterns(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for p in v:
            words = p.split(".")
            if any(w == "" for w in words):
                raise ValueError(f"route {p!r}: empty word (topic patterns are words separated by '.')")
        return v


class MappingConfig(_Frozen):
    """Where mapping specs and code tables come from.

    ``tables_dir``: code tables (``<TABLE_ID>.yaml``) that replace the shipped ones of the same id —
    how an integrator fixes a table without touching the installation.  ``spec_dir``: a whole
    specs tree instead of the shipped one.
    """

    tables_dir: str | None = "${home}/tables"
    spec_dir: str | None = None


class HttpConfig(_Frozen):
    """The hub's HTTP server (push receivers, receipt callbacks, health); started with ingest or deliver."""

    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)


class LoggingConfig(_Frozen):
    json_output: bool = Field(False, alias="json")
    level: Literal["debug", "info", "warning", "error"] = "info"


class HubConfig(_Frozen):
    node: NodeConfig = Field(default_factory=NodeConfig)
    broker: BrokerConfig = Field(default_factory=BrokerConfig)
    journal: JournalConfig = Field(default_factory=JournalConfig)
    sources: dict[str, SourceConfig] = Field(default_factory=dict)
    destinations: dict[str, DestinationConfig] = Field(default_factory=dict)
    mapping: MappingConfig = Field(default_factory=MappingConfig)
    http: HttpConfig = Field(default_factory=HttpConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)

    def topology(self) -> Topology:
        return build_topology(
            self.sources,
            {name: d.routes for name, d in self.destinations.items()},
            delay_tiers_ms=self.broker.delay_tiers_ms,
            queue_type=self.broker.queue_type,
            prefix=self.broker.prefix,
        )


def _expand(obj: Any, home: str) -> Any:
    if isinstance(obj, str):
        return obj.replace("${home}", home)
    if isinstance(obj, dict):
        return {k: _expand(v, home) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_expand(v, home) for v in obj]
    return obj


def parse_config(data: Any, *, home: Path, origin: str = "<config>") -> HubConfig:
    """Validate a parsed configuration mapping; errors name the file and key path."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: the configuration must be a mapping, got {type(data).__name__}")
    try:
        cfg = HubConfig.model_validate(data)
        # Defaults hold ${home} too: expand after validation, over the complete model.
        return HubConfig.model_validate(_expand(cfg.model_dump(by_alias=True), str(home)))
    except ValidationError as exc:
        lines = [
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors(include_url=False)
        ]
        raise ConfigError(f"{origin}: invalid configuration — " + "; ".join(lines)) from exc


def load_config(path: Path, *, home: Path) -> HubConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read configuration {path}: {exc.strerror}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    return parse_config(data, home=home, origin=str(path))
