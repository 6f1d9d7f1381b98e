"""XML payloads: the declared encoding decides, unsafe documents are refused with a clear FORMAT error, and
the record convention turns elements into the objects the path syntax reads."""

from __future__ import annotations

import time

import pytest

from mappings.xmlinput import find_records, local_name, parse_xml, to_record
from santong.errors import DataError

RECORD = "<record><ID>1</ID><XDRMC>仪征市刘集镇红星粮油店 </XDRMC></record>"


def _refused(data: bytes, why: str, **kwargs: bool) -> None:
    with pytest.raises(DataError) as info:
        parse_xml(data, **kwargs)
    assert [(e.field, e.code) for e in info.value.errors] == [("", "FORMAT")]
    assert why in info.value.errors[0].message, info.value.errors[0].message


@pytest.mark.parametrize(("declaration", "codec"), [
    ('<?xml version="1.0" encoding="UTF-8"?>', "utf-8"),
    ('<?xml version="1.0" encoding="GBK"?>', "gbk"),             # scjg quirk 1, e路阳光 quirk 1
    ("<?xml version='1.0' encoding='gb2312'?>", "gb18030"),     # read as GB18030
    ('<?xml version="1.0" encoding="GB18030"?>', "gb18030"),
    ('<?xml version="1.0"?>', "utf-8"),
    ("", "utf-8"),
    ("", "gb18030"),                                            # no declaration: UTF-8, else GB18030
])
def test_the_declared_encoding_decides(declaration: str, codec: str) -> None:
    root = parse_xml((declaration + RECORD).encode(codec))
    assert to_record(root) == {"ID": "1", "XDRMC": "仪征市刘集镇红星粮油店 "}


def test_a_utf8_bom_is_accepted() -> None:
    assert to_record(parse_xml(b"\xef\xbb\xbf" + RECORD.encode()))["ID"] == "1"


def test_gbk_bytes_declared_utf8_are_refused_unless_the_source_allows_the_fallback() -> None:
    body = ('<?xml version="1.0" encoding="UTF-8"?>' + RECORD).encode("gbk")    # e路阳光 quirk 2
    _refused(body, "UTF-8")
    assert to_record(parse_xml(body, utf8_fallback=True))["XDRMC"].startswith("仪征市")


@pytest.mark.parametrize(("data", "why"), [
    ('<?xml version="1.0" encoding="ISO-8859-1"?><a/>'.encode(), "不支持的字符编码"),
    ('<?xml version="1.0" encoding="GBK"?><a>\x80</a>'.encode("latin-1"), "GBK"),
    (b"<a><b>cut short", "格式正确"),                                       # e路阳光 quirk 15
    ("<WTMS>临边防护&安全网缺失</WTMS>".encode(), "格式正确"),                    # unescaped &
    (b"", "格式正确"),
    (b"not xml at all", "格式正确"),
    (b"\xff\xfe<\x00a\x00/\x00>\x00", "GB18030"),
])
def test_broken_xml_is_format(data: bytes, why: str) -> None:
    _refused(data, why)


def test_external_entities_are_refused_and_never_fetched() -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>'
    _refused(xxe, "DOCTYPE")
    remote = b'<?xml version="1.0"?><!DOCTYPE foo SYSTEM "http://127.0.0.1:9/evil.dtd"><foo/>'
    _refused(remote, "DOCTYPE")


def test_a_billion_laughs_is_refused_at_once() -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY l0 "lol">{entities}]><b>&l9;</b>'.encode()
    started = time.perf_counter()
    _refused(bomb, "DOCTYPE")
    assert time.perf_counter() - started < 1.0


def test_the_record_convention() -> None:
    root = parse_xml("""<?xml version="1.0" encoding="UTF-8"?>
      <ns2:GetRecordResponse xmlns:ns2="http://scjg.yz.gov.cn/ws/sjjh" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <xzcf>
          <ID>6E1F0B2C9D4A47E3B58C1A2D3E4F5A60</ID>
          <GSZCH xsi:nil="true"/>
          <ZZJGDM/>
          <BZ>   </BZ>
          <WFSS><![CDATA[销售&ldquo;康鑫牌&rdquo;饼干<br/>]]></WFSS>
          <HTJ dw="元">1865000</HTJ>
          <SPSXLIST><SPSX><BM>1</BM></SPSX></SPSXLIST>
          <ZGTZLIST><ZGTZ><BH>a</BH></ZGTZ><ZGTZ><BH>b</BH></ZGTZ></ZGTZLIST>
          <!-- a comment -->
        </xzcf>
      </ns2:GetRecordResponse>""".encode())
    assert local_name(root) == "GetRecordResponse"
    record = to_record(root[0])
    assert record == {
        "ID": "6E1F0B2C9D4A47E3B58C1A2D3E4F5A60",
        "GSZCH": None,                       # scjg quirk 5: xsi:nil, empty and absent all read as no value
        "ZZJGDM": None,
        "BZ": "   ",                          # white space only: the path reads it as no value
        "WFSS": "销售&ldquo;康鑫牌&rdquo;饼干<br/>",   # CDATA is text, left literal (scjg quirk 8)
        "HTJ": {"#text": "1865000", "@dw": "元"},
        "SPSXLIST": {"SPSX": {"BM": "1"}},
        "ZGTZLIST": {"ZGTZ": [{"BH": "a"}, {"BH": "b"}]},
    }


def test_find_records_matches_element_paths_at_the_end_of_the_ancestry() -> None:
    root = parse_xml(b"""<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
        <ns2:QueryPenaltiesResponse xmlns:ns2="urn:x"><records><record><ID>1</ID></record><record><ID>2</ID></record></records>
        </ns2:QueryPenaltiesResponse></soap:Body></soap:Envelope>""")
    patterns = {("QueryPenaltiesResponse", "records", "record"): "XZCF", ("QueryLicensesResponse", "records", "record"): "XZXK",
                ("ID",): "NEVER"}
    found = [(kind, to_record(e)) for kind, e in find_records(root, patterns)]
    assert found == [("XZCF", {"ID": "1"}), ("XZCF", {"ID": "2"})]   # the inside of a match is not searched
    del patterns[("ID",)]
    assert list(find_records(parse_xml(b"<record><ID>1</ID></record>"), patterns)) == []


def test_parse_xml_takes_bytes_only() -> None:
    _refused("<a/>", "字节")  # type: ignore[arg-type]
