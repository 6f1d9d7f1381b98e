"""Which adapter implements which name, and how its typed settings are built.

Built-in adapters are listed here; a vendor's separately installed package registers more
through the entry-point group ``santong.adapters`` (an object with ``name``,
``make_source(settings, ctx)`` and/or ``make_sink(settings, ctx)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any, Callable

from pydantic import ValidationError

from adapters.base import Sink, Source
from santong.errors import ConfigError
from signatures.sm2 import SM2PrivateKey

__all__ = ["AdapterContext", "make_source", "make_sink", "known_adapters", "settings_for"]


@dataclass(frozen=True)
class AdapterContext:
    """What the runtime hands an adapter besides its own settings."""

    node_id: str
    node_key: SM2PrivateKey | None
    signer_id: str = "1234567812345678"


def settings_for(cls: Any, raw: dict[str, Any], where: str) -> Any:
    """An adapter's typed settings; errors name ``<where>.settings.<key>``."""
    return _settings(cls, raw, where)


def _settings(cls: Any, raw: dict[str, Any], where: str) -> Any:
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        lines = [f"{where}.settings.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)]
        raise ConfigError("; ".join(lines)) from exc


def _simple_source(module: str, settings_cls: str, source_cls: str) -> Callable[[dict[str, Any], AdapterContext, str], Source]:
    """A source built as ``SourceClass(SettingsClass(**settings))``, imported when first used."""

    def make(raw: dict[str, Any], ctx: AdapterContext, where: str) -> Source:
        mod = import_module(module)
        source: Source = getattr(mod, source_cls)(_settings(getattr(mod, settings_cls), raw, where))
        return source

    return make


def _province_sink(raw: dict[str, Any], ctx: AdapterContext, where: str) -> Sink:
    from adapters.province import ProvinceSettings, ProvinceSink

    if ctx.node_key is None:
        raise ConfigError(f"{where}: the province sink needs the node's signing key (node.key_file)")
    settings = _settings(ProvinceSettings, {"node_id": ctx.node_id, **raw}, where)
    return ProvinceSink(settings, ctx.node_key)


def _credit_sink(raw: dict[str, Any], ctx: AdapterContext, where: str) -> Sink:
    from adapters.credit import CreditSettings, CreditSink

    return CreditSink(_settings(CreditSettings, raw, where))


_SOURCES: dict[str, Callable[[dict[str, Any], AdapterContext, str], Source]] = {
    "sthj": _simple_source("adapters.sthj", "SthjSettings", "SthjSource"),
    "scjg": _simple_source("adapters.scjg", "ScjgSettings", "ScjgSource"),
    "hotline12345": _simple_source("adapters.hotline12345", "HotlineSettings", "HotlineSource"),
    "elu-yangguang": _simple_source("adapters.elu_yangguang", "EluSettings", "EluSource"),
    "ggzy": _simple_source("adapters.ggzy", "GgzySettings", "GgzySource"),
    "credit": _simple_source("adapters.credit", "CreditSettings", "CreditListSource"),
}
_SINKS: dict[str, Callable[[dict[str, Any], AdapterContext, str], Sink]] = {
    "province": _province_sink,
    "credit": _credit_sink,
}


def _plugins() -> dict[str, Any]:
    return {ep.name: ep for ep in entry_points(group="santong.adapters")}


def known_adapters() -> dict[str, list[str]]:
    return {"sources": sorted(set(_SOURCES) | set(_plugins())), "sinks": sorted(set(_SINKS) | set(_plugins()))}


def _make(role: str, table: dict[str, Any], adapter: str, raw: dict[str, Any], ctx: AdapterContext, where: str) -> Any:
    if adapter in table:
        return table[adapter](raw, ctx, where)
    plugin = _plugins().get(adapter)
    factory = getattr(plugin.load(), f"make_{role}", None) if plugin is not None else None
    if factory is not None:
        return factory(raw, ctx)
    known = ", ".join(known_adapters()[f"{role}s"])
    raise ConfigError(f"{where}.adapter: no {role} adapter named {adapter!r} (known: {known})")


def make_source(adapter: str, raw: dict[str, Any], ctx: AdapterContext, *, where: str) -> Source:
    source: Source = _make("source", _SOURCES, adapter, raw, ctx, where)
    return source


def make_sink(adapter: str, raw: dict[str, Any], ctx: AdapterContext, *, where: str) -> Sink:
    sink: Sink = _make("sink", _SINKS, adapter, raw, ctx, where)
    return sink
