"""An integrator fixes a wrong code-table entry in a data file, runs the remap replay from the
command line, and the records that were quarantined for it are delivered and accepted."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from adapters.simserver import SimServer
from hub.cli import main
from hub.config import load_config
from hub.demo import STHJ_APP_ID, DemoOptions, demo_config
from hub.runtime import Hub
import mappings
from signatures.keys import load_or_create_node_key

SHIPPED = Path(mappings.__file__).parent / "tables" / "CHECK_TYPE.yaml"


def test_a_fixed_code_table_and_a_remap_release_the_quarantined_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from adapters.province import ProvinceSimConfig, ProvinceSimulator
    from adapters.sthj import SimApp, SimConfig, SthjSimulator

    # The integrator's copy of CHECK_TYPE has a wrong label for code 4 (日常检查).
    overlay = tmp_path / "tables"
    overlay.mkdir()
    shipped = SHIPPED.read_text(encoding="utf-8")
    assert "日常检查" in shipped
    (overlay / "CHECK_TYPE.yaml").write_text(shipped.replace("日常检查", "日常巡检"), encoding="utf-8")

    sthj = SthjSimulator(SimConfig(seed=5, size=150, bad_rate=0.0, settle_ms=0, backup_enabled=False,
                                   apps=(SimApp(read_restricted=True),)))
    province = ProvinceSimulator(ProvinceSimConfig(nightly_window=False))
    key = load_or_create_node_key(tmp_path / "keys" / "node.pem")
    province.register_node_key("santong-321081", key.public_key.to_hex())
    with SimServer(sthj.app) as s, SimServer(province.app) as p:
        config = tmp_path / "santong.yaml"
        config.write_text(yaml.safe_dump(demo_config(DemoOptions(home=tmp_path), s.url, p.url, "santong"),
                                         allow_unicode=True), encoding="utf-8")
        hub = Hub(load_config(config, home=tmp_path))
        hub.start()
        try:
            expected = len(sthj.final_versions(STHJ_APP_ID))
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                first = hub.journal.summary(["province"])
                if first["raw"] == expected and first["lost"] == 0:
                    break
                time.sleep(0.3)
            assert first["quarantined"] > 0
            assert set(first["quarantined_by_reason"]) == {"data.check_type CODE_UNKNOWN"}

            # The fix, in the data file; then the remap replay from the command line.
            (overlay / "CHECK_TYPE.yaml").write_text(shipped, encoding="utf-8")
            try:
                main(["--home", str(tmp_path), "--config", str(config), "replay", "--status", "quarantined",
                      "--remap", "--reason", "CHECK_TYPE 日常检查 restored", "--actor", "integrator"])
            except SystemExit as exc:
                assert not exc.code
            out = capsys.readouterr().out
            assert "now pass and were sent on, 0 still quarantined" in out and str(first["quarantined"]) in out

            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                final = hub.journal.summary(["province"])
                if final["quarantined"] == 0 and final["lost"] == 0 and final["accepted"] >= first["accepted"] + first[
                        "quarantined"]:
                    break
                time.sleep(0.3)
        finally:
            hub.stop()
    assert final["quarantined"] == 0 and final["lost"] == 0
    assert final["accepted"] == first["accepted"] + first["quarantined"]
    assert province.counters()["receivedTwice"]["records"] == {}
    audit = hub.journal.audit_entries()
    assert audit[0]["action"] == "remap" and audit[0]["actor"] == "integrator"
    hub.journal.close()
