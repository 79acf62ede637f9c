"""Run every benchmark in this folder (``bench/bench_*.py``) and print what each measured.

A benchmark module has ``goals(repeat) -> list[Goal]`` (measured figures against their targets, see
``_measure.py``) or a ``main() -> int`` that prints its own. The goals of every module end in one
table: goal, target, measured, met / missed. Benchmarks are measurements, never pass/fail tests:
``make test`` does not run them. ``python bench/run.py NAME`` runs only ``bench_NAME.py``;
``REPEAT=n`` sets the runs per measurement (default 3).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _measure as M  # noqa: E402


def main(argv: list[str]) -> int:
    wanted = set(argv)
    repeat = max(1, int(os.environ.get("REPEAT", "3")))
    goals: list[M.Goal] = []
    status = 0
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"== {name} ==", flush=True)
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        started = time.perf_counter()
        if hasattr(module, "goals"):
            goals += module.goals(repeat)
        else:
            status |= int(module.main() or 0)
        print(f"== {name}: {time.perf_counter() - started:.1f} s ==\n", flush=True)
    if goals:
        print(M.table(goals))
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
