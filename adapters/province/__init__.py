"""The provincial 互联网+监管 exchange (``sources/province.md``): the sink and its simulator.

    from adapters.province import ProvinceSettings, ProvinceSink, ProvinceSimulator

``ProvinceSink`` posts signed batches and follows their receipts; ``ProvinceSimulator`` is the
platform's stand-in for tests, ``santong simulate`` and ``santong demo``.
"""

from adapters.province.client import ProvinceClient, Reply, parse_retry_after
from adapters.province.settings import PlatformKey, ProvinceSettings
from adapters.province.simconfig import FaultRates, NodeKeyConfig, ProvinceSimConfig
from adapters.province.simulator import ProvinceSimulator, standard_validator
from adapters.province.sink import ProvinceSink, trust_store_for

__all__ = [
    "FaultRates",
    "NodeKeyConfig",
    "PlatformKey",
    "ProvinceClient",
    "ProvinceSettings",
    "ProvinceSimConfig",
    "ProvinceSimulator",
    "ProvinceSink",
    "Reply",
    "parse_retry_after",
    "standard_validator",
    "trust_store_for",
]
