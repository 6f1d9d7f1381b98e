"""The header values both brokers carry unchanged, checked before anything is sent.

pika 1.4 cannot encode a float in an AMQP table and the embedded broker stores headers as
JSON, so the common ground is: ``str``, ``int`` (signed 64-bit), ``bool``, ``None``,
``datetime`` (whole seconds; a naive one is taken as UTC; handed back aware, in UTC, as
pika does) and lists and
``str``-keyed dicts of those.  Both brokers refuse anything else the same way, before
publishing any message of the batch, so that code tried on the embedded broker does not
break on RabbitMQ.  A time of finer grain goes in as integer milliseconds (``…_ms``).
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from queues.base import OutgoingMessage
from santong.errors import ConfigError

__all__ = ["check_headers", "dumps_headers", "loads_headers", "utc_now_s"]

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_DATETIME_TAG = "$datetime"  # JSON has no date type: {"$datetime": seconds since the epoch}


def check_headers(messages: Sequence[OutgoingMessage]) -> None:
    """Raise ``ConfigError`` naming the message and header of the first unsupported value."""
    for m in messages:
        for key, value in m.headers.items():
            problem = _problem(key, value)
            if problem is not None:
                raise ConfigError("消息头的值类型不受支持 (unsupported header value)", message_id=m.message_id,
                                  header=key, problem=problem)


def dumps_headers(headers: dict[str, Any]) -> str:
    """JSON for the embedded broker's table (values already passed ``check_headers``)."""
    return json.dumps(headers, ensure_ascii=False, default=_encode_datetime)


def loads_headers(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(text, object_hook=_decode_datetime)
    return loaded


def utc_now_s() -> datetime:
    """Now, as a header carries it: whole seconds, UTC."""
    return datetime.now(UTC).replace(microsecond=0)


def _encode_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        # pika's own encoding: utctimetuple() (naive taken as UTC), whole seconds.
        return {_DATETIME_TAG: calendar.timegm(value.utctimetuple())}
    raise TypeError(f"{type(value).__name__} is not a header value")


def _decode_datetime(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and isinstance(obj.get(_DATETIME_TAG), int):
        return datetime.fromtimestamp(obj[_DATETIME_TAG], UTC)
    return obj


def _problem(key: Any, value: Any) -> str | None:
    if not isinstance(key, str) or len(key.encode("utf-8")) > 255:
        return "keys must be strings of at most 255 bytes"
    if key == _DATETIME_TAG:
        return f"{_DATETIME_TAG} is reserved"
    return _value_problem(value)


def _value_problem(value: Any) -> str | None:
    if value is None or isinstance(value, (str, bool, datetime)):
        return None
    if isinstance(value, int):
        # Comparisons, not `in range(…)`: that is linear for int subclasses, and pika
        # hands back 64-bit integers as one (pika.compat.long).
        return None if _INT64_MIN <= value <= _INT64_MAX else "integer outside 64 bits"
    if isinstance(value, list):
        return next((p for p in map(_value_problem, value) if p is not None), None)
    if isinstance(value, dict):
        return next((p for k, v in value.items() if (p := _problem(k, v)) is not None), None)
    return f"{type(value).__name__} is not supported (use str, int, bool, None, datetime, list, dict)"
