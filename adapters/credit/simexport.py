"""The §3.5 legacy result export: GBK, no BOM, CRLF, RFC 4180 quoting, ``?`` for what GBK lacks."""

from __future__ import annotations

import csv
import io
from typing import Any

__all__ = ["HEADER", "export_csv"]

HEADER = ("行号", "处理结果", "错误代码", "错误字段", "错误说明", "行政相对人名称", "文书号")


def export_csv(data_type: str, rows: list[Any], results: list[dict[str, Any]]) -> bytes:
    """The export of a DONE v1 batch (``rows`` as submitted, ``results`` of §3.3)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    name_col = "XK_XDR" if data_type == "XK" else "CF_XDR_MC"
    for result in results:
        row = rows[result["rowNo"] - 1]
        row = row if isinstance(row, dict) else {}
        name, doc = str(row.get(name_col) or ""), str(row.get(f"{data_type}_WSH") or "")
        n = result["rowNo"]
        if result["result"] == "ACCEPTED":
            if not result["warnings"]:
                writer.writerow((n, "成功", "", "", "", name, doc))
            for w in result["warnings"]:
                writer.writerow((n, "成功（警告）", w["errCode"], w["column"], w["errMsg"], name, doc))
        else:
            for e in result["errors"]:
                writer.writerow((n, "失败", e["errCode"], e["column"], e["errMsg"], name, doc))
    return out.getvalue().encode("gbk", errors="replace")
