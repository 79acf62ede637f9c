"""How the benchmarks measure: whole processes, side by side, medians; peaks of the whole process tree.

* A timing is the wall time of a whole process (interpreter start and imports included), as a user
  waits for it. Two commands compared by a ratio run alternately (a, b, a, b, ...), so a machine that
  drifts slows both alike, and the median of each counts.
* A peak is the largest resident memory the process tree held at once, sampled from ``/proc`` every
  20 ms (a notebook run is two processes: the runner and its kernel). ``ru_maxrss`` is not used:
  a child inherits its parent's high-water mark.
* Every goal ends as one row: goal, target, measured, met / missed (:func:`table`).
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from ``/proc/<pid>/task/*/children``)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        with contextlib.suppress(OSError):  # the process (or a thread) may end while it is read
            for task in Path(f"/proc/{p}/task").glob("*"):
                with contextlib.suppress(OSError):
                    todo.extend(int(c) for c in (task / "children").read_text().split())
    return out


def _rss_mb(pids: Sequence[int]) -> float:
    total = 0
    for p in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1])
    return total * PAGE_KB / 1024


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    stdout: str


def run(cmd: Sequence[str], *, cwd: str | Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to the end: wall seconds, peak MB of its process tree, its stdout. Fails loudly."""
    peak = [0.0]
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_mb(_tree(proc.pid)))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-2000:]}")
    return Run(seconds, peak[0], out)


def alternate(commands: dict[str, Sequence[str]], repeat: int, **kwargs) -> dict[str, list[Run]]:
    """Run each command ``repeat`` times, interleaved (a, b, a, b ...)."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, cmd in commands.items():
            runs[name].append(run(cmd, **kwargs))
    return runs


def median(runs: Sequence[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def spread(runs: Sequence[Run]) -> str:
    secs = sorted(r.seconds for r in runs)
    return f"[{secs[0]:.2f}-{secs[-1]:.2f}]" if len(secs) > 1 else ""


@dataclass(frozen=True)
class Goal:
    goal: str
    target: str
    measured: str
    met: bool | None  # None: not measured

    @property
    def verdict(self) -> str:
        return "-" if self.met is None else ("met" if self.met else "MISSED")


def table(goals: Sequence[Goal]) -> str:
    """The goals as one aligned text table."""
    rows = [("goal", "target", "measured", "")] + [(g.goal, g.target, g.measured, g.verdict) for g in goals]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
