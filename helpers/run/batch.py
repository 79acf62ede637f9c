"""Portfolio runs: every client × playbook, in parallel, only what is stale, past any bad client.

``python -m helpers all [--playbook qbr] [--clients "a b"] [--scheduler local|tcp://host:8786]``

1. **Plan** (in this process, no kernel): the clients are the ``params/*.yaml`` files that are client
   params (see :func:`discover_clients`); each gets its jobs from :func:`jobs_for`. Every job is
   checked with ``run_playbook(..., check_only=True)`` — params, fingerprint, manifest — so a
   portfolio where nothing changed finishes in seconds without starting a kernel.
2. **Run** the stale jobs on a pool of worker processes (default), or on a ``dask.distributed``
   cluster: ``--scheduler local`` starts a LocalCluster, an address spreads the jobs over the
   machines of an existing cluster (they must share the project folder). A job that raises is
   reported failed with its reason; a job whose worker dies is retried once on another worker,
   then reported failed — never silently lost.
3. **Roll-up**: when the QBRs were part of the run, the portfolio review
   (``reports/_portfolio/<period>/portfolio.*``) is built from the clients' last good QBRs.
4. **Summary** table (client, playbook, status, seconds, reason); exit 1 when anything failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers import paths
from helpers.errors import ParamsError, SetupError, ShelfbookError
from helpers.params.clients import discover_clients

#: Thread limits for each job (and the kernels it starts): parallel jobs, not parallel BLAS fighting
#: over the same cores (tooling.md pitfall 6).
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: params/*.yaml files that hold shared settings, not a client.
#: How many times a job is rescheduled after its Dask worker died before it is reported failed.
ALLOWED_WORKER_DEATHS = 1
DEFAULT_WORKERS = max(1, min(os.cpu_count() or 2, 8))


@dataclass(frozen=True)
class Job:
    """One report to build: a playbook for a client, with its extra notebook parameters."""

    playbook: str
    client: str
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        return "-".join([self.client, self.playbook, *(v for _, v in self.extra)])


@dataclass
class Outcome:
    """What became of a job: status ``built``, ``up-to-date`` or ``failed`` (with a reason)."""

    job: Job
    status: str
    seconds: float = 0.0
    reason: str = ""
    pages: int | None = None
    outputs: list[str] = field(default_factory=list)


# -- plan -----------------------------------------------------------------------------------------


def _listed(section: Any) -> list[str]:
    """Names listed in a params section, whatever its shape: a mapping (its keys), a list of names,
    a list of models (their ``product``/``sku``/``asin``/``event``/``name``/``slug``), or a model
    holding one of those lists."""
    if section is None:
        return []
    if isinstance(section, str):
        return [section]
    if isinstance(section, Mapping):
        return [str(key) for key in section]
    for holder in ("products", "launches", "events", "items"):
        inner = getattr(section, holder, None)
        if inner is not None and not callable(inner):
            return _listed(inner)
    for attr in ("product", "sku", "asin", "event", "name", "slug", "id"):
        value = getattr(section, attr, None)
        if isinstance(value, str):
            return [value]
    if isinstance(section, list | tuple | set | frozenset):  # not any Iterable: a pydantic model iterates its fields
        return [name for item in section for name in _listed(item)]
    return []


def jobs_for(client: str, params: Any, playbook: str | None = None) -> list[Job]:
    """The reports a client gets: QBR always; onboarding; a launch plan per product in the params'
    ``launches`` section; a seasonal plan per event listed in its ``seasonal.events`` — each only
    when that playbook's notebook exists. ``playbook`` keeps one playbook only."""
    jobs = [Job("qbr", client)]
    if _has_notebook("onboarding"):
        jobs.append(Job("onboarding", client))
    if _has_notebook("launch"):
        jobs += [Job("launch", client, (("product", p),)) for p in _listed(getattr(params, "launches", None))]
    if _has_notebook("seasonal"):
        events = getattr(getattr(params, "seasonal", None), "events", None)
        jobs += [Job("seasonal", client, (("event", e),)) for e in _listed(events)]
    return [j for j in jobs if playbook in (None, j.playbook)]


def _has_notebook(playbook: str) -> bool:
    return paths.notebook_path(playbook).is_file()


def _limit_threads() -> None:
    for name, value in THREAD_ENV.items():
        os.environ.setdefault(name, value)


def check(job: Job, root: Path, *, period: str | None = None, force: bool = False) -> Outcome | None:
    """The cheap pass: an ``up-to-date`` or ``failed`` Outcome, or None when the job must run."""
    from helpers.run.runner import run_playbook

    started = time.perf_counter()
    try:
        result = run_playbook(job.playbook, job.client, period=period, extra=dict(job.extra), root=root,
                              force=force, log=_quiet, check_only=True)
    except ShelfbookError as error:
        return Outcome(job, "failed", time.perf_counter() - started, _one_line(error))
    if result.status == "up-to-date":
        return Outcome(job, "up-to-date", time.perf_counter() - started, outputs=[str(p) for p in result.outputs])
    return None


def execute_job(job: Job, root: Path, force: bool = False, period: str | None = None) -> Outcome:
    """Build one report (in a worker). Never raises: a failure is an Outcome with its reason."""
    from helpers.run.runner import run_playbook

    _limit_threads()
    started = time.perf_counter()
    try:
        result = run_playbook(job.playbook, job.client, period=period, extra=dict(job.extra), root=root,
                              force=force, log=_quiet)
    except ShelfbookError as error:
        return Outcome(job, "failed", time.perf_counter() - started, _one_line(error))
    except Exception as error:  # a Shelfbook bug in one client must not stop the others
        return Outcome(job, "failed", time.perf_counter() - started, f"bug: {type(error).__name__}: {_one_line(error)}")
    return Outcome(job, result.status, time.perf_counter() - started, pages=result.pages,
                   outputs=[str(p) for p in result.outputs])


def _quiet(_message: str) -> None:
    return None


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


# -- run ------------------------------------------------------------------------------------------
JobFn = Callable[..., Outcome]


class _Progress:
    """tqdm bar over the stale jobs: done / running / failed and the time left."""

    def __init__(self, total: int, enabled: bool) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="report", file=sys.stderr, disable=not enabled or total == 0,
                        dynamic_ncols=True, desc="reports")
        self.running = self.failed = 0

    def update(self, *, running: int, finished: Outcome | None = None) -> None:
        self.running = running
        if finished is not None:
            self.failed += finished.status == "failed"
            self.bar.update(1)
        self.bar.set_postfix_str(f"running {self.running}, failed {self.failed}", refresh=True)

    def close(self) -> None:
        self.bar.close()


def run_jobs(
    jobs: list[Job],
    *,
    root: Path,
    force: bool = False,
    period: str | None = None,
    workers: int = DEFAULT_WORKERS,
    scheduler: str | None = None,
    job_fn: JobFn = execute_job,
    progress: bool = False,
) -> list[Outcome]:
    """Run ``jobs`` in parallel; one Outcome per job, in the jobs' order, whatever happened."""
    if not jobs:
        return []
    bar = _Progress(len(jobs), progress)
    try:
        if scheduler:
            done = _run_on_dask(jobs, scheduler, workers, root, force, period, job_fn, bar)
        else:
            done = _run_on_processes(jobs, workers, root, force, period, job_fn, bar)
    finally:
        bar.close()
    return [done[job] for job in jobs]


def _run_on_processes(jobs, workers, root, force, period, job_fn, bar) -> dict[Job, Outcome]:
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    _limit_threads()
    done: dict[Job, Outcome] = {}
    started: dict[Job, float] = {}
    # spawn, not fork: the parent may hold threads (tqdm) and a fork would copy their locks
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {}
        for job in jobs:
            futures[pool.submit(job_fn, job, root, force, period)] = job
            started[job] = time.perf_counter()
        pending = set(futures)
        bar.update(running=min(workers, len(pending)))
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                job = futures[future]
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    outcome = Outcome(job, "failed", time.perf_counter() - started[job],
                                      "worker process died (killed or out of memory); the job did not finish")
                except Exception as error:
                    outcome = Outcome(job, "failed", time.perf_counter() - started[job],
                                      f"bug: {type(error).__name__}: {_one_line(error)}")
                done[job] = outcome
                bar.update(running=min(workers, len(pending)), finished=outcome)
    return done


def _run_on_dask(jobs, scheduler, workers, root, force, period, job_fn, bar) -> dict[Job, Outcome]:
    import logging
    import uuid

    import dask
    from distributed import Client, LocalCluster, as_completed

    done: dict[Job, Outcome] = {}
    config = {"distributed.scheduler.allowed-failures": ALLOWED_WORKER_DEATHS}
    # One job per local worker at a time (a 'slot' resource): a worker that dies then charges a
    # failure to the one job it was running, never to a neighbour queued behind it, and jobs spread
    # over every worker. Remote workers need no such resource (start them with --resources slot=1
    # for the same guarantee).
    slot: dict[str, float] | None = None
    with dask.config.set(config):
        cluster = None
        if scheduler == "local":
            slot = {"slot": 1}
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR,
                                   env=dict(THREAD_ENV), resources=slot)
        try:
            with _connect(Client, cluster if cluster is not None else scheduler) as client:
                if cluster is not None:  # start on every local worker, not on whichever came up first
                    client.wait_for_workers(n_workers=workers, timeout=120)
                run_id = uuid.uuid4().hex[:8]
                futures = {
                    client.submit(job_fn, job, root, force, period, key=f"{job.label}-{run_id}", pure=False,
                                  resources=slot): job
                    for job in jobs
                }
                started = time.perf_counter()
                bar.update(running=min(workers, len(futures)))
                remaining = len(futures)
                for future in as_completed(list(futures)):
                    job = futures.pop(future)
                    try:
                        outcome = future.result()
                    except Exception as error:  # KilledWorker after a retry, a lost scheduler, a bug
                        outcome = Outcome(job, "failed", time.perf_counter() - started, _dask_reason(error))
                    # A result lives in its worker's memory while a future refers to it: if that worker
                    # died later, Dask would recompute the finished job and could charge it a death.
                    future.release()
                    done[job] = outcome
                    remaining -= 1
                    bar.update(running=min(workers, remaining), finished=outcome)
        finally:
            if cluster is not None:
                cluster.close()
    return done


#: Seconds to wait for a scheduler before saying it does not answer.
SCHEDULER_TIMEOUT = 10


def _connect(client_class: Any, address: Any) -> Any:
    """A Dask client; an address that does not answer is one line (SetupError), not a traceback."""
    if isinstance(address, str) and "://" not in address:
        raise ParamsError(f"scheduler must be 'local' or an address such as tcp://host:8786; got {address[:80]!r}")
    try:
        return client_class(address, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError) as error:
        raise SetupError(
            f"scheduler {str(address)[:80]} must answer within {SCHEDULER_TIMEOUT} s; got {_one_line(error)[:120]} "
            "(start it, check the address, or leave SCHEDULER empty to run here)"
        ) from None


def _dask_reason(error: BaseException) -> str:
    if type(error).__name__ == "KilledWorker":
        return (f"worker died while running it {ALLOWED_WORKER_DEATHS + 1} times (killed or out of memory); "
                "not retried further")
    return f"{type(error).__name__}: {_one_line(error)}"


# -- the whole portfolio --------------------------------------------------------------------------
def run_portfolio(
    *,
    root: str | Path | None = None,
    clients: list[str] | None = None,
    playbook: str | None = None,
    period: str | None = None,
    force: bool = False,
    workers: int = DEFAULT_WORKERS,
    scheduler: str | None = None,
    job_fn: JobFn = execute_job,
    progress: bool = False,
    rollup: bool | None = None,
) -> list[Outcome]:
    """Plan, check, run the stale jobs, then the roll-up. One Outcome per job, clients in order.

    ``rollup`` builds the portfolio review after the clients (default: when ``playbook`` is None or
    ``"qbr"`` and every client is included).
    """
    from helpers.params import load_params

    root_path = paths.project_root(root)
    names = clients if clients else discover_clients(root_path)
    outcomes: dict[Job, Outcome] = {}
    jobs: list[Job] = []
    for client in names:
        try:
            paths.check_slug(client)
            params = load_params(client, root_path)
        except ShelfbookError as error:
            job = Job(playbook or "qbr", client)
            jobs.append(job)
            outcomes[job] = Outcome(job, "failed", 0.0, _one_line(error))
            continue
        for job in jobs_for(client, params, playbook):
            jobs.append(job)
            if (known := check(job, root_path, period=period, force=force)) is not None:
                outcomes[job] = known
    stale = [j for j in jobs if j not in outcomes]
    for job, outcome in zip(stale, run_jobs(stale, root=root_path, force=force, period=period, workers=workers,
                                            scheduler=scheduler, job_fn=job_fn, progress=progress), strict=True):
        outcomes[job] = outcome
    results = [outcomes[j] for j in jobs]

    if rollup is None:
        rollup = playbook in (None, "qbr")
    if rollup and names:
        job = Job("portfolio", paths.PORTFOLIO)
        outcome = check(job, root_path, period=period, force=force) or job_fn(job, root_path, force, period)
        results.append(outcome)
    return results


def summary(outcomes: list[Outcome]) -> str:
    """The run as a plain-text table: client, playbook, status, seconds, reason; then the counts."""
    rows = [("client", "playbook", "status", "seconds", "reason")]
    for o in outcomes:
        playbook = " ".join([o.job.playbook, *(f"{k}={v}" for k, v in o.job.extra)])
        rows.append((o.job.client, playbook, o.status, f"{o.seconds:.1f}", o.reason))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join([*(r[i].ljust(widths[i]) for i in range(4)), r[4]]).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  ------")
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "up-to-date", "failed")}
    lines.append(f"{counts['built']} built, {counts['up-to-date']} up to date, {counts['failed']} failed")
    return "\n".join(lines)


# -- command line ---------------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--playbook", choices=[*paths.PLAYBOOKS, "portfolio"], default=None,
                        help="only this playbook (default: every playbook each client has)")
    parser.add_argument("--clients", default="", help='client slugs, space or comma separated (default: all)')
    parser.add_argument("--period", default=None, help="quarter such as 2026-Q3 (default: each client's params)")
    parser.add_argument("--scheduler", default=None,
                        help="run on Dask: 'local' for a LocalCluster, or a scheduler address tcp://host:8786 "
                             "whose workers share this project folder (default: worker processes here)")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                        help=f"parallel jobs here or LocalCluster workers (default: {DEFAULT_WORKERS})")
    parser.add_argument("--root", default=None, help="project root holding params/ and data/ (default: this checkout)")
    parser.add_argument("--force", action="store_true", help="rebuild even when nothing changed")


def run(args: argparse.Namespace) -> int:
    clients = args.clients.replace(",", " ").split() or None
    if args.workers < 1:
        raise ShelfbookError(f"option --workers must be at least 1; got {args.workers}")
    started = time.perf_counter()
    if args.playbook == "portfolio":  # the roll-up alone, from the QBRs already built
        outcomes = _portfolio_only(args)
    else:
        outcomes = run_portfolio(root=args.root, clients=clients, playbook=args.playbook, period=args.period,
                                 force=args.force, workers=args.workers, scheduler=args.scheduler,
                                 progress=sys.stderr.isatty())
    print(summary(outcomes))
    print(f"portfolio run: {time.perf_counter() - started:.1f} s")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def _portfolio_only(args: argparse.Namespace) -> list[Outcome]:
    root = paths.project_root(args.root)
    job = Job("portfolio", paths.PORTFOLIO)
    return [check(job, root, period=args.period, force=args.force) or execute_job(job, root, args.force, args.period)]


__all__ = ["Job", "Outcome", "discover_clients", "jobs_for", "run_jobs", "run_portfolio", "summary"]
