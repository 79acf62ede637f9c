"""Real faults on real runs (issue 14 §6): a run killed with SIGKILL mid-build, and a full disk (a
small tmpfs under reports/). Each keeps the last good report byte for byte, and the next run leaves
no staging folder or kernel socket folder behind. Slow: each builds the tiny client's QBR."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from helpers.run import render

pytestmark = pytest.mark.slow

PERIOD = "2026-Q3"


def _cli(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", "run", "qbr", "--client", "tiny", "--root", str(root),
                           "--period", PERIOD, *args], capture_output=True, text=True, timeout=900, **kwargs)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _litter(root: Path) -> list[str]:
    reports = root / "reports" / "tiny"
    return sorted(p.name for p in reports.iterdir() if p.name.startswith((".staging-", ".publish-")))


@pytest.fixture
def built(tiny_root, tiny_qbr, tmp_path) -> Path:
    root = tmp_path / "root"
    for folder in ("params", "data", "reports"):
        shutil.copytree(tiny_root / folder, root / folder)
    return root


def _kernel_folders(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"{render.KERNEL_PREFIX}{pid}-*"))


def test_sigkill_mid_run_keeps_the_report_and_the_next_run_cleans_up(built):
    folder = built / "reports" / "tiny" / PERIOD
    good = _snapshot(folder)
    run = subprocess.Popen([sys.executable, "-m", "helpers", "run", "qbr", "--client", "tiny", "--root", str(built),
                            "--period", PERIOD, "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not _kernel_folders(run.pid) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.2)
    assert _kernel_folders(run.pid), "the run started a kernel"
    time.sleep(2)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert _snapshot(folder) == good
    assert _litter(built), "a killed run leaves its staging folder (the next run removes it)"
    time.sleep(3)  # the orphaned kernel notices its parent is gone and exits

    again = _cli(built)  # the next run tidies first, then builds
    assert again.returncode == 0, again.stderr
    assert _litter(built) == []
    assert _kernel_folders(run.pid) == []
    assert sorted(_snapshot(folder)) == sorted(good), "one whole report"


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="mounting a tmpfs needs root")
def test_full_disk_is_one_line_and_keeps_the_report(built, tmp_path):
    reports = built / "reports"
    held = tmp_path / "held"
    shutil.move(reports, held)
    reports.mkdir()
    # room for what is there (the reports and the parse cache), a staged report beside the old one
    # while it is published, and a margin: the run fails only because of the ballast below
    size_kb = (_bytes(held) + 3 * _bytes(held / "tiny" / PERIOD)) // 1024 + 4096
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(reports)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        shutil.copytree(held, reports, dirs_exist_ok=True)
        folder = reports / "tiny" / PERIOD
        good = _snapshot(folder)
        ballast = reports / f"ballast-{uuid.uuid4().hex}"
        free = shutil.disk_usage(reports).free
        with ballast.open("wb") as handle:  # leave 200 kB: enough to start, not to write a report
            handle.write(b"\0" * max(0, free - 200_000))

        full = _cli(built, "--force")
        errors = [line for line in full.stderr.splitlines() if not line.startswith((">> ", "[IPKernelApp]"))]
        assert full.returncode == 2, full.stderr
        assert len(errors) == 1 and "last good report was kept" in errors[0], full.stderr
        assert "Traceback" not in full.stderr
        assert _snapshot(folder) == good
        assert _litter(built) == []

        ballast.unlink()
        fine = _cli(built, "--force")
        assert fine.returncode == 0, fine.stderr
        assert _litter(built) == []
        assert sorted(_snapshot(folder)) == sorted(good)
    finally:
        subprocess.run(["umount", str(reports)], check=False)
