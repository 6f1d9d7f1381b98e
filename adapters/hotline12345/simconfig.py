"""Configuration of the 12345 simulator (§8): seed, size, clock, clients and fault knobs.

    sim = HotlineSimulator(SimConfig(seed=7, orders=40, knobs=Knobs(error_5xx_rate=0.2)))
    sim.set_knobs(maintenance=True)            # at run time, validated; also POST /_sim/reset

Defaults follow hotline12345.md: seed 321081, 60 orders, clock 2025-11-03 09:00:00, the
document's client ``santong-yz321081`` bound to the 仪征 units of §4.7, webhook secret
``whsec_yz12345_4f7c2a91d0e86b35`` (key ``k1``).  Rates are probabilities drawn from the seed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DOC_CLIENT_ID", "DOC_CLIENT_SECRET", "DOC_WEBHOOK_SECRET", "Knobs", "SimClient", "SimConfig", "UNITS"]

DOC_CLIENT_ID = "santong-yz321081"
DOC_CLIENT_SECRET = "Yz12345sT2025kq7VbN3xQ8mR"
DOC_WEBHOOK_SECRET = "whsec_yz12345_4f7c2a91d0e86b35"

#: §4.7: unitCode → (承办单位, unitUscc)
UNITS = {
    "3210810012": ("仪征市市场监督管理局", "11321081MB1C87057L"),
    "3210810015": ("仪征市住房和城乡建设局", "113210810141268357"),
    "3210810021": ("仪征市城市管理局", "11321081MB1G5526XR"),
    "3210810033": ("仪征市人力资源和社会保障局", "113210810141793559"),
    "3210810101": ("仪征市真州镇人民政府", "11321081014180022J"),
}

Scope = Literal["order.read", "order.write", "pii.read", "dict.read"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SimClient(_Frozen):
    """One registered 接入单位 (§2.2): credentials, scopes, bound units, callback."""

    client_id: str = DOC_CLIENT_ID
    client_secret: str = DOC_CLIENT_SECRET
    scopes: tuple[Scope, ...] = ("order.read", "order.write", "pii.read", "dict.read")
    units: tuple[str, ...] = tuple(UNITS)


class Knobs(_Frozen):
    """The §8 fault knobs; all off or at the document's default unless set."""

    phone_noise: float = Field(default=0.0, ge=0, le=1)
    id_mask_rate: float = Field(default=0.0, ge=0, le=1)
    id15_rate: float = Field(default=0.0, ge=0, le=1)
    redispatch_same_unit: bool = False
    webhook_dup_rate: float = Field(default=0.0, ge=0, le=1)
    webhook_reorder: int = Field(default=0, ge=0)  # seconds each ORDER_DISPATCHED is held back
    ts_jdbc_suffix_rate: float = Field(default=0.0, ge=0, le=1)
    appeal_label_rate: float = Field(default=0.0, ge=0, le=1)
    race_cancel: str | None = None  # orderNo cancelled right before the next POST on it
    race_reassign: str | None = None  # orderNo re-dispatched to another unit right before the next POST on it
    token_ttl_s: int = Field(default=7200, ge=1)
    token_max_active: int = Field(default=2, ge=1)
    page_shift: bool = False
    uscc_noise_rate: float = Field(default=0.0, ge=0, le=1)
    fullwidth_rate: float = Field(default=0.0, ge=0, le=1)
    null_style: Literal["null", "empty", "omit"] = "null"
    content_markup_rate: float = Field(default=0.0, ge=0, le=1)
    attachment_url_ttl_s: int = Field(default=7200, ge=1)
    rate_limit_per_min: int | None = Field(default=None, ge=1)  # None: per §3.2
    error_5xx_rate: float = Field(default=0.0, ge=0, le=1)
    maintenance: bool = False
    webhook_secret: str = DOC_WEBHOOK_SECRET
    webhook_key_id: str = "k1"
    callback_url: str | None = Field(default=None, pattern=r"^http://(127\.0\.0\.1|localhost)(:\d+)?/")


class SimConfig(_Frozen):
    """Everything the simulated hotline holds at start."""

    seed: int = 321081
    orders: int = Field(default=60, ge=0, le=5000)
    bad_rate: float = Field(default=0.1, ge=0, le=1)  # share of TSJB-bound orders invalid under the standard
    clock_start: str = Field(default="2025-11-03 09:00:00", pattern=r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
    holidays: tuple[str, ...] = ("2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07",
                                 "2025-10-08", "2026-01-01")
    workdays: tuple[str, ...] = ("2025-09-28", "2025-10-11")  # 调休 Saturdays/Sundays
    clients: tuple[SimClient, ...] = (SimClient(),)
    cursor_ttl_s: int = Field(default=7 * 86400, ge=1)
    knobs: Knobs = Knobs()
