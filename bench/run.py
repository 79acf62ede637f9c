"""Run every benchmark in this folder (``bench/bench_*.py``) and print what each measured.

Each benchmark module has a ``main() -> int`` that prints its own figures (times, peak memory,
ratios against its targets). Benchmarks are measurements, never pass/fail tests: ``make test`` does
not run them. ``python bench/run.py NAME`` runs only ``bench_NAME.py``.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
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
        status |= int(module.main() or 0)
        print(f"== {name}: {time.perf_counter() - started:.1f} s ==\n", flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
