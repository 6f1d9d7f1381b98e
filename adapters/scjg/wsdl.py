# ruff: noqa: E501  (the WSDL is kept exactly as published)
"""The WSDL of sjjh §3.1, served as is by the simulator and read by the adapter through zeep.

    from adapters.scjg.wsdl import WSDL_TEXT, wsdl_for
    wsdl_for("http://127.0.0.1:8080/scjg-ws/services/SjjhService")   # bytes, address replaced

Only ``soap:address/@location`` may differ per deployment (§3.1); the published one is the
internal application server (quirk 13), which no client ever contacts.
"""

from __future__ import annotations

__all__ = ["INTERNAL_ADDRESS", "WSDL_TEXT", "wsdl_for"]

INTERNAL_ADDRESS = "http://sjjh-app01.scjg.invalid:8080/scjg-ws/services/SjjhService"

WSDL_TEXT = r"""<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions name="SjjhService" targetNamespace="http://scjg.yz.gov.cn/ws/sjjh"
    xmlns:tns="http://scjg.yz.gov.cn/ws/sjjh"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:documentation>仪征市市场监督管理局 市场监管综合业务系统 数据交换服务 (SJJH) V3.2</wsdl:documentation>
  <wsdl:types>
    <xs:schema targetNamespace="http://scjg.yz.gov.cn/ws/sjjh" elementFormDefault="unqualified" attributeFormDefault="unqualified">
      <xs:simpleType name="timeString">
        <xs:annotation><xs:documentation>北京时间 yyyy-MM-dd HH:mm:ss，不带时区</xs:documentation></xs:annotation>
        <xs:restriction base="xs:string"><xs:pattern value="\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="pageSizeType">
        <xs:restriction base="xs:int"><xs:minInclusive value="1"/><xs:maxInclusive value="100"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="recordType">
        <xs:restriction base="xs:string">
          <xs:enumeration value="XZXK"><xs:annotation><xs:documentation>行政许可</xs:documentation></xs:annotation></xs:enumeration>
          <xs:enumeration value="XZJC"><xs:annotation><xs:documentation>行政检查</xs:documentation></xs:annotation></xs:enumeration>
          <xs:enumeration value="XZCF"><xs:annotation><xs:documentation>行政处罚</xs:documentation></xs:annotation></xs:enumeration>
          <xs:enumeration value="JYYC"><xs:annotation><xs:documentation>经营异常名录</xs:documentation></xs:annotation></xs:enumeration>
        </xs:restriction>
      </xs:simpleType>
      <xs:complexType name="queryRequest">
        <xs:sequence>
          <xs:element name="startTime" type="tns:timeString"><xs:annotation><xs:documentation>窗口开始（含），按 LAST_UPDATED</xs:documentation></xs:annotation></xs:element>
          <xs:element name="endTime" type="tns:timeString"><xs:annotation><xs:documentation>窗口结束（不含），与开始相差不超过7天</xs:documentation></xs:annotation></xs:element>
          <xs:element name="pageNo" type="xs:int"><xs:annotation><xs:documentation>页码，从1开始</xs:documentation></xs:annotation></xs:element>
          <xs:element name="pageSize" type="tns:pageSizeType"><xs:annotation><xs:documentation>每页条数，1-100</xs:documentation></xs:annotation></xs:element>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="xzxkRecordList">
        <xs:sequence><xs:element name="record" type="tns:xzxkRecord" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      </xs:complexType>
      <xs:complexType name="xzjcRecordList">
        <xs:sequence><xs:element name="record" type="tns:xzjcRecord" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      </xs:complexType>
      <xs:complexType name="xzcfRecordList">
        <xs:sequence><xs:element name="record" type="tns:xzcfRecord" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      </xs:complexType>
      <xs:complexType name="jyycRecordList">
        <xs:sequence><xs:element name="record" type="tns:jyycRecord" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      </xs:complexType>
      <xs:complexType name="xzxkRecord">
        <xs:annotation><xs:documentation>行政许可记录</xs:documentation></xs:annotation>
        <xs:sequence>
          <xs:element name="ID" type="xs:string"><xs:annotation><xs:documentation>记录标识</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XDRMC" type="xs:string"><xs:annotation><xs:documentation>行政相对人名称</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XDRLB" type="xs:string"><xs:annotation><xs:documentation>行政相对人类别</xs:documentation></xs:annotation></xs:element>
          <xs:element name="TYSHXYDM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>统一社会信用代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="GSZCH" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>工商注册号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="ZZJGDM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>组织机构代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="FDDBR" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>法定代表人（负责人/经营者）</xs:documentation></xs:annotation></xs:element>
          <xs:element name="FDDBRZJLX" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>法定代表人证件类型</xs:documentation></xs:annotation></xs:element>
          <xs:element name="FDDBRZJHM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>法定代表人证件号码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XDRZJLX" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>行政相对人证件类型</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XDRZJHM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>行政相对人证件号码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="ZS" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>住所（经营场所）</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKJDSMC" type="xs:string"><xs:annotation><xs:documentation>行政许可决定文书名称</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKJDSWH" type="xs:string"><xs:annotation><xs:documentation>行政许可决定书文号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKLB" type="xs:string"><xs:annotation><xs:documentation>许可类别</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKZSMC" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>许可证书名称</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKZBH" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>许可编号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKNR" type="xs:string"><xs:annotation><xs:documentation>许可内容</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKSXMC" type="xs:string"><xs:annotation><xs:documentation>许可事项名称</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKSXBM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>许可事项编码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKJDRQ" type="xs:string"><xs:annotation><xs:documentation>许可决定日期</xs:documentation></xs:annotation></xs:element>
          <xs:element name="YXQQ" type="xs:string"><xs:annotation><xs:documentation>有效期自</xs:documentation></xs:annotation></xs:element>
          <xs:element name="YXQZ" type="xs:string"><xs:annotation><xs:documentation>有效期至</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKJG" type="xs:string"><xs:annotation><xs:documentation>许可机关</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XKJGDM" type="xs:string"><xs:annotation><xs:documentation>许可机关统一社会信用代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="DQZT" type="xs:string"><xs:annotation><xs:documentation>当前状态</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SFGS" type="xs:string"><xs:annotation><xs:documentation>是否公示</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SJLYDW" type="xs:string"><xs:annotation><xs:documentation>数据来源单位</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SJLYDWDM" type="xs:string"><xs:annotation><xs:documentation>数据来源单位统一社会信用代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="BZ" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>备注</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CJSJ" type="xs:string"><xs:annotation><xs:documentation>创建时间</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LAST_UPDATED" type="xs:string"><xs:annotation><xs:documentation>最后更新时间</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SCBZ" type="xs:string"><xs:annotation><xs:documentation>删除标志</xs:documentation></xs:annotation></xs:element>
          <xs:element name="OLD_XKBH" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>原许可编号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="OLD_ID" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>原系统记录号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="KZZD1" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>扩展字段1</xs:documentation></xs:annotation></xs:element>
          <xs:element name="KZZD2" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>扩展字段2</xs:documentation></xs:annotation></xs:element>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="xzjcRecord">
        <xs:annotation><xs:documentation>行政检查记录</xs:documentation></xs:annotation>
        <xs:sequence>
          <xs:element name="ID" type="xs:string"><xs:annotation><xs:documentation>记录标识</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCBH" type="xs:string"><xs:annotation><xs:documentation>检查编号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCSXMC" type="xs:string"><xs:annotation><xs:documentation>检查事项名称</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCSXBM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>检查事项编码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCLX" type="xs:string"><xs:annotation><xs:documentation>检查类型</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCFS" type="xs:string"><xs:annotation><xs:documentation>检查方式</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XDRMC" type="xs:string"><xs:annotation><xs:documentation>行政相对人名称</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XDRLB" type="xs:string"><xs:annotation><xs:documentation>行政相对人类别</xs:documentation></xs:annotation></xs:element>
          <xs:element name="TYSHXYDM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>统一社会信用代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="GSZCH" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>工商注册号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="FDDBR" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>法定代表人（负责人/经营者）</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCDD" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>检查地点</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCKSSJ" type="xs:string"><xs:annotation><xs:documentation>检查开始时间</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCJSSJ" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>检查结束时间</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCRY" type="xs:string"><xs:annotation><xs:documentation>检查人员</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCRYZFZH" type="xs:string"><xs:annotation><xs:documentation>检查人员执法证号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCNR" type="xs:string"><xs:annotation><xs:documentation>检查内容</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JCJG" type="xs:string"><xs:annotation><xs:documentation>检查结果</xs:documentation></xs:annotation></xs:element>
          <xs:element name="WTMS" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>发现问题描述</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CLYJ" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>处理意见</xs:documentation></xs:annotation></xs:element>
          <xs:element name="ZGQX" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>整改期限</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SSJG" type="xs:string"><xs:annotation><xs:documentation>实施机关</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SSJGDM" type="xs:string"><xs:annotation><xs:documentation>实施机关统一社会信用代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SJRWBH" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>双随机任务编号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LHJGRWBH" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>联合监管任务编号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SJLYDW" type="xs:string"><xs:annotation><xs:documentation>数据来源单位</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SJLYDWDM" type="xs:string"><xs:annotation><xs:documentation>数据来源单位统一社会信用代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="BZ" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>备注</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CJSJ" type="xs:string"><xs:annotation><xs:documentation>创建时间</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LAST_UPDATED" type="xs:string"><xs:annotation><xs:documentation>最后更新时间</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SCBZ" type="xs:string"><xs:annotation><xs:documentation>删除标志</xs:documentation></xs:annotation></xs:element>
          <xs:element name="OLD_ID" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>原系统记录号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="KZZD1" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>扩展字段1</xs:documentation></xs:annotation></xs:element>
          <xs:element name="KZZD2" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>扩展字段2</xs:documentation></xs:annotation></xs:element>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="xzcfRecord">
        <xs:annotation><xs:documentation>行政处罚记录</xs:documentation></xs:annotation>
        <xs:sequence>
          <xs:element name="ID" type="xs:string"><xs:annotation><xs:documentation>记录标识</xs:documentation></xs:annotation></xs:element>
          <xs:element name="AJBH" type="xs:string"><xs:annotation><xs:documentation>案件编号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CFJDSWH" type="xs:string"><xs:annotation><xs:documentation>行政处罚决定书文号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="AJMC" type="xs:string"><xs:annotation><xs:documentation>案件名称</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XDRMC" type="xs:string"><xs:annotation><xs:documentation>行政相对人名称</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XDRLB" type="xs:string"><xs:annotation><xs:documentation>行政相对人类别</xs:documentation></xs:annotation></xs:element>
          <xs:element name="TYSHXYDM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>统一社会信用代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="GSZCH" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>工商注册号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="ZZJGDM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>组织机构代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="FDDBR" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>法定代表人（负责人/经营者）</xs:documentation></xs:annotation></xs:element>
          <xs:element name="FDDBRZJLX" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>法定代表人证件类型</xs:documentation></xs:annotation></xs:element>
          <xs:element name="FDDBRZJHM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>法定代表人证件号码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XDRZJLX" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>行政相对人证件类型</xs:documentation></xs:annotation></xs:element>
          <xs:element name="XDRZJHM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>行政相对人证件号码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="ZS" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>住所（经营场所）</xs:documentation></xs:annotation></xs:element>
          <xs:element name="WFXWLX" type="xs:string"><xs:annotation><xs:documentation>违法行为类型</xs:documentation></xs:annotation></xs:element>
          <xs:element name="WFSS" type="xs:string"><xs:annotation><xs:documentation>违法事实</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CFYJ" type="xs:string"><xs:annotation><xs:documentation>处罚依据</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CFLB" type="xs:string"><xs:annotation><xs:documentation>处罚类别</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CFNR" type="xs:string"><xs:annotation><xs:documentation>处罚内容</xs:documentation></xs:annotation></xs:element>
          <xs:element name="FKJE" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>罚款金额（万元）</xs:documentation></xs:annotation></xs:element>
          <xs:element name="MSJE" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>没收违法所得、没收非法财物的金额（万元）</xs:documentation></xs:annotation></xs:element>
          <xs:element name="ZKHDXZZBH" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>暂扣或吊销证照名称及编号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SJJNJE" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>实际缴纳金额（元）</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JNRQ" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>缴纳日期</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LARQ" type="xs:string"><xs:annotation><xs:documentation>立案日期</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CFJDRQ" type="xs:string"><xs:annotation><xs:documentation>处罚决定日期</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CFYXQ" type="xs:string"><xs:annotation><xs:documentation>处罚有效期</xs:documentation></xs:annotation></xs:element>
          <xs:element name="GSJZQ" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>公示截止期</xs:documentation></xs:annotation></xs:element>
          <xs:element name="JARQ" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>结案日期</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CFJG" type="xs:string"><xs:annotation><xs:documentation>处罚机关</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CFJGDM" type="xs:string"><xs:annotation><xs:documentation>处罚机关统一社会信用代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SYCX" type="xs:string"><xs:annotation><xs:documentation>适用程序</xs:documentation></xs:annotation></xs:element>
          <xs:element name="DQZT" type="xs:string"><xs:annotation><xs:documentation>当前状态</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SFGS" type="xs:string"><xs:annotation><xs:documentation>是否公示</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SJLYDW" type="xs:string"><xs:annotation><xs:documentation>数据来源单位</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SJLYDWDM" type="xs:string"><xs:annotation><xs:documentation>数据来源单位统一社会信用代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="BZ" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>备注</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CJSJ" type="xs:string"><xs:annotation><xs:documentation>创建时间</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LAST_UPDATED" type="xs:string"><xs:annotation><xs:documentation>最后更新时间</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SCBZ" type="xs:string"><xs:annotation><xs:documentation>删除标志</xs:documentation></xs:annotation></xs:element>
          <xs:element name="OLD_ID" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>原系统记录号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="KZZD1" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>扩展字段1</xs:documentation></xs:annotation></xs:element>
          <xs:element name="KZZD2" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>扩展字段2</xs:documentation></xs:annotation></xs:element>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="jyycRecord">
        <xs:annotation><xs:documentation>经营异常名录记录</xs:documentation></xs:annotation>
        <xs:sequence>
          <xs:element name="ID" type="xs:string"><xs:annotation><xs:documentation>记录标识</xs:documentation></xs:annotation></xs:element>
          <xs:element name="QYMC" type="xs:string"><xs:annotation><xs:documentation>企业名称</xs:documentation></xs:annotation></xs:element>
          <xs:element name="TYSHXYDM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>统一社会信用代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="ZCH" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>注册号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="FDDBR" type="xs:string"><xs:annotation><xs:documentation>法定代表人（负责人）</xs:documentation></xs:annotation></xs:element>
          <xs:element name="QYLX" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>企业类型</xs:documentation></xs:annotation></xs:element>
          <xs:element name="BDLX" type="xs:string"><xs:annotation><xs:documentation>变动类型</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LRYYDM" type="xs:string"><xs:annotation><xs:documentation>列入原因代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LRYY" type="xs:string"><xs:annotation><xs:documentation>列入原因</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LRRQ" type="xs:string"><xs:annotation><xs:documentation>列入日期</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LRJDSWH" type="xs:string"><xs:annotation><xs:documentation>列入决定书文号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LRJG" type="xs:string"><xs:annotation><xs:documentation>列入作出决定机关</xs:documentation></xs:annotation></xs:element>
          <xs:element name="YCYYDM" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>移出原因代码</xs:documentation></xs:annotation></xs:element>
          <xs:element name="YCYY" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>移出原因</xs:documentation></xs:annotation></xs:element>
          <xs:element name="YCRQ" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>移出日期</xs:documentation></xs:annotation></xs:element>
          <xs:element name="YCJDSWH" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>移出决定书文号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="YCJG" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>移出作出决定机关</xs:documentation></xs:annotation></xs:element>
          <xs:element name="DJJG" type="xs:string"><xs:annotation><xs:documentation>登记机关</xs:documentation></xs:annotation></xs:element>
          <xs:element name="CJSJ" type="xs:string"><xs:annotation><xs:documentation>创建时间</xs:documentation></xs:annotation></xs:element>
          <xs:element name="LAST_UPDATED" type="xs:string"><xs:annotation><xs:documentation>最后更新时间</xs:documentation></xs:annotation></xs:element>
          <xs:element name="SCBZ" type="xs:string"><xs:annotation><xs:documentation>删除标志</xs:documentation></xs:annotation></xs:element>
          <xs:element name="OLD_ID" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>原系统记录号</xs:documentation></xs:annotation></xs:element>
          <xs:element name="KZZD1" type="xs:string" minOccurs="0" nillable="true"><xs:annotation><xs:documentation>扩展字段1</xs:documentation></xs:annotation></xs:element>
        </xs:sequence>
      </xs:complexType>
      <xs:element name="Ping">
        <xs:complexType><xs:sequence>
          <xs:element name="echo" type="xs:string" minOccurs="0"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="PingResponse">
        <xs:complexType><xs:sequence>
          <xs:element name="echo" type="xs:string" minOccurs="0"/>
          <xs:element name="serverTime" type="tns:timeString"/>
          <xs:element name="version" type="xs:string"/>
          <xs:element name="authenticated" type="xs:boolean"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="QueryLicenses" type="tns:queryRequest"/>
      <xs:element name="QueryLicensesResponse">
        <xs:complexType><xs:sequence>
          <xs:element name="totalCount" type="xs:int"/>
          <xs:element name="pageNo" type="xs:int"/>
          <xs:element name="pageSize" type="xs:int"/>
          <xs:element name="queryTime" type="tns:timeString"/>
          <xs:element name="records" type="tns:xzxkRecordList"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="QueryInspections" type="tns:queryRequest"/>
      <xs:element name="QueryInspectionsResponse">
        <xs:complexType><xs:sequence>
          <xs:element name="totalCount" type="xs:int"/>
          <xs:element name="pageNo" type="xs:int"/>
          <xs:element name="pageSize" type="xs:int"/>
          <xs:element name="queryTime" type="tns:timeString"/>
          <xs:element name="records" type="tns:xzjcRecordList"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="QueryPenalties" type="tns:queryRequest"/>
      <xs:element name="QueryPenaltiesResponse">
        <xs:complexType><xs:sequence>
          <xs:element name="totalCount" type="xs:int"/>
          <xs:element name="pageNo" type="xs:int"/>
          <xs:element name="pageSize" type="xs:int"/>
          <xs:element name="queryTime" type="tns:timeString"/>
          <xs:element name="records" type="tns:xzcfRecordList"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="QueryAbnormalList" type="tns:queryRequest"/>
      <xs:element name="QueryAbnormalListResponse">
        <xs:complexType><xs:sequence>
          <xs:element name="totalCount" type="xs:int"/>
          <xs:element name="pageNo" type="xs:int"/>
          <xs:element name="pageSize" type="xs:int"/>
          <xs:element name="queryTime" type="tns:timeString"/>
          <xs:element name="records" type="tns:jyycRecordList"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="GetRecord">
        <xs:complexType><xs:sequence>
          <xs:element name="recordType" type="tns:recordType"/>
          <xs:element name="id" type="xs:string"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="GetRecordResponse">
        <xs:complexType><xs:sequence>
          <xs:element name="recordType" type="tns:recordType"/>
          <xs:choice>
            <xs:element name="xzxk" type="tns:xzxkRecord"/>
            <xs:element name="xzjc" type="tns:xzjcRecord"/>
            <xs:element name="xzcf" type="tns:xzcfRecord"/>
            <xs:element name="jyyc" type="tns:jyycRecord"/>
          </xs:choice>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="sjjhFault">
        <xs:complexType><xs:sequence>
          <xs:element name="errorCode" type="xs:string"/>
          <xs:element name="errorMsg" type="xs:string"/>
          <xs:element name="retryAfter" type="xs:int" minOccurs="0"/>
          <xs:element name="requestId" type="xs:string"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="PingRequest"><wsdl:part name="parameters" element="tns:Ping"/></wsdl:message>
  <wsdl:message name="PingResponse"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>
  <wsdl:message name="QueryLicensesRequest"><wsdl:part name="parameters" element="tns:QueryLicenses"/></wsdl:message>
  <wsdl:message name="QueryLicensesResponse"><wsdl:part name="parameters" element="tns:QueryLicensesResponse"/></wsdl:message>
  <wsdl:message name="QueryInspectionsRequest"><wsdl:part name="parameters" element="tns:QueryInspections"/></wsdl:message>
  <wsdl:message name="QueryInspectionsResponse"><wsdl:part name="parameters" element="tns:QueryInspectionsResponse"/></wsdl:message>
  <wsdl:message name="QueryPenaltiesRequest"><wsdl:part name="parameters" element="tns:QueryPenalties"/></wsdl:message>
  <wsdl:message name="QueryPenaltiesResponse"><wsdl:part name="parameters" element="tns:QueryPenaltiesResponse"/></wsdl:message>
  <wsdl:message name="QueryAbnormalListRequest"><wsdl:part name="parameters" element="tns:QueryAbnormalList"/></wsdl:message>
  <wsdl:message name="QueryAbnormalListResponse"><wsdl:part name="parameters" element="tns:QueryAbnormalListResponse"/></wsdl:message>
  <wsdl:message name="GetRecordRequest"><wsdl:part name="parameters" element="tns:GetRecord"/></wsdl:message>
  <wsdl:message name="GetRecordResponse"><wsdl:part name="parameters" element="tns:GetRecordResponse"/></wsdl:message>
  <wsdl:message name="SjjhFault"><wsdl:part name="fault" element="tns:sjjhFault"/></wsdl:message>
  <wsdl:portType name="SjjhServicePortType">
    <wsdl:operation name="Ping">
      <wsdl:documentation>连通性检查</wsdl:documentation>
      <wsdl:input message="tns:PingRequest"/>
      <wsdl:output message="tns:PingResponse"/>
      <wsdl:fault name="SjjhFault" message="tns:SjjhFault"/>
    </wsdl:operation>
    <wsdl:operation name="QueryLicenses">
      <wsdl:documentation>按时间窗分页查询行政许可</wsdl:documentation>
      <wsdl:input message="tns:QueryLicensesRequest"/>
      <wsdl:output message="tns:QueryLicensesResponse"/>
      <wsdl:fault name="SjjhFault" message="tns:SjjhFault"/>
    </wsdl:operation>
    <wsdl:operation name="QueryInspections">
      <wsdl:documentation>按时间窗分页查询行政检查</wsdl:documentation>
      <wsdl:input message="tns:QueryInspectionsRequest"/>
      <wsdl:output message="tns:QueryInspectionsResponse"/>
      <wsdl:fault name="SjjhFault" message="tns:SjjhFault"/>
    </wsdl:operation>
    <wsdl:operation name="QueryPenalties">
      <wsdl:documentation>按时间窗分页查询行政处罚</wsdl:documentation>
      <wsdl:input message="tns:QueryPenaltiesRequest"/>
      <wsdl:output message="tns:QueryPenaltiesResponse"/>
      <wsdl:fault name="SjjhFault" message="tns:SjjhFault"/>
    </wsdl:operation>
    <wsdl:operation name="QueryAbnormalList">
      <wsdl:documentation>按时间窗分页查询经营异常名录变动</wsdl:documentation>
      <wsdl:input message="tns:QueryAbnormalListRequest"/>
      <wsdl:output message="tns:QueryAbnormalListResponse"/>
      <wsdl:fault name="SjjhFault" message="tns:SjjhFault"/>
    </wsdl:operation>
    <wsdl:operation name="GetRecord">
      <wsdl:documentation>按记录标识查询单条记录</wsdl:documentation>
      <wsdl:input message="tns:GetRecordRequest"/>
      <wsdl:output message="tns:GetRecordResponse"/>
      <wsdl:fault name="SjjhFault" message="tns:SjjhFault"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="SjjhServiceSoapBinding" type="tns:SjjhServicePortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping">
      <soap:operation soapAction="http://scjg.yz.gov.cn/ws/sjjh/Ping" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="SjjhFault"><soap:fault name="SjjhFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="QueryLicenses">
      <soap:operation soapAction="http://scjg.yz.gov.cn/ws/sjjh/QueryLicenses" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="SjjhFault"><soap:fault name="SjjhFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="QueryInspections">
      <soap:operation soapAction="http://scjg.yz.gov.cn/ws/sjjh/QueryInspections" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="SjjhFault"><soap:fault name="SjjhFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="QueryPenalties">
      <soap:operation soapAction="http://scjg.yz.gov.cn/ws/sjjh/QueryPenalties" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="SjjhFault"><soap:fault name="SjjhFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="QueryAbnormalList">
      <soap:operation soapAction="http://scjg.yz.gov.cn/ws/sjjh/QueryAbnormalList" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="SjjhFault"><soap:fault name="SjjhFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="GetRecord">
      <soap:operation soapAction="http://scjg.yz.gov.cn/ws/sjjh/GetRecord" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="SjjhFault"><soap:fault name="SjjhFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="SjjhService">
    <wsdl:port name="SjjhServicePort" binding="tns:SjjhServiceSoapBinding">
      <soap:address location="http://sjjh-app01.scjg.invalid:8080/scjg-ws/services/SjjhService"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""


def wsdl_for(location: str | None = None) -> bytes:
    """The WSDL as UTF-8 bytes, with ``soap:address`` set to ``location`` (default: the document's)."""
    text = WSDL_TEXT if location is None else WSDL_TEXT.replace(INTERNAL_ADDRESS, location)
    return text.encode("utf-8")
