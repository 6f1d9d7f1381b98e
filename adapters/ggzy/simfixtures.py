"""The named records of ggzy.md §6 and §5, exactly as the document prints them, completed where it elides.

    for kind, record in fixture_records(): ...        # always seeded, whatever the seed
    FIXTURE_QUIRKS["3d9add823468687a56fcf2abf51c6f50"] # the quirks that record demonstrates

The §6 deal ``YZS-GC-2025-0173`` has all seven kinds (plus the 施工 标段 the document does not
print); the two quirk fragments get the project and section the document leaves out; the quirk 10
标段 ``12321081466452615WA1703090000112X`` (check as the old system computed it) is always present.
"""

from __future__ import annotations

from typing import Any

from adapters.ggzy.simjson import RawNumber

__all__ = ["COMMON", "FIXTURE_QUIRKS", "QUIRK10_CODE", "fixture_records"]

PLATFORM = "12321000MB1F23582K"
COMMON: dict[str, Any] = {"REGION_CODE": "321081", "TRADE_TYPE": "A", "DATA_STATE": "1",
                          "PLATFORM_CODE": PLATFORM, "PUB_SERVICE_PLAT_CODE": "12320000MB0C75425U"}
QUIRK10_CODE = "12321081466452615WA1703090000112X"
P173 = "YZS-GC-2025-0173"

_DEAL_173: list[tuple[str, dict[str, Any]]] = [
    ("TENDER_PROJECT", {
        "ID": "a6cfe81bd4e20c0457c70f8469bcb4fa", "TENDER_PROJECT_CODE": P173,
        "TENDER_PROJECT_NAME": "仪征市新城镇中心小学综合楼新建工程", "PROJECT_CODE": "2507-321081-04-01-586213",
        "TENDER_PROJECT_TYPE": "A01", "TENDER_MODE": "1", "TENDER_ORGANIZE_FORM": "2",
        "TENDERER_NAME": "仪征市教育局", "TENDERER_CODE_TYPE": "97", "TENDERER_CODE": "11321081014027749K",
        "TENDER_AGENCY_NAME": "江苏广陵工程咨询有限公司", "TENDER_AGENCY_CODE": "91321002MA1Q9W4C2R",
        "PROJECT_ADDRESS": "仪征市新城镇新城中路88号", "CREATE_TIME": "2025-11-03 10:15:22",
        "DATA_TIMESTAMP": "20251103101522"}),
    ("BID_SECTION", {  # 施工: not printed in §6, completed from §4.3's examples
        "ID": "7c1d4e2f9a3b5c6d8e0f1a2b3c4d5e6f", "TENDER_PROJECT_CODE": P173,
        "BID_SECTION_CODE": "YZS-GC-2025-0173-001", "BID_SECTION_NAME": "施工",
        "TRADE_CODE": "12321000MB1F23582KA20251103001730", "BID_SECTION_CONTENT": "综合楼土建、安装及室外配套工程",
        "CONTRACT_RECKON_PRICE": "1856.32", "PRICE_FORM_CODE": "1", "PRICE_UNIT": "1", "CURRENCY_CODE": "CNY",
        "TIME_LIMIT": 300, "QUAL_TYPE": "2", "CREATE_TIME": "2025-11-03 10:15:26", "DATA_TIMESTAMP": "20251103101526"}),
    ("BID_SECTION", {
        "ID": "04029dc0fdd399c4be19f5aaf2d5b6a7", "TENDER_PROJECT_CODE": P173,
        "BID_SECTION_CODE": "YZS-GC-2025-0173-002", "BID_SECTION_NAME": "监理",
        "TRADE_CODE": "12321000MB1F23582KA2025110300174Z", "BID_SECTION_CONTENT": "施工阶段全过程监理",
        "CONTRACT_RECKON_PRICE": "32.50", "PRICE_FORM_CODE": "1", "PRICE_UNIT": "1", "CURRENCY_CODE": "CNY",
        "TIME_LIMIT": 300, "QUAL_TYPE": "2", "CREATE_TIME": "2025-11-03 10:15:30", "DATA_TIMESTAMP": "20251103101530"}),
    ("TENDER_NOTICE", {
        "ID": "9b40e21e993f9c62d09c17300936ab04", "TENDER_PROJECT_CODE": P173,
        "BID_SECTION_CODES": "YZS-GC-2025-0173-001,YZS-GC-2025-0173-002",
        "TRADE_CODES": "12321000MB1F23582KA20251103001730,12321000MB1F23582KA2025110300174Z",
        "NOTICE_TITLE": "仪征市新城镇中心小学综合楼新建工程施工、监理招标公告", "BULLETIN_TYPE": "1", "NOTICE_NATURE": "1",
        "TENDER_MODE": "1", "NOTICE_SEND_TIME": "2025-11-04 09:00:00", "DOC_GET_START_TIME": "2025-11-04 09:00:00",
        "DOC_GET_END_TIME": "2025-11-24 17:00:00", "BID_DOC_REFER_END_TIME": "2025-11-25 09:30:00",
        "BID_OPEN_TIME": "2025-11-25 09:30:00", "DATA_TIMESTAMP": "20251104090012"}),
    ("BID_OPEN", {
        "ID": "522e4c23932954a3e23b8291197ce1cd", "TENDER_PROJECT_CODE": P173,
        "BID_SECTION_CODE": "YZS-GC-2025-0173-002", "TRADE_CODE": "12321000MB1F23582KA2025110300174Z",
        "BID_OPEN_TIME": "2025-11-25 09:30:00", "BID_OPEN_PLACE": "仪征市公共资源交易中心第一开标室", "BIDDER_COUNT": 3,
        "BIDDER_LIST": [
            {"BIDDER_NAME": "扬州建科工程监理有限公司", "BIDDER_CODE_TYPE": "97", "BIDDER_CODE": "91321002MA1P4K7TXJ",
             "BID_PRICE": "12.5", "PRICE_FORM_CODE": "2", "PRICE_UNIT": "3", "CREDIT_QUERY_RESULT": "1"},
            {"BIDDER_NAME": "仪征市正信建设监理有限公司", "BIDDER_CODE_TYPE": "97", "BIDDER_CODE": "91321081MA1WQ2J812",
             "BID_PRICE": "10.00", "PRICE_FORM_CODE": "2", "PRICE_UNIT": "3", "CREDIT_QUERY_RESULT": "2"},
            {"BIDDER_NAME": "扬州市邗建工程监理有限公司", "BIDDER_CODE_TYPE": "01", "BIDDER_CODE": "72357098X",
             "BID_PRICE": "8%", "PRICE_FORM_CODE": "2", "PRICE_UNIT": "3", "CREDIT_QUERY_RESULT": "1"}],
        "DATA_TIMESTAMP": "20251125103344"}),
    ("WIN_CANDIDATE", {
        "ID": "55ab8a690164641d36456dc2dc4676c4", "TENDER_PROJECT_CODE": P173,
        "BID_SECTION_CODE": "YZS-GC-2025-0173-001", "TRADE_CODE": "12321000MB1F23582KA20251103001730",
        "PUBLICITY_START_TIME": "2025-11-27 09:00:00", "PUBLICITY_END_TIME": "2025-11-30 17:30:00",
        "CANDIDATE_LIST": [
            {"RANK": 1, "BIDDER_NAME": "江苏真州建设工程有限公司", "BIDDER_CODE_TYPE": "97",
             "BIDDER_CODE": "91321081MA1XK3RD4B", "BID_PRICE": "17986420.35", "PRICE_FORM_CODE": "1",
             "PRICE_UNIT": "0", "TIME_LIMIT": 290, "BID_MANAGER": "王建华"},
            {"RANK": 2, "BIDDER_NAME": "扬州古运河建设集团有限公司", "BIDDER_CODE_TYPE": "97",
             "BIDDER_CODE": "91321000141028760D", "BID_PRICE": "18045300.00", "PRICE_FORM_CODE": "1",
             "PRICE_UNIT": "0", "TIME_LIMIT": 300},
            {"RANK": 3, "BIDDER_NAME": "扬州润扬建筑安装工程有限公司", "BIDDER_CODE_TYPE": "97",
             "BIDDER_CODE": "91321003MA1N8TQE2G", "BID_PRICE": "18123567.80", "PRICE_FORM_CODE": "1",
             "PRICE_UNIT": "0", "TIME_LIMIT": 295}],
        "DATA_TIMESTAMP": "20251127090501"}),
    ("WIN_RESULT", {
        "ID": "bf45df0d4da253fd997fddfa401a9077", "TENDER_PROJECT_CODE": P173,
        "BID_SECTION_CODE": "YZS-GC-2025-0173-001", "TRADE_CODE": "12321000MB1F23582KA20251103001730",
        "WIN_BIDDER_NAME": "江苏真州建设工程有限公司", "WIN_BIDDER_CODE_TYPE": "97", "WIN_BIDDER_CODE": "91321081MA1XK3RD4B",
        "WIN_BID_PRICE": "17986420.35", "PRICE_FORM_CODE": "1", "PRICE_UNIT": "0", "CURRENCY_CODE": "CNY",
        "TIME_LIMIT": 290, "BID_MANAGER": "王建华", "WIN_NOTICE_CODE": "YZZB-2025-1187",
        "NOTICE_SEND_TIME": "2025-12-02 15:00:00", "CREDIT_QUERY_RESULT": "1", "DATA_TIMESTAMP": "20251202150236"}),
    ("CONTRACT", {
        "ID": "f521ff3d7996cf24c0ae0f56bd65e146", "TENDER_PROJECT_CODE": P173,
        "BID_SECTION_CODE": "YZS-GC-2025-0173-001", "TRADE_CODE": "12321000MB1F23582KA20251103001730",
        "CONTRACT_CODE": "YZJY-HT-2025-0412", "CONTRACT_NAME": "仪征市新城镇中心小学综合楼新建工程施工合同",
        "TENDERER_NAME": "仪征市教育局", "TENDERER_CODE_TYPE": "97", "TENDERER_CODE": "11321081014027749K",
        "WIN_BIDDER_NAME": "江苏真州建设工程有限公司", "WIN_BIDDER_CODE_TYPE": "97", "WIN_BIDDER_CODE": "91321081MA1XK3RD4B",
        "CONTRACT_AMOUNT": "17986420.35", "PRICE_FORM_CODE": "1", "PRICE_UNIT": "0", "CURRENCY_CODE": "CNY",
        "CONTRACT_TERM": 290, "SIGNING_TIME": "2025-12-16 10:00:00", "PUBLISH_TIME": "2025-12-16 14:30:00",
        "DATA_TIMESTAMP": "20251216143010"}),
]


def _project(rid: str, code: str, name: str, mode: str, tenderer: tuple[str, str], created: str) -> dict[str, Any]:
    return {"ID": rid, "TENDER_PROJECT_CODE": code, "TENDER_PROJECT_NAME": name, "TENDER_MODE": mode,
            "TENDERER_NAME": tenderer[0], "TENDERER_CODE_TYPE": "97", "TENDERER_CODE": tenderer[1],
            "CREATE_TIME": f"{created[:4]}-{created[4:6]}-{created[6:8]} {created[8:10]}:{created[10:12]}:{created[12:]}",
            "DATA_TIMESTAMP": created}


def _section(rid: str, project: str, name: str, trade_code: str, created: str) -> dict[str, Any]:
    return {"ID": rid, "TENDER_PROJECT_CODE": project, "BID_SECTION_CODE": project + "-001", "BID_SECTION_NAME": name,
            "TRADE_CODE": trade_code,
            "CREATE_TIME": f"{created[:4]}-{created[4:6]}-{created[6:8]} {created[8:10]}:{created[10:12]}:{created[12:]}",
            "DATA_TIMESTAMP": created}


_MUNICIPAL = ("仪征市市政设施管理处", "12321081466452658A")
_HOSPITAL = ("仪征市人民医院", "123210814664504847")
_QUIRKS: list[tuple[str, dict[str, Any]]] = [
    ("TENDER_PROJECT", _project("e2a41c7705d94f0bb8c3d6e1f0a29b57", "YZS-GC-2018-0046", "仪征市胥浦路排水管网改造工程",
                                "1", _MUNICIPAL, "20180612091204")),
    ("BID_SECTION", _section("5b8e0d3c2a1f4e6d9c7b5a3f1e0d2c4b", "YZS-GC-2018-0046", "施工",
                             "12321081466452615WA18061200004581", "20180612091230")),
    ("WIN_RESULT", {  # §6 quirk fragment 1: quirks 2, 4, 6, 7, 8, 9, 11, 13
        "ID": "3d9add823468687a56fcf2abf51c6f50", "TENDER_PROJECT_CODE": "YZS-GC-2018-0046",
        "BID_SECTION_CODE": "YZS-GC-2018-0046-001", "TRADE_CODE": "12321081466452615WA18061200004581",
        "WIN_BIDDER_NAME": " 仪征市鑫城市政工程有限公司", "WIN_BIDDER_CODE_TYPE": "97", "WIN_BIDDER_CODE": "60873152-2",
        "WIN_BID_PRICE": RawNumber("3.2568E6"), "PRICE_UNIT": "元", "CURRENCY_CODE": "156",
        "NOTICE_SEND_TIME": "2018/7/3 9:00", "DATA_TIMESTAMP": "20251218020000"}),
    ("TENDER_PROJECT", {**_project("8f3b2e1d0c9a4b7e6d5c4b3a2f1e0d9c", "YZS-CG-2025-0042", "仪征市人民医院医用耗材集中采购项目",
                                   "4", _HOSPITAL, "20250915103011"), "TRADE_TYPE": "B"}),
    ("BID_SECTION", {**_section("c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5", "YZS-CG-2025-0042", "第1包 一次性医用耗材",
                                "12321000MB1F23582KB2025091500042D", "20250915103020"), "TRADE_TYPE": "B"}),
    ("WIN_RESULT", {  # §6 quirk fragment 2: quirks 1, 3, 12, 13
        "ID": "16eca216b85a255ae669ba5a4c327b5c", "TRADE_TYPE": "B", "TENDER_PROJECT_CODE": "YZS-CG-2025-0042",
        "BID_SECTION_CODE": "YZS-CG-2025-0042-001", "TRADE_CODE": "12321000MB1F23582KB2025091500042D",
        "WIN_BIDDER_NAME": "扬州润扬建筑安装工程有限公司(仪征分公司)", "WIN_BIDDER_CODE_TYPE": "97",
        "WIN_BIDDER_CODE": "91321003MA1N8TQE2G", "WIN_BID_PRICE": "1,234,567.80", "PRICE_UNIT": None,
        "WIN_NOTICE_CODE": "", "NOTICE_SEND_TIME": "2025-10-10 16:00:00", "DATA_TIMESTAMP": "20251010160512"}),
    ("TENDER_PROJECT", _project("1a2b3c4d5e6f708192a3b4c5d6e7f801", "YZS-GC-2017-0112", "仪征市真州路人行道改造工程",
                                "1", _MUNICIPAL, "20170309140502")),
    ("BID_SECTION", _section("2b3c4d5e6f708192a3b4c5d6e7f80912", "YZS-GC-2017-0112", "施工", QUIRK10_CODE,
                             "20170309140533")),
]

#: fixture ID → the §5 quirk numbers it demonstrates
FIXTURE_QUIRKS: dict[str, tuple[int, ...]] = {
    "3d9add823468687a56fcf2abf51c6f50": (2, 4, 6, 7, 8, 9, 11, 13),
    "16eca216b85a255ae669ba5a4c327b5c": (1, 3, 12, 13),
    "2b3c4d5e6f708192a3b4c5d6e7f80912": (10,),
    "522e4c23932954a3e23b8291197ce1cd": (5, 6),
}


def fixture_records() -> list[tuple[str, dict[str, Any]]]:
    """Fresh copies of every named record, common fields first, in the document's order."""
    out: list[tuple[str, dict[str, Any]]] = []
    for kind, record in _DEAL_173 + _QUIRKS:
        full = {**COMMON, **record}
        full = {"ID": full.pop("ID"), **full}
        out.append((kind, _deep(full)))
    return out


def _deep(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep(v) for v in value]
    return value
