"""The broker port and its two implementations: RabbitMQ (pika) and the embedded SQLite broker."""

from queues.base import Broker, Delivery, OutgoingMessage, headers_attempt
from queues.topology import ExchangeSpec, QueueSpec, BindingSpec, Topology

__all__ = [
    "Broker",
    "Delivery",
    "OutgoingMessage",
    "headers_attempt",
    "ExchangeSpec",
    "QueueSpec",
    "BindingSpec",
    "Topology",
]
