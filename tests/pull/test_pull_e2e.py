"""End to end: ``make pull CLIENT=tiny`` as a user runs it, against the fake Amazon on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpers.loaders import load_client
from tests import fake_amazon as fa

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def test_make_pull_fetches_and_the_loaders_read_it(tmp_path, tiny_root):
    amazon = fa.FakeAmazon(fa.DemoData("tiny"))
    server, _ = fa.start(amazon)
    try:
        (tmp_path / "params").mkdir()
        text = (tiny_root / "params" / "tiny.yaml").read_text(encoding="utf-8")
        ids = f"\namazon_api: {{ads_profile_id: {fa.PROFILE_ID}, seller_id: A2FAKESELLER01}}\n"
        (tmp_path / "params" / "tiny.yaml").write_text(text + ids, encoding="utf-8")
        env = {**os.environ, **fa.environment(amazon, "tiny"), "SHELFBOOK_ROOT": str(tmp_path),
               "SHELFBOOK_PULL_POLL_SECONDS": "0"}  # fmt: skip
        done = subprocess.run(
            ["make", "-s", "pull", "CLIENT=tiny", "SINCE=2026-10-01"],
            cwd=PROJECT, capture_output=True, text=True, timeout=900, env=env,
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-2000:]
    assert "tiny:" in done.stdout and "FAILED" not in done.stdout
    assert fa.CLIENT_SECRET not in done.stdout + done.stderr and fa.REFRESH_TOKEN not in done.stdout + done.stderr
    data = load_client("tiny", tmp_path, cache=False)
    assert data.search_terms["spend"].sum() > 0 and data.business_date["sessions"].sum() > 0
    assert {r.path.parent.name for r in data.reports} >= {"sp_search_term", "sales_traffic_date", "all_listings", "fba_inventory"}
    assert not data.fba_inventory.empty
