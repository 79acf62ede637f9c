"""``make all`` for real on three tiny clients: builds every QBR and the portfolio review, a second run
rebuilds nothing, touching one client's data rebuilds only that client (and the roll-up), and a
client with a broken export fails alone with its reason."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from helpers import paths
from helpers.run import batch as portfolio
from helpers.run import runner

PROJECT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.notebook


def _code_state() -> tuple:
    """mtimes of the code a report depends on: other people editing helpers/ in a shared checkout
    legitimately makes everything stale, which is not what these tests are about."""
    return tuple(
        (str(p), p.stat().st_mtime_ns)
        for pattern in runner.CODE_GLOBS
        for p in sorted(paths.PROJECT_DIR.glob(pattern))
        if p.is_file() and "__pycache__" not in p.parts
    )


def _break_an_export(folder) -> str:
    """'lots' as the sales of one day in the Q3 2026 Business Report by date; returns its file name."""
    for path in sorted(folder.glob("BusinessReport-*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        if rows[0][0] == "Date" and rows[1][0] == "7/1/26":
            rows[5][1] = "lots"
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
            return path.name
    raise AssertionError("the tiny client has no Q3 2026 Business Report by date")


@pytest.fixture(scope="module")
def portfolio_root(tiny_root, tmp_path_factory):
    root = tmp_path_factory.mktemp("portfolio")
    (root / "params").mkdir()
    text = (tiny_root / "params" / "tiny.yaml").read_text(encoding="utf-8")
    for client, name in (("alpha", "Alpha Outdoor"), ("beta", "Beta Gear"), ("broken", "Broken Export Ltd")):
        (root / "params" / f"{client}.yaml").write_text(text.replace("Acme Trail Co.", name), encoding="utf-8")
        shutil.copytree(tiny_root / "data" / "tiny", root / "data" / client)
    # the shared event calendar sits beside the clients' params and is not a client (the QBR reads it)
    shutil.copy(PROJECT / "params" / "events.yaml", root / "params" / "events.yaml")
    broken_file = _break_an_export(root / "data" / "broken")
    code = _code_state()
    first = portfolio.run_portfolio(root=root, workers=2, playbook="qbr")
    return root, broken_file, first, code


def _status(outcomes) -> dict[str, str]:
    return {o.job.client: o.status for o in outcomes}


def test_first_run_builds_every_client_and_the_roll_up(portfolio_root):
    root, broken_file, first, _ = portfolio_root
    assert _status(first) == {"alpha": "built", "beta": "built", "broken": "failed", paths.PORTFOLIO: "built"}
    broken = next(o for o in first if o.job.client == "broken")
    assert broken_file in broken.reason and "lots" in broken.reason  # the file and the bad value, in one line
    for client in ("alpha", "beta"):
        assert (root / "reports" / client / "2026-Q3" / "qbr.pdf").is_file()
    assert not (root / "reports" / "broken" / "2026-Q3" / "qbr.pdf").exists()

    records = json.loads((root / "reports" / paths.PORTFOLIO / "2026-Q3" / "portfolio.json").read_text())
    clients = records["clients"]
    # no QBR for the period weighs most: the broken client tops the attention list
    assert clients["broken"]["attention"] > max(clients[c]["attention"] for c in ("alpha", "beta"))
    assert "no QBR for the period" in clients["broken"]["flags"]
    qbr = json.loads((root / "reports" / "alpha" / "2026-Q3" / "qbr.json").read_text())
    assert clients["alpha"]["sales"] == pytest.approx(qbr["kpis"]["total_sales"]["current"])
    assert records["pdf_pages"] >= 2


def test_second_run_rebuilds_nothing_and_touching_one_client_rebuilds_only_it(portfolio_root):
    root, _, _, code = portfolio_root
    second = portfolio.run_portfolio(root=root, workers=2, playbook="qbr")
    if _code_state() != code:
        pytest.skip("helpers/ changed during the run (shared checkout): everything is legitimately stale")
    assert _status(second) == {"alpha": "up-to-date", "beta": "up-to-date", "broken": "failed",
                               paths.PORTFOLIO: "up-to-date"}

    export = sorted((root / "data" / "beta").glob("*.csv"))[-1]
    beta_json = root / "reports" / "beta" / "2026-Q3" / "qbr.json"
    before = beta_json.read_bytes()
    os.utime(export, ns=(export.stat().st_atime_ns, export.stat().st_mtime_ns + 1_000_000_000))
    third = portfolio.run_portfolio(root=root, workers=2, clients=["alpha", "beta"], playbook="qbr")
    if _code_state() != code:
        pytest.skip("helpers/ changed during the run (shared checkout): everything is legitimately stale")
    # the touched client is rebuilt; the roll-up reads the clients' recorded numbers by content, so it
    # rebuilds only when beta's numbers changed (a touch without an edit changes none)
    rollup = "built" if beta_json.read_bytes() != before else "up-to-date"
    assert _status(third) == {"alpha": "up-to-date", "beta": "built", paths.PORTFOLIO: rollup}
