"""End to end: `make qbr CLIENT=acme` as a user runs it; the PDF read back as text, the HTML opened
in headless Chromium (Debian's package)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
REPORT = PROJECT / "reports" / "acme" / "2026-Q3"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built():
    done = subprocess.run(["make", "-s", "qbr", "CLIENT=acme", "FORCE=1"], cwd=PROJECT, capture_output=True,
                          text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_make_qbr_writes_html_and_pdf(built):
    assert (REPORT / "qbr.html").stat().st_size > 50_000
    assert (REPORT / "qbr.pdf").stat().st_size > 50_000
    assert "wrote" in built.stdout and "pages" in built.stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_reads_like_a_client_report(built):
    text = subprocess.run(["pdftotext", "-layout", str(REPORT / "qbr.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    for expected in ("Quarterly Business Review", "Acme Trail Co.", "Northwind Commerce", "2026-Q3",
                     "Executive summary", "KPI scorecard", "Recommendations", "Definitions", "Page 2 of"):
        assert expected in text, expected
    assert not re.search(r"\b(nan|NaN|inf|None)\b", text)
    assert "Traceback" not in text and "import helpers" not in text and "qbr.prepare" not in text


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_html_renders_in_headless_chromium(built, tmp_path):
    shot = tmp_path / "page.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0"]
    url = (REPORT / "qbr.html").as_uri()
    dom = subprocess.run(["chromium", *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Executive summary" in dom.stdout and "Acme Trail Co." in dom.stdout
    assert "Uncaught" not in dom.stderr and "CONSOLE" not in dom.stderr
    done = subprocess.run(["chromium", *flags, f"--screenshot={shot}", "--window-size=1200,1600", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and shot.stat().st_size > 20_000
