"""Exchange routing exactly as RabbitMQ does it, for the embedded broker (and for tests).

    >>> topic_matches("a.#.b", "a.b")
    True
    >>> route("topic", [("q1", "a.*"), ("q2", "#")], "a.x")
    {'q1', 'q2'}

Topic keys and patterns are words separated by ``.``; ``*`` stands for exactly one word
and ``#`` for zero or more.  The split is RabbitMQ's, word for word: ``""`` has no words
at all (so ``#`` matches it and ``*`` does not), while ``"a."`` has two, the second one
empty (so ``a.*`` matches it).  Only a whole word is a wildcard: ``a#`` is a plain word.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

__all__ = ["EXCHANGE_TYPES", "route", "split_words", "topic_matches"]

EXCHANGE_TYPES = ("direct", "fanout", "topic")


def split_words(key: str) -> tuple[str, ...]:
    """The words of a routing key or binding pattern, as RabbitMQ's ``split_topic_key``."""
    # RabbitMQ maps the empty key to zero words; str.split would give one empty word.
    return () if key == "" else tuple(key.split("."))


@lru_cache(maxsize=8192)
def topic_matches(pattern: str, routing_key: str) -> bool:
    """Whether a topic binding ``pattern`` takes a message published with ``routing_key``."""
    words = split_words(routing_key)
    # reach[j]: the pattern words seen so far can consume exactly words[:j].
    reach = [True] + [False] * len(words)
    for p in split_words(pattern):
        if p == "#":
            seen = False
            for j, r in enumerate(reach):
                seen = seen or r
                reach[j] = seen
        else:
            reach = [False] + [reach[j] and (p == "*" or p == w) for j, w in enumerate(words)]
        if not any(reach):
            return False
    return reach[-1]


def route(exchange_type: str, bindings: Iterable[tuple[str, str]], routing_key: str) -> set[str]:
    """Queues an exchange of ``exchange_type`` delivers ``routing_key`` to.

    ``bindings`` are ``(queue, binding_key)`` pairs of that exchange.  A queue bound
    several ways still gets one copy, as in RabbitMQ.
    """
    if exchange_type == "fanout":
        return {queue for queue, _ in bindings}
    if exchange_type == "direct":
        return {queue for queue, key in bindings if key == routing_key}
    if exchange_type == "topic":
        return {queue for queue, key in bindings if topic_matches(key, routing_key)}
    raise ValueError(f"unsupported exchange type {exchange_type!r}")
