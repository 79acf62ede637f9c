"""Portfolio run: N tiny-profile clients × QBR, sequential (1 worker) vs parallel (2 workers), and
the no-op rebuild when nothing changed (target: seconds, no kernel started).

Targets: parallel throughput >= 1.7× sequential on this 2-core machine; no-op run in seconds.
Clients are copies of the demo ``tiny`` client in a temporary root, so the run takes minutes.
``BENCH_PORTFOLIO_CLIENTS`` (default 20) sets N.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.demo import write_tiny_project  # noqa: E402
from helpers.run import batch as portfolio  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_PORTFOLIO_CLIENTS", "20"))
TARGET_SPEEDUP = 1.7


def _root(base: Path, name: str, template: Path) -> Path:
    root = base / name
    (root / "params").mkdir(parents=True)
    text = (template / "params" / "tiny.yaml").read_text(encoding="utf-8")
    for i in range(CLIENTS):
        client = f"client-{i:02d}"
        (root / "params" / f"{client}.yaml").write_text(text, encoding="utf-8")
        shutil.copytree(template / "data" / "tiny", root / "data" / client)
    return root


def _timed(root: Path, workers: int) -> tuple[float, list[portfolio.Outcome]]:
    started = time.perf_counter()
    outcomes = portfolio.run_portfolio(root=root, workers=workers, playbook="qbr", rollup=False)
    return time.perf_counter() - started, outcomes


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-portfolio-") as tmp:
        base = Path(tmp)
        template = write_tiny_project(base / "template")
        sequential_root = _root(base, "sequential", template)
        parallel_root = _root(base, "parallel", template)

        seq, seq_out = _timed(sequential_root, 1)
        par, par_out = _timed(parallel_root, 2)
        noop, noop_out = _timed(parallel_root, 2)

        failed = [o for o in seq_out + par_out if o.status != "built"]
        rebuilt = [o for o in noop_out if o.status != "up-to-date"]
        speedup = seq / par
        print(f"{CLIENTS} clients × QBR, sequential (1 worker): {seq:6.1f} s  ({seq / CLIENTS:.1f} s per report)")
        print(f"{CLIENTS} clients × QBR, parallel (2 workers):   {par:6.1f} s  ({par / CLIENTS:.1f} s per report)")
        print(f"speed-up: {speedup:.2f}×  (target >= {TARGET_SPEEDUP}×: {'met' if speedup >= TARGET_SPEEDUP else 'NOT met'})")
        print(f"no-op rebuild, nothing changed: {noop:.2f} s, {len(rebuilt)} rebuilt "
              f"({'no kernel started' if not rebuilt else 'helpers/ changed meanwhile?'})")
        if failed:
            print(f"{len(failed)} reports did not build: {failed[0].reason}")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
