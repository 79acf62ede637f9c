"""Portfolio runs without notebooks: client discovery, job discovery, failure isolation, the summary,
and the Dask LocalCluster path including a worker killed mid-run. Jobs are cheap stand-ins
(:func:`stand_in`) so these tests take seconds; tests/playbooks/test_portfolio_notebook.py runs real reports.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.demo import params_yaml
from helpers.run import batch as portfolio
from helpers.run.batch import Job, Outcome


def stand_in(job: Job, root: Path, force: bool = False, period: str | None = None) -> Outcome:
    """A job that behaves by client name: ``crash`` kills its worker process every time,
    ``crash-once`` only the first time (a marker file under root), ``bug`` raises; others succeed
    after half a second, writing ``root/done/<label>`` so tests can see where work happened."""
    marker = Path(root) / "crashed" / job.label
    if job.client == "crash" or (job.client == "crash-once" and not marker.exists()):
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    if job.client == "bug":
        raise RuntimeError("stand-in bug")
    time.sleep(0.5)
    done = Path(root) / "done"
    done.mkdir(parents=True, exist_ok=True)
    (done / job.label).write_text(str(os.getpid()), encoding="utf-8")
    return Outcome(job, "built", 0.2)


def _project(root: Path, clients: list[str]) -> Path:
    (root / "params").mkdir(parents=True, exist_ok=True)
    for client in clients:
        (root / "params" / f"{client}.yaml").write_text(params_yaml(client, "tiny"), encoding="utf-8")
        (root / "data" / client).mkdir(parents=True)  # the runner refuses a client without one
    return root


# -- discovery ------------------------------------------------------------------------------------
def test_discover_clients_skips_files_that_are_not_client_params(tmp_path):
    root = _project(tmp_path, ["acme", "beta"])
    (root / "params" / "events.yaml").write_text("prime-day-2027: {start: 2027-07-08}\n", encoding="utf-8")
    (root / "params" / "_draft.yaml").write_text(params_yaml("x", "tiny"), encoding="utf-8")
    (root / "params" / "shared-terms.yaml").write_text("brand_terms: [acme]\n", encoding="utf-8")
    (root / "params" / "broken.yaml").write_text("client_name: [unclosed\n", encoding="utf-8")
    # a broken file stays: its client must be reported failed, not forgotten
    assert portfolio.discover_clients(root) == ["acme", "beta", "broken"]


@dataclass(frozen=True)
class _Launch:
    product: str


@dataclass(frozen=True)
class _Seasonal:
    events: object = None


@dataclass(frozen=True)
class _Params:
    launches: object = None
    seasonal: _Seasonal = _Seasonal()


def test_jobs_for_lists_launches_and_events_whatever_their_shape(monkeypatch):
    monkeypatch.setattr(portfolio, "_has_notebook", lambda playbook: playbook != "onboarding")
    params = _Params(launches={"AT-NEW-1": {}, "AT-NEW-2": {}}, seasonal=_Seasonal(events=[_Launch("prime-day-2027")]))
    jobs = portfolio.jobs_for("acme", params)
    assert [j.label for j in jobs] == ["acme-qbr", "acme-launch-AT-NEW-1", "acme-launch-AT-NEW-2",
                                       "acme-seasonal-prime-day-2027"]
    assert portfolio.jobs_for("acme", params, "seasonal") == [Job("seasonal", "acme", (("event", "prime-day-2027"),))]
    # params without those sections (today's schema): the QBR only
    monkeypatch.setattr(portfolio, "_has_notebook", lambda playbook: False)
    assert portfolio.jobs_for("acme", object()) == [Job("qbr", "acme")]


# -- failure isolation ----------------------------------------------------------------------------
def test_one_bad_client_does_not_stop_the_others(tmp_path):
    root = _project(tmp_path, ["alpha", "bug", "gamma"])
    (root / "params" / "wrong.yaml").write_text(
        params_yaml("wrong", "tiny").replace("account_type: seller", "account_type: reseller"), encoding="utf-8"
    )
    outcomes = portfolio.run_portfolio(root=root, job_fn=stand_in, workers=2, rollup=False, playbook="qbr")
    by_client = {o.job.client: o for o in outcomes}
    assert [o.job.client for o in outcomes] == ["alpha", "bug", "gamma", "wrong"]
    assert by_client["alpha"].status == by_client["gamma"].status == "built"
    assert by_client["bug"].status == "failed" and "RuntimeError: stand-in bug" in by_client["bug"].reason
    assert by_client["wrong"].status == "failed" and "account_type" in by_client["wrong"].reason
    assert sorted(p.name for p in (root / "done").iterdir()) == ["alpha-qbr", "gamma-qbr"]

    table = portfolio.summary(outcomes)
    assert table.splitlines()[0].split() == ["client", "playbook", "status", "seconds", "reason"]
    assert "2 built, 0 up to date, 2 failed" in table
    assert any(line.startswith("wrong ") and "account_type" in line for line in table.splitlines())


def test_cli_exits_non_zero_and_prints_the_summary_when_a_client_fails(tmp_path, capsys):
    from helpers.run.cli import main

    root = _project(tmp_path, [])
    (root / "params" / "ghost.yaml").write_text("client_name: Ghost\nmarketplace: XX\n", encoding="utf-8")
    code = main(["all", "--root", str(root), "--playbook", "qbr"])
    out = capsys.readouterr().out
    assert code == 1
    assert "ghost" in out and "failed" in out and "marketplace" in out


def test_a_killed_local_worker_reports_its_jobs_failed_never_lost(tmp_path):
    jobs = [Job("qbr", "crash"), Job("qbr", "alpha")]
    outcomes = portfolio.run_jobs(jobs, root=tmp_path, job_fn=stand_in, workers=1)
    assert [o.job for o in outcomes] == jobs
    assert outcomes[0].status == "failed" and "worker process died" in outcomes[0].reason


# -- Dask -----------------------------------------------------------------------------------------
def test_dask_local_cluster_retries_a_job_whose_worker_was_killed(tmp_path):
    pytest.importorskip("distributed")
    import cloudpickle

    cloudpickle.register_pickle_by_value(__import__(__name__))  # workers need not import the tests
    jobs = [Job("qbr", "crash-once"), Job("qbr", "alpha")]
    outcomes = portfolio.run_jobs(jobs, root=tmp_path, job_fn=stand_in, workers=2, scheduler="local")
    assert [o.job for o in outcomes] == jobs
    # its worker was killed once (the marker proves it ran and died), it was retried, it finished
    assert (tmp_path / "crashed" / "crash-once-qbr").is_file()
    assert [o.status for o in outcomes] == ["built", "built"]
    assert (tmp_path / "done" / "crash-once-qbr").is_file()


def test_dask_local_cluster_reports_a_job_that_keeps_killing_workers_never_loses_one(tmp_path):
    pytest.importorskip("distributed")
    import cloudpickle

    cloudpickle.register_pickle_by_value(__import__(__name__))
    jobs = [Job("qbr", c) for c in ("alpha", "crash", "beta", "gamma")]
    outcomes = portfolio.run_jobs(jobs, root=tmp_path, job_fn=stand_in, workers=3, scheduler="local")
    by_client = {o.job.client: o for o in outcomes}
    assert [o.job for o in outcomes] == jobs, "one outcome per job, none lost"
    assert by_client["crash"].status == "failed" and "worker died" in by_client["crash"].reason
    for client in ("alpha", "beta", "gamma"):
        # Dask keeps a finished result in its worker's memory until we fetch it; a neighbour that kills
        # that worker twice in the meantime makes the job fail too -- reported, with why, never lost
        outcome = by_client[client]
        assert outcome.status == "built" or (outcome.status == "failed" and "worker died" in outcome.reason)


def test_dask_local_cluster_spreads_jobs_over_its_worker_processes(tmp_path):
    pytest.importorskip("distributed")
    import cloudpickle

    cloudpickle.register_pickle_by_value(__import__(__name__))
    jobs = [Job("qbr", c) for c in ("alpha", "beta", "gamma", "delta")]
    outcomes = portfolio.run_jobs(jobs, root=tmp_path, job_fn=stand_in, workers=3, scheduler="local")
    assert [o.status for o in outcomes] == ["built"] * 4
    pids = {(tmp_path / "done" / f"{c}-qbr").read_text() for c in ("alpha", "beta", "gamma", "delta")}
    assert len(pids) > 1, "the jobs ran in more than one worker process"
