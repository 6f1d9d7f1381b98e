"""The stage records of one 标段: 开标, 中标候选人公示 (工程建设 only), 中标结果, 合同 (ggzy.md §4.3, §4.4).

Called by :class:`adapters.ggzy.simdeals.DealFactory` with its ``add(kind, stamp_ms, fields)``;
every stage is timed after the one before, and a 中标结果 may be revoked and re-awarded (quirk 14).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from adapters.ggzy.simprice import amount_text, rate_text, unit_value
from adapters.ggzy.simtext import optional, person_name
from adapters.ggzy.wire import BEIJING

if TYPE_CHECKING:
    from adapters.ggzy.simdeals import DealFactory

__all__ = ["build_stages"]

_DAY = 86_400_000
Add = Callable[[str, int, dict[str, Any]], dict[str, Any]]


def _bid(f: DealFactory, subject: dict[str, Any], price: Decimal, rate_unit: str | None, year: int,
         rank: int | None) -> dict[str, Any]:
    rng, q = f.rng, f.q
    entry: dict[str, Any] = {"RANK": rank} if rank is not None else {}
    entry |= {"BIDDER_NAME": subject["NAME"], "BIDDER_CODE_TYPE": subject["CODE_TYPE"], "BIDDER_CODE": subject["CODE"]}
    if rate_unit:
        entry |= {"BID_PRICE": rate_text(rng, price, quirks=q), "PRICE_FORM_CODE": "2",
                  "PRICE_UNIT": unit_value(rng, rate_unit, year=year, quirks=q, is_rate=True)}
    else:
        entry |= {"BID_PRICE": amount_text(rng, price, year=year, quirks=q), "PRICE_FORM_CODE": "1",
                  "PRICE_UNIT": unit_value(rng, "0", year=year, quirks=q, is_rate=False)}
    entry["TIME_LIMIT"] = optional(rng, q, rng.randint(60, 720))
    entry["CREDIT_QUERY_RESULT"] = rng.choice("1111111120")
    return entry


def _currency(f: DealFactory, year: int) -> Any:
    if year < 2019:
        return f.rng.choice(("156", "人民币", "CNY"))
    return optional(f.rng, f.q, "CNY", share=0.9)


def build_stages(f: DealFactory, add: Add, trade_type: str, project: str, pname: str, tenderer: tuple[str, str],
                 section: tuple[int, str, str, bool, Decimal], open_ms: int, session_ms: int) -> None:
    """Add the stage records of ``section`` = (number, name, TRADE_CODE, is_rate, 估算价 in 元)."""
    rng, q = f.rng, f.q
    number, sname, code, is_rate, reckon = section
    year = datetime.fromtimestamp(open_ms / 1000, BEIJING).year
    when = datetime.fromtimestamp(open_ms / 1000, BEIJING)
    keys = {"TENDER_PROJECT_CODE": project, "BID_SECTION_CODE": f"{project}-{number:03d}", "TRADE_CODE": code}
    rate_unit = rng.choice("33332") if is_rate else None
    bidders = []
    for _ in range(rng.randint(3, 8)):
        if rate_unit:
            price = Decimal(rng.randint(100, 2000)) / 100  # 1.00 %–20.00 %: the bid client refuses < 1 %
        else:
            price = (reckon * Decimal(rng.randint(850, 990)) / 1000).quantize(Decimal("0.01"))
        bidders.append((price, f._subject(trade_type, when)))
    # rank 1: lowest amount; the highest 下浮率; the lowest 费率
    bidders.sort(key=lambda b: -b[0] if rate_unit == "3" else b[0])
    record = add("BID_OPEN", session_ms, {**keys, "BID_OPEN_TIME": f._dt(open_ms),
                                          "BID_OPEN_PLACE": optional(rng, q, "仪征市公共资源交易中心第一开标室"),
                                          "BIDDER_COUNT": len(bidders),
                                          "BIDDER_LIST": [_bid(f, s, p, rate_unit, year, None) for p, s in bidders]})
    f.corrupt("BID_OPEN", record)
    at = open_ms + 2 * _DAY - 1_800_000
    if trade_type == "A":
        record = add("WIN_CANDIDATE", at + rng.randrange(60, 600) * 1000, {
            **keys, "PUBLICITY_START_TIME": f._dt(at), "PUBLICITY_END_TIME": f._dt(at + 3 * _DAY + 30_600_000),
            "CANDIDATE_LIST": [_bid(f, s, p, rate_unit, year, r) | {"BID_MANAGER": optional(rng, q, person_name(rng))}
                               for r, (p, s) in enumerate(bidders[:3], start=1)]})
        f.corrupt("WIN_CANDIDATE", record)
    result_ms = open_ms + rng.randint(7, 10) * _DAY + 19_800_000  # 15:00
    winner = bidders[0]
    reaward = len(bidders) > 1 and rng.random() < q.reaward
    result = _result(f, add, keys, winner, rate_unit, year, result_ms)
    if reaward and result_ms + 13 * _DAY <= f.end_ms:  # quirk 14: revoked, the next bidder awarded under a new ID
        winner = bidders[1]
        result_ms += 12 * _DAY
        award = _result(f, add, keys, winner, rate_unit, year, result_ms)
        # the tombstone carries the last content and may follow the new award in pull order
        result["DATA_STATE"] = "2"
        result["DATA_TIMESTAMP"] = award["DATA_TIMESTAMP"][:8] + f"{rng.randint(16, 23):02d}0000"
        bad = f.bad.get(("WIN_RESULT", result["ID"]))
        if bad is not None and bad.field != "data.unified_deal_code":  # a tombstone carries only the key
            del f.bad[("WIN_RESULT", result["ID"])]
    sign_ms = result_ms + rng.randint(10, 20) * _DAY - 18_000_000  # 10:00
    price, subject = winner
    amount = price if not rate_unit else (reckon * (100 - price) / 100 if rate_unit == "3" else reckon * price / 100)
    amount = amount.quantize(Decimal("0.01"))
    record = add("CONTRACT", sign_ms + rng.randrange(3600, 20000) * 1000, {
        **keys, "CONTRACT_CODE": optional(rng, q, f"YZJY-HT-{year}-{rng.randrange(10000):04d}"),
        "CONTRACT_NAME": pname + sname + "合同", "TENDERER_NAME": tenderer[0], "TENDERER_CODE_TYPE": "97",
        "TENDERER_CODE": tenderer[1], "WIN_BIDDER_NAME": subject["NAME"], "WIN_BIDDER_CODE_TYPE": subject["CODE_TYPE"],
        "WIN_BIDDER_CODE": subject["CODE"], "CONTRACT_AMOUNT": amount_text(rng, amount, year=year, quirks=q),
        "PRICE_FORM_CODE": "1", "PRICE_UNIT": unit_value(rng, "0", year=year, quirks=q, is_rate=False),
        "CURRENCY_CODE": _currency(f, year), "CONTRACT_TERM": optional(rng, q, rng.randint(60, 720)),
        "SIGNING_TIME": f._dt(sign_ms), "PUBLISH_TIME": optional(rng, q, f._dt(sign_ms + 16_200_000))})
    f.corrupt("CONTRACT", record)


def _result(f: DealFactory, add: Add, keys: dict[str, str], winner: tuple[Decimal, dict[str, Any]],
            rate_unit: str | None, year: int, result_ms: int) -> dict[str, Any]:
    rng, q = f.rng, f.q
    price, subject = winner
    if rate_unit:
        priced = {"WIN_BID_PRICE": rate_text(rng, price, quirks=q), "PRICE_FORM_CODE": "2",
                  "PRICE_UNIT": unit_value(rng, rate_unit, year=year, quirks=q, is_rate=True)}
    else:
        priced = {"WIN_BID_PRICE": amount_text(rng, price, year=year, quirks=q), "PRICE_FORM_CODE": "1",
                  "PRICE_UNIT": unit_value(rng, "0", year=year, quirks=q, is_rate=False), "CURRENCY_CODE": _currency(f, year)}
    record = add("WIN_RESULT", result_ms + rng.randrange(60, 900) * 1000, {
        **keys, "WIN_BIDDER_NAME": subject["NAME"], "WIN_BIDDER_CODE_TYPE": subject["CODE_TYPE"],
        "WIN_BIDDER_CODE": subject["CODE"], **priced, "TIME_LIMIT": optional(rng, q, rng.randint(60, 720)),
        "BID_MANAGER": optional(rng, q, person_name(rng)),
        "WIN_NOTICE_CODE": optional(rng, q, f"YZZB-{year}-{rng.randrange(10000):04d}"),
        "NOTICE_SEND_TIME": f._dt(result_ms), "CREDIT_QUERY_RESULT": optional(rng, q, rng.choice("1111112"))})
    f.corrupt("WIN_RESULT", record)
    return record
