"""扬州市公共资源交易平台 数据交换服务 (REST v2, ``sources/ggzy.md``): source adapter and simulator.

    from adapters.ggzy import GgzySettings, GgzySimulator, GgzySource, SimConfig

    sim = GgzySimulator(SimConfig(seed=1), clock=clock)
    source = GgzySource(GgzySettings(base_url=url + "/ggzy/api/v2", app_key="YZGGZY321081ST01", app_secret=secret))

Adapter: ``settings``, ``signing`` (§2.4, pure), ``client`` (signed calls, error mapping),
``source`` (paging by ``(DATA_TIMESTAMP, ID)``, cursor, content versions).  Simulator:
``simulator`` (state, knobs, evidence), ``simapp`` (HTTP, ``/_sim/``), ``simauth`` (§2.4 checks,
limits), ``simstore`` (keyset pages), ``simdata`` / ``simdeals`` / ``simfixtures`` (seeded records),
``simjson`` (numbers written as the desktop client wrote them), ``tradecode`` (MOD 37-2).
"""

from adapters.ggzy.settings import GgzySettings
from adapters.ggzy.simconfig import FaultConfig, QuirkRates, SimConfig, SimKey
from adapters.ggzy.simulator import GgzySimulator
from adapters.ggzy.source import DealCount, GgzySource

__all__ = ["DealCount", "FaultConfig", "GgzySettings", "GgzySimulator", "GgzySource", "QuirkRates", "SimConfig", "SimKey"]
