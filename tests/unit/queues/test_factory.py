"""``open_broker``: which broker a URL names, and which file."""

from __future__ import annotations

from pathlib import Path

import pytest

from queues.embedded import EmbeddedBroker
from queues.factory import open_broker
from queues.rabbitmq import RabbitMQBroker
from santong.errors import ConfigError


def opened_path(url: str) -> Path:
    broker = open_broker(url)
    try:
        assert isinstance(broker, EmbeddedBroker)
        return broker.path
    finally:
        broker.close()


def test_embedded_urls_name_absolute_and_relative_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert opened_path(f"embedded://{tmp_path}/a.sqlite") == tmp_path / "a.sqlite"
    assert opened_path("embedded://./rel/b.sqlite") == Path("./rel/b.sqlite")
    assert opened_path(f"sqlite:///{tmp_path}/c.sqlite") == tmp_path / "c.sqlite"  # four slashes: absolute
    assert opened_path("sqlite:///d.sqlite") == Path("d.sqlite")
    assert opened_path(str(tmp_path / "e.sqlite")) == tmp_path / "e.sqlite"
    assert (tmp_path / "rel" / "b.sqlite").exists()


def test_embedded_options_come_from_the_query(tmp_path: Path) -> None:
    broker = open_broker(f"embedded://{tmp_path}/x.sqlite?lease_s=5&poll_interval_s=0.05")
    try:
        assert isinstance(broker, EmbeddedBroker) and broker.lease_s == 5.0
    finally:
        broker.close()


@pytest.mark.parametrize(("url", "key", "value"), [
    ("redis://localhost:6379/0", "scheme", "redis"),
    ("embedded:///tmp/x.sqlite?lease=5", "option", "lease"),
    ("embedded:///tmp/x.sqlite?lease_s=soon", "option", "lease_s"),
    ("embedded://", "url", "embedded://"),
    ("sqlite:/x.sqlite", "scheme", "sqlite"),
])
def test_bad_urls_are_config_errors_naming_what_is_wrong(url: str, key: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        open_broker(url)
    assert caught.value.context[key] == value


@pytest.mark.rabbitmq
def test_amqp_urls_open_rabbitmq() -> None:
    broker = open_broker("amqp://guest:guest@127.0.0.1:5672/%2F", prefetch=10)
    try:
        assert isinstance(broker, RabbitMQBroker)
    finally:
        broker.close()
