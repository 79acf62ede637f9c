"""Deterministic ids for the demo clients: the same key always gives the same ASIN or numeric id."""

from __future__ import annotations

import hashlib

SEED = 20251115
def make_id(key: str, *, prefix: str = "B0", length: int = 8) -> str:
    """A deterministic ASIN-like id: ``prefix`` + ``length`` upper-case alphanumerics.

    >>> make_id("bottle") == make_id("bottle") and len(make_id("bottle")) == 10
    True
    """
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    digest = hashlib.sha256(f"{SEED}:{key}".encode()).digest()
    return prefix + "".join(alphabet[b % len(alphabet)] for b in digest[:length])


def make_numeric_id(key: str, digits: int = 15) -> str:
    """A deterministic numeric id (campaign and ad-group ids of the new Ads console)."""
    value = int.from_bytes(hashlib.sha256(f"{SEED}:id:{key}".encode()).digest()[:8], "big")
    return str(10 ** (digits - 1) + value % (9 * 10 ** (digits - 1)))
