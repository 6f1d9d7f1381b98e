"""仪征市生态环境局 环境监管执法系统 (REST v2, ``sources/sthj-rest.md``): source adapter and simulator.

    from adapters.sthj import SimConfig, SthjSettings, SthjSimulator, SthjSource

    sim = SthjSimulator(SimConfig(seed=1, size=1000))
    source = SthjSource(SthjSettings(base_url=url, app_id="yzhb_3f9a0c51d7e2", app_secret=secret))

Adapter: ``settings`` (configuration), ``signing`` (§2.2, pure), ``client`` (signed calls,
error translation), ``source`` (paging, cursor, quirk 11b).  Simulator: ``simulator`` (state
and evidence), ``simapp`` (HTTP, gateway faults, ``/_sim/`` controls), ``simservice`` (check
order), ``simstore``, ``simcursor``, ``simlimits``, ``simdata`` / ``simrecords`` / ``simbad``
(seeded records), ``simjson`` (Java double literals), ``identifiers`` (GB 32100/11714/11643).
"""

from adapters.sthj.settings import SthjSettings
from adapters.sthj.simconfig import (
    ChurnConfig,
    FaultConfig,
    QuirkRates,
    SimApp,
    SimConfig,
)
from adapters.sthj.simulator import SthjSimulator
from adapters.sthj.source import SthjSource

__all__ = ["ChurnConfig", "FaultConfig", "QuirkRates", "SimApp", "SimConfig", "SthjSettings", "SthjSimulator", "SthjSource"]
