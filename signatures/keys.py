"""The node's own key file and peers' public keys (a minimal keyring for now).

    key = load_or_create_node_key(Path("/var/lib/santong/node-key.pem"))   # PKCS#8, mode 0600
    province = load_public_key(Path("config/keys/js-province.pem"))         # PEM or 04‖x‖y hex
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from santong.errors import ConfigError
from signatures.sm2 import InvalidKey, SM2PrivateKey, SM2PublicKey

__all__ = ["load_or_create_node_key", "load_private_key", "load_public_key"]


def load_private_key(path: Path) -> SM2PrivateKey:
    """Read a private-key PEM, refusing a file that group or others may read or write."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise ConfigError(f"私钥文件无法读取 / cannot read private key file {path}: {exc}", file=str(path)) from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"私钥文件权限过宽 / private key file {path} is accessible to group or others "
            f"(mode {stat.S_IMODE(mode):04o}); chmod 600 it",
            file=str(path),
        )
    try:
        return SM2PrivateKey.from_pem(path.read_text("ascii"))
    except (OSError, UnicodeDecodeError, InvalidKey) as exc:
        raise ConfigError(f"私钥文件无效 / bad private key file {path}: {exc}", file=str(path)) from exc


def load_or_create_node_key(path: Path) -> SM2PrivateKey:
    """Load the node key, or create it (PKCS#8 PEM, mode 0600, directory 0700 if new).

    Creation is atomic and never overwrites: a key another process wrote first wins.
    """
    if path.exists():
        return load_private_key(path)
    key = SM2PrivateKey.generate()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), 0o600)  # whatever the umask
            f.write(key.to_pem().encode("ascii"))
            f.flush()
            os.fsync(f.fileno())
        os.link(tmp, path)  # fails if the file appeared meanwhile: never clobber a key
    except FileExistsError:
        return load_private_key(path)
    finally:
        tmp.unlink()
    return key


def load_public_key(source: str | Path) -> SM2PublicKey:
    """A peer's public key from a PEM text, a 130-character hex ``04‖x‖y``, or a file holding either."""
    try:
        text = source.read_text("ascii") if isinstance(source, Path) else source
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"公钥文件无法读取 / cannot read public key file {source}: {exc}", file=str(source)) from exc
    stripped = text.strip()
    try:
        if "-----BEGIN" in stripped:
            return SM2PublicKey.from_pem(stripped)
        if stripped and all(c in "0123456789abcdefABCDEF" for c in stripped):
            return SM2PublicKey.from_hex(stripped)
        if isinstance(source, str) and Path(source).is_file():
            return load_public_key(Path(source))
    except InvalidKey as exc:
        raise ConfigError(f"公钥无效 / bad public key: {exc}", source=str(source)[:80]) from exc
    raise ConfigError("须为 PEM、130 位十六进制或其文件 / not a PEM, 130-hex key or key file", source=str(source)[:80])
