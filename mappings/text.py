"""Text rules of STANDARD.md §1.3, shared by the validators, the code tables and the engine.

``WHITESPACE`` is every character with the Unicode White_Space property plus U+FEFF (§1.3 rule 4);
``trim`` strips them from both ends, ``squeeze_out`` removes them everywhere (§1.9 step 1).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CONTROL_S", "CONTROL_T", "WHITESPACE", "has_edge_space", "lookup_key", "nfc", "nfkc", "squeeze_out", "trim"]

# Unicode White_Space (PropList.txt) + U+FEFF, which §1.3 adds.
WHITESPACE = (
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_WS_ANYWHERE = re.compile("[" + re.escape(WHITESPACE) + "]")

# §1.3 rule 5: control characters; LF is allowed only in `t` fields.
CONTROL_S = re.compile("[\u0000-\u001f\u007f-\u009f]")
CONTROL_T = re.compile("[\u0000-\u0009\u000b-\u001f\u007f-\u009f]")


def trim(value: str) -> str:
    """``value`` without leading and trailing white space (§1.3 rule 4)."""
    return value.strip(WHITESPACE)


def has_edge_space(value: str) -> bool:
    return bool(value) and (value[0] in WHITESPACE or value[-1] in WHITESPACE)


def squeeze_out(value: str) -> str:
    """``value`` with every white-space character removed."""
    return _WS_ANYWHERE.sub("", value)


def nfc(value: str) -> str:
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)


def nfkc(value: str) -> str:
    return value if unicodedata.is_normalized("NFKC", value) else unicodedata.normalize("NFKC", value)


def lookup_key(value: str) -> str:
    """The §1.9 step-1 form of a label: NFKC, all white space removed."""
    return squeeze_out(nfkc(value))
