"""The node key file (created 0600, refused when group/others can read it) and peer key loading."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from santong.errors import ConfigError
from signatures import (
    SM2PrivateKey,
    load_or_create_node_key,
    load_private_key,
    load_public_key,
)

SANTONG_P = (
    "04af8b7910d3f8ad1506b98ad068f8662fd21ac93710fe851c0dc051753dc65757"
    "a9c1847ece1c60a408ee4c4162e1744a2f7ebc31aa16bffd8161da0449f57839"
)


@pytest.fixture
def lax_umask() -> Iterator[None]:
    """A umask that would leave new files world-readable: the key file must not care."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_node_key_is_created_0600_and_loaded_again(tmp_path: Path, lax_umask: None) -> None:
    path = tmp_path / "keys" / "node.pem"
    key = load_or_create_node_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert load_or_create_node_key(path).public_key == key.public_key
    assert [p.name for p in path.parent.iterdir()] == ["node.pem"]  # no temporary file left


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o602])
def test_key_file_open_to_group_or_others_is_refused_naming_the_file(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "node.pem"
    load_or_create_node_key(path)
    path.chmod(mode)
    with pytest.raises(ConfigError) as info:
        load_or_create_node_key(path)
    assert str(path) in str(info.value) and info.value.context["file"] == str(path)


def test_owner_only_modes_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "node.pem"
    key = load_or_create_node_key(path)
    path.chmod(0o400)
    assert load_private_key(path).public_key == key.public_key


def test_garbage_key_file_is_a_config_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "node.pem"
    path.write_text("not a key")
    path.chmod(0o600)
    with pytest.raises(ConfigError, match="node.pem"):
        load_or_create_node_key(path)


def test_an_existing_key_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "node.pem"
    original = SM2PrivateKey.generate()
    path.write_text(original.to_pem())
    path.chmod(0o600)
    assert load_or_create_node_key(path).public_key == original.public_key


def test_public_key_from_pem_hex_or_file(tmp_path: Path, fixture_bytes: Callable[[str], bytes]) -> None:
    pem = fixture_bytes("santong-321081.pub.pem").decode()
    file = tmp_path / "santong.pem"
    file.write_text(pem)
    hex_file = tmp_path / "santong.hex"
    hex_file.write_text(SANTONG_P.upper() + "\n")
    keys = [load_public_key(pem), load_public_key(SANTONG_P), load_public_key(file), load_public_key(str(file)), load_public_key(hex_file)]
    assert {k.to_hex() for k in keys} == {SANTONG_P}


@pytest.mark.parametrize("text", [SANTONG_P[2:], "04" + "00" * 64, "no such key", ""])
def test_bad_public_keys_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError):
        load_public_key(text)


def test_missing_public_key_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing.pem"):
        load_public_key(tmp_path / "missing.pem")
