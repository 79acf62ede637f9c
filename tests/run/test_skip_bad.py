"""An export that cannot be read stops the run with one line naming it; ``--skip-bad`` builds the
report without it and names it in the operator notes (never in the client copy)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.notebook


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True, cwd=PROJECT,
                          timeout=900)


@pytest.fixture(scope="module")
def damaged_root(tiny_root, tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("damaged")
    shutil.copytree(tiny_root / "params", root / "params")
    shutil.copytree(tiny_root / "data", root / "data")
    victim = next(p for p in sorted((root / "data" / "tiny").glob("*.xlsx")))
    victim.write_bytes(victim.read_bytes()[:2000])  # a download cut short: a damaged zip
    return root, victim.name


def test_a_damaged_export_stops_the_run_with_one_line(damaged_root):
    root, name = damaged_root
    done = cli("run", "qbr", "--client", "tiny", "--root", str(root))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if not line.startswith(">>")]
    assert len(errors) == 1 and name in errors[0]
    assert not list((root / "reports" / "tiny").glob("*/qbr.pdf"))


def test_skip_bad_builds_without_it_and_names_it_for_the_operator_only(damaged_root):
    root, name = damaged_root
    done = cli("run", "qbr", "--client", "tiny", "--root", str(root), "--skip-bad")
    assert done.returncode == 0, done.stderr
    (folder,) = [p.parent for p in (root / "reports" / "tiny").glob("*/qbr.pdf")]
    assert name in (folder / "notes.md").read_text(encoding="utf-8")
    assert name in done.stderr  # printed for the operator too
    pdf_text = subprocess.run(["pdftotext", str(folder / "qbr.pdf"), "-"], capture_output=True, text=True).stdout
    assert name not in pdf_text and name not in (folder / "qbr.html").read_text(encoding="utf-8")
