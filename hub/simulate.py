"""``santong simulate NAME``: serve a simulator on 127.0.0.1 until interrupted.

The province simulator trusts the documents' test key of ``santong-321081`` and this home's
node key (``HOME/keys/node.pem``, created when missing), so a hub with the same home can
deliver to it at once.
"""

from __future__ import annotations

import signal
from importlib import import_module
import threading
from pathlib import Path

from adapters.simserver import SimServer
from santong.errors import ConfigError
from signatures.keys import load_or_create_node_key

__all__ = ["serve", "SIMULATORS"]

SIMULATORS = ("sthj", "province", "scjg", "hotline12345", "elu-yangguang", "ggzy", "credit")

# Simulators served with their own seeded defaults: (module, class).
_OTHERS = {
    "scjg": ("adapters.scjg", "ScjgSimulator"),
    "hotline12345": ("adapters.hotline12345", "HotlineSimulator"),
    "elu-yangguang": ("adapters.elu_yangguang", "EluSimulator"),
    "ggzy": ("adapters.ggzy", "GgzySimulator"),
    "credit": ("adapters.credit", "CreditSimulator"),
}


def _app(name: str, *, records: int, seed: int, home: Path) -> object:
    if name == "sthj":
        from adapters.sthj import SimConfig, SthjSimulator

        sim = SthjSimulator(SimConfig(seed=seed, size=records))
        print(f"sthj simulator: {len(sim.final_versions())} records, app_id and secret of sthj-rest.md §2.3")
        return sim.app
    if name == "province":
        from adapters.province import ProvinceSimulator

        province = ProvinceSimulator()
        key = load_or_create_node_key(home / "keys" / "node.pem")
        province.register_node_key("santong-321081", key.public_key.to_hex())
        print("province simulator: base URL …/exchange/v1; trusts the test key of province.md §3.5 "
              f"and {home / 'keys' / 'node.pem'}")
        return province.app
    if name in _OTHERS:
        module, cls = _OTHERS[name]
        sim = getattr(import_module(module), cls)()
        print(f"{name} simulator: seeded default data, credentials of its interface document")
        return sim.app
    raise ConfigError(f"no simulator named {name!r} (known: {', '.join(SIMULATORS)})")


def serve(name: str, *, port: int, records: int, seed: int, home: Path) -> None:
    app = _app(name, records=records, seed=seed, home=home)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with SimServer(app, port=port, log_level="info") as server:
        print(f"serving {name} on {server.url} — Ctrl-C to stop", flush=True)
        stop.wait()
