"""扬州市公共信用信息平台 (``sources/credit.md``): 双公示 sink, list-change source, credit query, simulator.

    from adapters.credit import CreditListSource, CreditQuery, CreditSettings, CreditSimulator, CreditSink, SimConfig

    settings = CreditSettings(base_url=url + "/xyyz/api", app_id="yz-santong-321081", app_secret=secret)
    source = CreditListSource(settings)      # XY_LIST raw events (kind LIST_CHANGE, source_id eventId)
    sink = CreditSink(settings)              # XYSGS_XK / XYSGS_CF → §3.1/§3.2 batches, per-row outcomes
    query = CreditQuery(settings)            # §3.7, HIT / CLEAN / UNKNOWN

Adapter: ``settings``, ``signing`` (§2.2, pure), ``client`` (signed calls, error mapping),
``source``, ``render`` + ``sink``, ``query``, ``legacy`` (§3.4/§3.5, §3.8).  Simulator:
``simulator`` (state, evidence), ``simapp`` / ``simcontrol`` (HTTP), ``simguard`` (auth,
limits), ``simrows`` (§4.4 rules), ``simlegacy`` (§4.5), ``simbatches``, ``simfeed``,
``simcheck``, ``simexport`` (GBK CSV), ``simdata`` (seeded content).
"""

from adapters.credit.query import CheckRequest, CreditQuery, Verdict
from adapters.credit.settings import CreditSettings
from adapters.credit.simconfig import SimApp, SimConfig, SimFaults
from adapters.credit.simulator import CreditSimulator
from adapters.credit.sink import CreditSink
from adapters.credit.source import CreditListSource

__all__ = ["CheckRequest", "CreditListSource", "CreditQuery", "CreditSettings", "CreditSimulator", "CreditSink",
           "SimApp", "SimConfig", "SimFaults", "Verdict"]
