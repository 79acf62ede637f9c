"""What a client copy must not contain: operator text (paths, params keys, commands, folder keys,
snake_case identifiers, third-party sources). Shared by the notebook tests of the plans."""

from __future__ import annotations

import html
import re

#: Patterns of operator text, each with the reason it may not reach a client.
OPERATOR_TEXT = {
    "a path or file": re.compile(r"\b(?:params|data|reports|notebooks)/|\.ya?ml\b|\.ipynb\b"),
    "a params reference": re.compile(r"\bparams\b|\(\w+:\)"),
    "a command": re.compile(r"\bmake \w|\bpython -m\b|\bhelpers\.\w"),
    "a snake_case identifier": re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),
    "a third-party source": re.compile(r"\b(?:52by\.com|amazonsellers\.attorney|lianlianpay|thealfi|ppc\.land)\b"),
}


def visible_text(page: str) -> str:
    """The text a reader sees in an exported HTML report (no tags, styles, scripts or attributes)."""
    page = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", page))


def operator_text(page: str) -> list[tuple[str, str]]:
    """(reason, match) for each piece of operator text in the visible text of ``page``."""
    text = visible_text(page)
    return [(why, m.group(0)) for why, rx in OPERATOR_TEXT.items() for m in rx.finditer(text)]
