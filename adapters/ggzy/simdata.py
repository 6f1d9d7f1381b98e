"""The seeded content of the simulated platform (ggzy.md §8 items 3 and 4).

    data = SimData(SimConfig(seed=7))
    data.records        # [(kind, record)], fixtures first; records are the wire form (RawNumber, ABSENT)
    data.bad            # {(kind, ID): BadRecord}: records the standard rejects, and the field it names

Generated deals run from 2015-03 to ``data_end``; more 2015–2018 deals are added until the
nightly group (``group_size`` WIN_RESULT records re-stamped to ``group_stamp``, unchanged) can
be filled, so that a timestamp-only pager demonstrably loses records (quirk 7).
"""

from __future__ import annotations

import random
from typing import Any

from adapters.ggzy.simconfig import SimConfig
from adapters.ggzy.simdeals import BadRecord, DealFactory
from adapters.ggzy.simfixtures import QUIRK10_CODE, fixture_records
from adapters.ggzy.wire import d14_to_ms

__all__ = ["SimData"]

_START_MS = d14_to_ms("20150302090000")
_LEGACY_END_MS = d14_to_ms("20181220170000")
_DAY = 86_400_000
_TZ_MS = 8 * 3_600_000


class SimData:
    """Fixtures, generated deals for 321081 and 321000, the nightly group, and the bad records."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        rng = random.Random(config.seed)
        factory = DealFactory(rng, config.quirks, config.bad_rate)
        end_ms = d14_to_ms(config.data_end)
        self.records: list[tuple[str, dict[str, Any]]] = fixture_records()
        self._fixture_ids = {r["ID"] for _, r in self.records}  # they keep the stamps §6 prints
        self.bad: dict[tuple[str, str], BadRecord] = {
            ("BID_SECTION", "2b3c4d5e6f708192a3b4c5d6e7f80912"):
                BadRecord(f"quirk 10: {QUIRK10_CODE} fails MOD 37-2, never repaired", "data.unified_deal_code", "CHECKSUM"),
        }
        def office_hours(ms: float) -> int:  # 进场登记 happens between 08:30 and 17:00 Beijing time
            return int((ms + _TZ_MS) // _DAY * _DAY - _TZ_MS) + rng.randint(30_600, 61_200) * 1000

        for _ in range(config.projects):
            created = office_hours(_START_MS + (end_ms - _START_MS) * rng.random() ** 0.6)  # more deals lately
            self.records += factory.deal("321081", created, end_ms)
        for _ in range(config.other_region_projects):
            self.records += factory.deal("321000", office_hours(rng.randrange(_START_MS, end_ms)), end_ms)
        group = [r for k, r in self.records if k == "WIN_RESULT" and r["DATA_TIMESTAMP"] == config.group_stamp]
        while len(self._group_candidates()) < config.group_size - len(group):
            self.records += factory.deal("321081", office_hours(rng.randrange(_START_MS, _LEGACY_END_MS)), end_ms)
        candidates = self._group_candidates()
        for record in rng.sample(candidates, max(0, config.group_size - len(group))):
            record["DATA_TIMESTAMP"] = config.group_stamp  # re-stamped, content unchanged (quirk 8)
        self.bad.update(factory.bad)

    def _group_candidates(self) -> list[dict[str, Any]]:
        stamp = self.config.group_stamp
        return [r for k, r in self.records if k == "WIN_RESULT" and r["REGION_CODE"] == "321081"
                and r["DATA_STATE"] == "1" and r["DATA_TIMESTAMP"] < stamp and len(r["ID"]) == 32
                and r["ID"] not in self._fixture_ids]
