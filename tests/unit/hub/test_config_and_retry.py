"""Configuration is validated at the edge and names the key; the retry policy picks tiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.config import load_config, parse_config
from hub.retry import decide, poll_backoff_s
from santong.errors import ConfigError


def test_unknown_key_and_bad_value_are_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config({"broker": {"prefetch": 0}, "colour": "red"}, home=tmp_path)
    text = str(err.value)
    assert "broker.prefetch" in text and "colour" in text


def test_destination_needs_routes(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="destinations.province.routes"):
        parse_config({"destinations": {"province": {"adapter": "province", "routes": []}}}, home=tmp_path)


def test_home_is_expanded_in_defaults_and_values(tmp_path: Path) -> None:
    cfg = parse_config({"journal": {"url": "sqlite:///${home}/j.sqlite"}}, home=tmp_path)
    assert cfg.journal.url == f"sqlite:///{tmp_path}/j.sqlite"
    assert cfg.broker.url == f"embedded://{tmp_path}/broker.sqlite"


def test_example_configurations_load(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[3] / "config"
    for name in ("santong.example.yaml", "santong.production.yaml"):
        cfg = load_config(root / name, home=tmp_path)
        assert "province" in cfg.destinations and "sthj" in cfg.sources


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("broker: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.yaml"):
        load_config(path, home=tmp_path)


def test_topology_has_the_standard_names(tmp_path: Path) -> None:
    cfg = parse_config({"sources": {"sthj": {"adapter": "sthj"}},
                        "destinations": {"province": {"adapter": "province", "routes": ["JGXW_CHECK.*"]}}},
                       home=tmp_path)
    names = {q.name for q in cfg.topology().queues}
    assert {"santong.normalize.sthj", "santong.normalize.sthj.dead", "santong.deliver.province",
            "santong.deliver.province.dead", "santong.quarantine", "santong.delay.1s", "santong.delay.1h"} <= names


def test_retry_tiers_follow_attempts_then_dead_letter() -> None:
    tiers = (1000, 10000, 60000)
    assert decide(1, 4, tiers).delay_ms == 1000
    assert decide(2, 4, tiers).delay_ms == 10000
    assert decide(3, 4, tiers).delay_ms == 60000
    assert decide(4, 4, tiers).dead


def test_retry_after_picks_a_long_enough_tier() -> None:
    assert decide(1, 5, (1000, 10000, 60000), retry_after_s=5).delay_ms == 10000
    assert decide(1, 5, (1000, 10000), retry_after_s=3600).delay_ms == 10000


def test_poll_backoff_grows_and_honours_retry_after() -> None:
    assert poll_backoff_s(1) == 1.0
    assert poll_backoff_s(4) == 8.0
    assert poll_backoff_s(30) == 300.0
    assert poll_backoff_s(1, retry_after_s=1050) == 1050
