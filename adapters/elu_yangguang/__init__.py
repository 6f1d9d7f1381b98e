"""e路阳光 工程建设项目审批监管系统 (XML over HTTP, ``sources/elu-yangguang.md``): source adapter and simulator.

    from adapters.elu_yangguang import EluSettings, EluSimulator, EluSource, SimConfig

    sim = EluSimulator(SimConfig(projects=50))
    source = EluSource(EluSettings(base_url=url + "/elyg/api/v2", appkey=DOC_APPKEY, appsecret=DOC_APPSECRET))

Adapter: ``settings``, ``auth`` (§2.1 digest and request documents), ``xmlsafe`` (encodings, DTD
refusal), ``client`` (tokens, error translation), ``source`` (windows, paging, quirks 13/14).
Simulator: ``simulator`` (state, HTTP, evidence, ``/_sim/``), ``simservice`` (interface rules),
``simstore`` (records, limits), ``simdata``/``simvocab`` (seeded records), ``simxml`` (bytes).
"""

from adapters.elu_yangguang.settings import EluSettings
from adapters.elu_yangguang.simconfig import DOC_APPKEY, DOC_APPSECRET, Faults, Quirks, SimConfig, SimKey
from adapters.elu_yangguang.simulator import EluSimulator
from adapters.elu_yangguang.source import EluSource

NAME = "elu-yangguang"

__all__ = ["DOC_APPKEY", "DOC_APPSECRET", "NAME", "EluSettings", "EluSimulator", "EluSource", "Faults", "Quirks",
           "SimConfig", "SimKey"]
