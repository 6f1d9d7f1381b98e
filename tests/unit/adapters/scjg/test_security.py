"""The worked examples of sjjh §2.3 and the zeep plugin that sends them."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from lxml import etree
from zeep.wsse.username import UsernameToken

from adapters.scjg.security import DIGEST_TYPE, DigestToken, created_text, password_digest
from adapters.scjg.wire import SOAP_NS, WSSE_NS, WSU_NS
from tests.unit.adapters.scjg.helpers import PASSWORD, USER

pytestmark = pytest.mark.timeout(5)

EXAMPLE_1_NONCE = bytes.fromhex("8f3a5c0e71d24b96a0c5e2f4137b9d68")
CREATED = "2025-11-19T01:30:12Z"


def _envelope() -> etree._Element:
    return etree.fromstring(f'<soap:Envelope xmlns:soap="{SOAP_NS}"><soap:Body/></soap:Envelope>'.encode())


def test_worked_example_1_binary_nonce() -> None:
    assert password_digest(EXAMPLE_1_NONCE, CREATED, PASSWORD) == "Kqb/6JnNiwAQskNOGZOdM+lDGQM="


def test_worked_example_2_ascii_nonce() -> None:
    assert password_digest(b"Yz321081scjg0001", CREATED, PASSWORD) == "XsNpJFf5XvxedzLyXAOStY0HpAw="


def test_z_and_offset_spellings_give_different_digests() -> None:
    """§2.3 rule 5: Created is digested exactly as sent."""
    assert password_digest(EXAMPLE_1_NONCE, "2025-11-19T01:30:12+00:00", PASSWORD) != "Kqb/6JnNiwAQskNOGZOdM+lDGQM="


def test_created_is_utc_with_z() -> None:
    assert created_text(datetime(2025, 11, 19, 1, 30, 12, tzinfo=timezone.utc).timestamp()) == CREATED


def test_plugin_header_matches_the_documented_header_and_zeeps_token() -> None:
    """Our plugin and zeep's UsernameToken (example 2's call) put the same values on the wire."""
    clock = lambda: datetime(2025, 11, 19, 1, 30, 12, tzinfo=timezone.utc).timestamp()  # noqa: E731
    ours, _ = DigestToken(USER, PASSWORD, clock=clock, nonce_source=lambda: EXAMPLE_1_NONCE).apply(_envelope(), {})
    token = ours.find(f"{{{SOAP_NS}}}Header/{{{WSSE_NS}}}Security/{{{WSSE_NS}}}UsernameToken")
    assert token is not None
    assert token.findtext(f"{{{WSSE_NS}}}Username") == USER
    assert token.findtext(f"{{{WSSE_NS}}}Password") == "Kqb/6JnNiwAQskNOGZOdM+lDGQM="
    assert token.find(f"{{{WSSE_NS}}}Password").get("Type") == DIGEST_TYPE  # type: ignore[union-attr]
    assert token.findtext(f"{{{WSSE_NS}}}Nonce") == "jzpcDnHSS5agxeL0E3udaA=="
    assert token.findtext(f"{{{WSU_NS}}}Created") == CREATED

    zeep_token = UsernameToken(USER, PASSWORD, use_digest=True, nonce="Yz321081scjg0001",
                               created=datetime(2025, 11, 19, 1, 30, 12, tzinfo=timezone.utc), zulu_timestamp=True)
    theirs, _ = zeep_token.apply(_envelope(), {})
    assert theirs.findtext(f".//{{{WSSE_NS}}}Password") == "XsNpJFf5XvxedzLyXAOStY0HpAw="
    assert theirs.findtext(f".//{{{WSSE_NS}}}Nonce") == "WXozMjEwODFzY2pnMDAwMQ=="
    ours2, _ = DigestToken(USER, PASSWORD, clock=clock, nonce_source=lambda: b"Yz321081scjg0001").apply(_envelope(), {})
    assert ours2.findtext(f".//{{{WSSE_NS}}}Password") == theirs.findtext(f".//{{{WSSE_NS}}}Password")


def test_each_request_gets_a_fresh_nonce() -> None:
    token = DigestToken(USER, PASSWORD)
    first, _ = token.apply(_envelope(), {})
    second, _ = token.apply(_envelope(), {})
    assert first.findtext(f".//{{{WSSE_NS}}}Nonce") != second.findtext(f".//{{{WSSE_NS}}}Nonce")
