"""仪征市市场监督管理局 SJJH (SOAP 1.1, ``sources/scjg-soap.md``): source adapter and simulator.

    from adapters.scjg import ScjgSettings, ScjgSimulator, ScjgSource, SimConfig

    sim = ScjgSimulator(SimConfig(seed=1, size=400), clock=clock)
    source = ScjgSource(ScjgSettings(service_url=url + SERVICE_PATH, username="santong_yz", password=pw))

Adapter: ``settings``, ``security`` (§2.3 digest, zeep plugin), ``client`` (zeep, faults),
``faults`` (§3.7 → santong errors), ``cursor`` and ``source`` (§3.3 loop).  Simulator:
``simulator`` (state, evidence), ``simapp`` (HTTP, gateway, ``/_sim/``), ``simservice``
(check order of §2.4), ``simsoap`` (XML out), ``simdata`` / ``simbad`` (seeded records).
"""

from adapters.scjg.settings import ScjgSettings
from adapters.scjg.simbad import BadRecord
from adapters.scjg.simconfig import SimAccount, SimConfig
from adapters.scjg.simulator import RequestRecord, ScjgSimulator
from adapters.scjg.source import ScjgSource
from adapters.scjg.wire import SERVICE_PATH

__all__ = ["SERVICE_PATH", "BadRecord", "RequestRecord", "ScjgSettings", "ScjgSimulator", "ScjgSource", "SimAccount",
           "SimConfig"]
