"""Open the broker a URL names.

    open_broker("amqp://santong:secret@mq1:5672/%2F", prefetch=200)   # RabbitMQ
    open_broker("embedded:///var/lib/santong/broker.sqlite")          # embedded, absolute path
    open_broker("embedded://./data/broker.sqlite")                   # embedded, relative path
    open_broker("sqlite:////var/lib/santong/broker.sqlite")          # SQLAlchemy's spelling
    open_broker("/var/lib/santong/broker.sqlite")                    # a plain path

``embedded://`` is followed by the path itself, so ``embedded://${home}/broker.sqlite``
works for an absolute and a relative home alike.  ``sqlite:///`` follows SQLAlchemy, as
the journal's URL does: three slashes then a relative path, four for an absolute one.
The embedded broker takes ``?lease_s=…&poll_interval_s=…``; any other option is an error.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from queues.base import Broker
from santong.errors import ConfigError

__all__ = ["open_broker"]

_EMBEDDED_OPTIONS = ("lease_s", "poll_interval_s")
# A URL scheme as RFC 3986 spells it; "C:" style drive letters are not a concern here.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def open_broker(url: str, *, prefetch: int = 200) -> Broker:
    """A connected broker for ``url``; ``prefetch`` applies to RabbitMQ only (the embedded
    broker holds nothing in advance: each fetch takes what it returns)."""
    url = url.strip()
    has_scheme = _SCHEME.match(url)
    if has_scheme is None:
        return _embedded(url, "", url)
    scheme, rest = has_scheme.group(1).lower(), url[has_scheme.end():]
    if not rest.startswith("//"):
        raise ConfigError("代理地址应为 协议://… (broker URL must be scheme://…)", scheme=scheme, url=url)
    rest = rest[2:]
    if scheme in ("amqp", "amqps"):
        from queues.rabbitmq import RabbitMQBroker

        return RabbitMQBroker(url, prefetch=prefetch)
    if scheme in ("embedded", "sqlite"):
        path, _, query = rest.partition("?")
        if scheme == "sqlite":
            if not path.startswith("/"):
                raise ConfigError("sqlite 地址应为 sqlite:///相对路径 或 sqlite:////绝对路径 "
                                  "(expected sqlite:///relative or sqlite:////absolute)", url=url)
            path = path[1:]
        return _embedded(path, query, url)
    raise ConfigError("不支持的代理地址协议 (unsupported broker URL scheme)", scheme=scheme,
                      supported="amqp, amqps, embedded, sqlite")


def _embedded(path: str, query: str, url: str) -> Broker:
    from queues.embedded import EmbeddedBroker

    if not path:
        raise ConfigError("嵌入式代理地址缺少文件路径 (the embedded broker URL names no file)", url=url)
    options: dict[str, float] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key not in _EMBEDDED_OPTIONS:
            raise ConfigError("未知的代理地址参数 (unknown broker URL option)", option=key,
                              supported=", ".join(_EMBEDDED_OPTIONS))
        try:
            options[key] = float(value)
        except ValueError as exc:
            raise ConfigError("代理地址参数应为数字 (broker URL option must be a number)", option=key,
                              value=value) from exc
    return EmbeddedBroker(path, **options)
