"""`make all` past hostile params (issue 14 §5, §7, §9): a client whose params are broken — even a
file that used to exhaust recursion — fails alone and is named; the roll-up covers the clients that
load; FORCE reaches the run; seasonal and launch jobs come from every client's params."""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers.demo import params_yaml
from helpers.params import load_yaml, parse_params
from helpers.playbooks import portfolio as rollup
from helpers.run import batch
from tests.run.test_portfolio import _project, stand_in

PROJECT = Path(__file__).resolve().parents[2]
DEEP = "client_name: x\nnested: " + "[" * 100_000 + "]" * 100_000 + "\n"


def test_deeply_nested_params_fail_one_client_and_the_rest_build(tmp_path):
    root = _project(tmp_path, ["alpha", "gamma"])
    (root / "params" / "deep.yaml").write_text(DEEP, encoding="utf-8")
    assert batch.discover_clients(root) == ["alpha", "deep", "gamma"]
    outcomes = batch.run_portfolio(root=root, job_fn=stand_in, workers=2, rollup=False, playbook="qbr")
    by_client = {o.job.client: o for o in outcomes}
    assert by_client["alpha"].status == by_client["gamma"].status == "built"
    assert by_client["deep"].status == "failed"
    assert "nesting deeper than" in by_client["deep"].reason and "deep.yaml" in by_client["deep"].reason
    assert len(by_client["deep"].reason) < 300


def test_roll_up_covers_the_clients_whose_params_load(tmp_path):
    root = _project(tmp_path, ["alpha", "gamma"])
    (root / "params" / "deep.yaml").write_text(DEEP, encoding="utf-8")
    (root / "params" / "typo.yaml").write_text(params_yaml("typo", "tiny") + "\nbogus_key: 1\n", encoding="utf-8")
    assert rollup._clients(root) == ["alpha", "gamma"]
    params = rollup.portfolio_params(root)
    assert params.client_name == "All clients (2)"


def test_seasonal_and_launch_jobs_come_from_each_clients_params(monkeypatch):
    monkeypatch.setattr(batch, "_has_notebook", lambda playbook: True)
    data = load_yaml(params_yaml("beta", "tiny"))
    data["seasonal"] = {**(data.get("seasonal") or {}), "events": ["prime-day-2027", "bfcm-2026"]}
    data["launches"] = {"BT-NEW-1": {"title": "New", "launch_date": "2027-03-01", "price": 20, "cogs": 5, "fees": 6}}
    jobs = batch.jobs_for("beta", parse_params(data))
    assert [j.label for j in jobs] == ["beta-qbr", "beta-onboarding", "beta-launch-BT-NEW-1",
                                       "beta-seasonal-prime-day-2027", "beta-seasonal-bfcm-2026"]
    data.pop("seasonal")
    assert batch.jobs_for("beta", parse_params(data), "seasonal") == []


def _make_all(*assignments: str) -> str:
    """The command `make all` runs, with the Python interpreter replaced by echo."""
    done = subprocess.run(["make", "-s", "-o", "setup", "all", "PY=echo", *assignments], capture_output=True,
                          text=True, cwd=PROJECT, timeout=120, check=True)
    return done.stdout.strip()


def test_make_all_passes_force_and_period():
    assert _make_all() == "-m helpers all"
    assert _make_all("FORCE=1", "PLAYBOOK=qbr") == "-m helpers all --playbook qbr --force"
    assert _make_all("PERIOD=2026-Q3", "CLIENTS=a b") == "-m helpers all --clients a b --period 2026-Q3"
