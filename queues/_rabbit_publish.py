"""Pipelined publisher confirms over pika's ``BlockingConnection``.

``BlockingChannel.confirm_delivery()`` makes every ``basic_publish`` wait for its own
confirm: one round trip per message, about 1,400 messages a second.  Confirms are
asynchronous in the protocol, so we publish a whole batch and then wait once for all of
them.  pika's blocking API has no call for that, so this module works one level down:

* confirm mode, ``basic.return`` and channel close are registered on the channel's
  asynchronous core, ``BlockingChannel._impl`` (a ``pika.channel.Channel``), whose
  callbacks run synchronously while the connection processes input, and messages are
  published there, which only appends frames to the output buffer;
* the ``BlockingConnection`` drives the socket with its public ``process_data_events``
  until every delivery tag is confirmed.  That call only returns early for events the
  blocking layer knows of, so when the last confirm arrives we schedule a zero-delay
  ``call_later`` timer, which is such an event, and the wait ends at once.

``_impl`` is private, but it has been pika's structure since 1.0 and pika is pinned; the
contract suite fails if a pika upgrade changes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import pika  # type: ignore[import-untyped]
import pika.exceptions  # type: ignore[import-untyped]
import pika.spec  # type: ignore[import-untyped]
from pika.adapters.blocking_connection import BlockingConnection  # type: ignore[import-untyped]

from queues.base import OutgoingMessage
from santong.errors import PublishRejected

__all__ = ["ConfirmTimeout", "ConfirmingPublisher", "drive"]

PERSISTENT = 2
# Unconfirmed messages in flight at most; past it we wait for confirms before sending more,
# so a huge batch does not sit whole in pika's output buffer.
MAX_IN_FLIGHT = 2_000


class ConfirmTimeout(Exception):
    """The broker did not confirm in time; the connection can no longer be trusted."""


def drive(connection: BlockingConnection, done: Callable[[], bool], timeout_s: float) -> bool:
    """Process the connection's I/O until ``done()``; False if ``timeout_s`` ran out first.

    Raises pika's connection errors if the connection is lost meanwhile.
    """
    deadline = time.monotonic() + timeout_s
    while not done():
        remaining_s = deadline - time.monotonic()
        if remaining_s <= 0:
            return False
        connection.process_data_events(time_limit=remaining_s)
    return True


def _noop() -> None:
    pass


class ConfirmingPublisher:
    """One channel in confirm mode; ``publish`` sends a batch and waits for all its confirms."""

    def __init__(self, connection: BlockingConnection, *, confirm_timeout_s: float) -> None:
        self._connection = connection
        self._timeout_s = confirm_timeout_s
        self.channel = connection.channel()
        self._impl: Any = self.channel._impl
        self._next_tag = 1  # confirm mode numbers this channel's publishes 1, 2, 3 …
        self._lowest = 1  # no tag below this one is still unconfirmed
        self._unconfirmed: dict[int, str] = {}  # delivery tag -> message_id
        self._nacked: list[str] = []
        self._returned: list[tuple[str, str]] = []  # (message_id, "312 NO_ROUTE")
        self.closed_reason: BaseException | None = None
        selected: list[bool] = []

        def on_select_ok(_frame: Any) -> None:
            selected.append(True)
            self._wake()

        self._impl.add_on_return_callback(self._on_return)
        self._impl.add_on_close_callback(self._on_close)
        self._impl.confirm_delivery(ack_nack_callback=self._on_confirm, callback=on_select_ok)
        if not drive(connection, lambda: bool(selected) or self.closed_reason is not None, self._timeout_s):
            raise ConfirmTimeout("no Confirm.SelectOk")

    @property
    def usable(self) -> bool:
        return self.closed_reason is None and self.channel.is_open

    def publish(self, exchange: str, messages: Sequence[OutgoingMessage], *, mandatory: bool) -> None:
        """Send every message, then wait for every confirm.

        Raises ``PublishRejected`` naming the message ids that were returned (unroutable
        and mandatory) or nacked, or all of them when the broker closed the channel (such as
        for a missing exchange); ``ConfirmTimeout``; pika's errors for a lost connection.
        """
        if not messages:
            return
        for m in messages:
            if len(self._unconfirmed) >= MAX_IN_FLIGHT:
                self._wait(lambda: len(self._unconfirmed) < MAX_IN_FLIGHT // 2)
            if self.closed_reason is not None:
                break
            props = pika.BasicProperties(delivery_mode=PERSISTENT, message_id=m.message_id,
                                         headers=dict(m.headers), content_type=m.content_type)
            self._impl.basic_publish(exchange=exchange, routing_key=m.routing_key, body=m.body,
                                     properties=props, mandatory=mandatory)
            self._unconfirmed[self._next_tag] = m.message_id
            self._next_tag += 1
        self._wait(lambda: not self._unconfirmed)
        returned, nacked = self._returned, self._nacked
        self._returned, self._nacked = [], []
        reason = self.closed_reason
        if reason is not None:
            if not isinstance(reason, pika.exceptions.ChannelClosedByBroker):
                raise reason  # the connection went down under the channel
            raise PublishRejected("the broker refused the publish and closed the channel", exchange=exchange,
                                  reply=_reply(reason), message_ids=[m.message_id for m in messages])
        if returned:
            raise PublishRejected("message(s) returned: no queue is bound for them", exchange=exchange,
                                  reply=returned[0][1], message_ids=[mid for mid, _ in returned])
        if nacked:
            raise PublishRejected("the broker nacked message(s)", exchange=exchange, reply="nack",
                                  message_ids=nacked)

    def _wait(self, done: Callable[[], bool]) -> None:
        if not drive(self._connection, lambda: done() or self.closed_reason is not None, self._timeout_s):
            raise ConfirmTimeout(f"{len(self._unconfirmed)} message(s) unconfirmed after {self._timeout_s} s")

    # --- callbacks from pika's I/O loop: record, never raise ---------------------------

    def _on_confirm(self, frame: Any) -> None:
        method = frame.method
        nack = isinstance(method, pika.spec.Basic.Nack)
        tags = range(self._lowest, method.delivery_tag + 1) if method.multiple else (method.delivery_tag,)
        before = len(self._unconfirmed)
        for tag in tags:
            message_id = self._unconfirmed.pop(tag, None)
            if nack and message_id is not None:
                self._nacked.append(message_id)
        while self._lowest < self._next_tag and self._lowest not in self._unconfirmed:
            self._lowest += 1
        after = len(self._unconfirmed)
        # Wake the waiter only when what it waits for may have happened: all confirmed,
        # or the in-flight window drained below half.
        if after == 0 or before >= MAX_IN_FLIGHT // 2 > after:
            self._wake()

    def _on_return(self, _channel: Any, method: Any, properties: Any, _body: bytes) -> None:
        # RabbitMQ sends basic.return before the message's basic.ack, so this is recorded
        # by the time the wait for confirms ends.
        self._returned.append((properties.message_id or "", f"{method.reply_code} {method.reply_text}"))

    def _on_close(self, _channel: Any, reason: BaseException) -> None:
        self.closed_reason = reason
        self._wake()

    def _wake(self) -> None:
        # A ready timer makes process_data_events return instead of sleeping out its limit.
        if self._connection.is_open:
            self._connection.call_later(0, _noop)


def _reply(reason: BaseException) -> str:
    code = getattr(reason, "reply_code", None)
    text = getattr(reason, "reply_text", None)
    return f"{code} {text}" if code is not None else repr(reason)
